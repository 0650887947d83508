import type { z } from "zod";
import type { BucketRecord } from "../../model.ts";
import { readConfigXml, xmlList, xmlStruct, xmlText } from "./config-xml.ts";

/**
 * A bucket's event notification configuration, in S3's XML and in the typed form that
 * delivery to Lambda, SNS, SQS and EventBridge works from.
 */

export const NOTIFICATION_ROOT = "NotificationConfiguration";

const filterSchema = xmlStruct({
  S3Key: xmlStruct({
    FilterRule: xmlList(xmlStruct({ Name: xmlText, Value: xmlText })).optional(),
  }).optional(),
});

/** Members in the order of S3's model; Lambda configurations are <CloudFunctionConfiguration> on the wire. */
export const notificationSchema = xmlStruct({
  TopicConfiguration: xmlList(
    xmlStruct({
      Id: xmlText.optional(),
      Topic: xmlText,
      Event: xmlList(xmlText),
      Filter: filterSchema.optional(),
    }),
  ).optional(),
  QueueConfiguration: xmlList(
    xmlStruct({
      Id: xmlText.optional(),
      Queue: xmlText,
      Event: xmlList(xmlText),
      Filter: filterSchema.optional(),
    }),
  ).optional(),
  CloudFunctionConfiguration: xmlList(
    xmlStruct({
      Id: xmlText.optional(),
      CloudFunction: xmlText,
      Event: xmlList(xmlText),
      Filter: filterSchema.optional(),
    }),
  ).optional(),
  EventBridgeConfiguration: xmlStruct({}).optional(),
});

export type NotificationXml = z.output<typeof notificationSchema>;

export interface NotificationFilterRule {
  name: "Prefix" | "Suffix";
  value: string;
}

/** One destination: which events, for which keys, go where. */
export interface NotificationTarget {
  id: string;
  /** The SNS topic, SQS queue or Lambda function ARN. */
  arn: string;
  /** As configured, e.g. "s3:ObjectCreated:*". */
  events: string[];
  filterRules: NotificationFilterRule[];
}

export interface BucketNotificationConfiguration {
  topics: NotificationTarget[];
  queues: NotificationTarget[];
  lambdaFunctions: NotificationTarget[];
  /** Whether every event also goes to EventBridge. */
  eventBridge: boolean;
}

type FilterXml = z.output<typeof filterSchema>;

function target(id: string | undefined, arn: string, events: string[], filter: FilterXml | undefined) {
  const rules = filter?.S3Key?.FilterRule ?? [];
  return {
    id: id ?? "",
    arn,
    events,
    filterRules: rules.map((r) => ({
      name: r.Name.toLowerCase() === "suffix" ? ("Suffix" as const) : ("Prefix" as const),
      value: r.Value,
    })),
  };
}

export function typedNotificationConfiguration(xml: NotificationXml): BucketNotificationConfiguration {
  return {
    topics: (xml.TopicConfiguration ?? []).map((c) => target(c.Id, c.Topic, c.Event, c.Filter)),
    queues: (xml.QueueConfiguration ?? []).map((c) => target(c.Id, c.Queue, c.Event, c.Filter)),
    lambdaFunctions: (xml.CloudFunctionConfiguration ?? []).map((c) =>
      target(c.Id, c.CloudFunction, c.Event, c.Filter),
    ),
    eventBridge: xml.EventBridgeConfiguration !== undefined,
  };
}

/** The bucket's notification configuration; empty when none was put. */
export function notificationConfigurationOf(bucket: BucketRecord): BucketNotificationConfiguration {
  const body = bucket.config.notification?.body;
  const xml = body ? readConfigXml(body, NOTIFICATION_ROOT, notificationSchema) : {};
  return typedNotificationConfiguration(xml);
}

/** Whether a configured event type ("s3:ObjectCreated:*") covers an event ("ObjectCreated:Put"). */
export function eventMatches(configured: string, eventName: string): boolean {
  const name = configured.startsWith("s3:") ? configured.slice(3) : configured;
  return name.endsWith(":*") ? eventName.startsWith(name.slice(0, -1)) : name === eventName;
}

/** Whether a key passes a target's prefix and suffix rules. */
export function keyMatches(target: NotificationTarget, key: string): boolean {
  return target.filterRules.every((r) =>
    r.name === "Prefix" ? key.startsWith(r.value) : key.endsWith(r.value),
  );
}

/** The targets an event on `key` is delivered to. */
export function targetsFor(
  config: BucketNotificationConfiguration,
  eventName: string,
  key: string,
): Array<{ kind: "topic" | "queue" | "lambda"; target: NotificationTarget }> {
  const pick = (kind: "topic" | "queue" | "lambda", targets: NotificationTarget[]) =>
    targets
      .filter((t) => t.events.some((e) => eventMatches(e, eventName)) && keyMatches(t, key))
      .map((t) => ({ kind, target: t }));
  return [
    ...pick("topic", config.topics),
    ...pick("queue", config.queues),
    ...pick("lambda", config.lambdaFunctions),
  ];
}
