import { verifyRequestChecksums } from "../../checksums.ts";
import { emptyResponse } from "../../codec.ts";
import { s3Errors } from "../../errors.ts";
import type { S3Handlers } from "../../handler.ts";
import { type NotificationTargets, sourceOf } from "../../notification-targets.ts";
import { configXml, readConfigXml, storedXmlResponse } from "./config-xml.ts";
import { NOTIFICATION_ROOT, type NotificationXml, notificationSchema } from "./notification-configuration.ts";
import { deleteConfig, generatedId, putConfig, storedBody } from "./stored-config.ts";

/** The event types S3 can notify about (the model's Event enum). */
const EVENTS = new Set([
  "s3:ReducedRedundancyLostObject",
  "s3:ObjectCreated:*",
  "s3:ObjectCreated:Put",
  "s3:ObjectCreated:Post",
  "s3:ObjectCreated:Copy",
  "s3:ObjectCreated:CompleteMultipartUpload",
  "s3:ObjectRemoved:*",
  "s3:ObjectRemoved:Delete",
  "s3:ObjectRemoved:DeleteMarkerCreated",
  "s3:ObjectRestore:*",
  "s3:ObjectRestore:Post",
  "s3:ObjectRestore:Completed",
  "s3:ObjectRestore:Delete",
  "s3:Replication:*",
  "s3:Replication:OperationFailedReplication",
  "s3:Replication:OperationNotTracked",
  "s3:Replication:OperationMissedThreshold",
  "s3:Replication:OperationReplicatedAfterThreshold",
  "s3:LifecycleTransition",
  "s3:IntelligentTiering",
  "s3:ObjectAcl:Put",
  "s3:LifecycleExpiration:*",
  "s3:LifecycleExpiration:Delete",
  "s3:LifecycleExpiration:DeleteMarkerCreated",
  "s3:ObjectTagging:*",
  "s3:ObjectTagging:Put",
  "s3:ObjectTagging:Delete",
]);

interface TargetXml {
  Id?: string | undefined;
  Event: string[];
  Filter?:
    | { S3Key?: { FilterRule?: Array<{ Name: string; Value: string }> | undefined } | undefined }
    | undefined;
}

/** Validates one destination and fills in what S3 fills in: a generated Id and capitalised rule names. */
function normalizeTarget(config: TargetXml, arn: string, service: string, arnField: string): void {
  if (!new RegExp(`^arn:[a-z-]+:${service}:`).test(arn)) {
    throw s3Errors.invalidArgument("The ARN could not be parsed", arnField, arn);
  }
  for (const event of config.Event) {
    if (!EVENTS.has(event)) {
      throw s3Errors.invalidArgument("The event is not supported for notifications", "Event", event);
    }
  }
  const seen = new Set<string>();
  for (const rule of config.Filter?.S3Key?.FilterRule ?? []) {
    const name = rule.Name.toLowerCase();
    if (name !== "prefix" && name !== "suffix") {
      throw s3Errors.invalidArgument(
        "filter rule name must be either prefix or suffix",
        "FilterRule.Name",
        rule.Name,
      );
    }
    if (seen.has(name)) {
      throw s3Errors.invalidArgument(
        `Cannot specify more than one ${name} rule in a filter.`,
        "FilterRule.Name",
        rule.Name,
      );
    }
    seen.add(name);
    rule.Name = name === "prefix" ? "Prefix" : "Suffix";
  }
  config.Id ??= generatedId();
}

function normalize(xml: NotificationXml): NotificationXml {
  for (const c of xml.TopicConfiguration ?? []) normalizeTarget(c, c.Topic, "sns", "TopicArn");
  for (const c of xml.QueueConfiguration ?? []) normalizeTarget(c, c.Queue, "sqs", "Queue");
  for (const c of xml.CloudFunctionConfiguration ?? []) {
    normalizeTarget(c, c.CloudFunction, "lambda", "CloudFunction");
  }
  // Parsing again puts generated Ids in their place in the element order.
  return notificationSchema.parse(xml);
}

/**
 * S3 checks that each Lambda function exists and that its resource policy lets S3 invoke
 * it for this bucket; a missing function and a missing permission read the same. Every
 * failed destination is listed as ArgumentName<n> ("<arn>, null") and ArgumentValue<n>.
 */
function validateDestinations(
  xml: NotificationXml,
  bucket: string,
  accountId: string,
  targets: NotificationTargets,
) {
  const source = sourceOf(bucket, accountId);
  const failed = new Set<string>();
  for (const c of xml.CloudFunctionConfiguration ?? []) {
    if (!targets.lambda?.mayInvoke(c.CloudFunction, source)) failed.add(c.CloudFunction);
  }
  if (failed.size === 0) return;
  throw s3Errors.unableToValidateDestinations(
    [...failed].map((arn) => ({ name: `${arn}, null`, value: `Not authorized to invoke function [${arn}]` })),
  );
}

export const notificationOperations: S3Handlers = {
  /**
   * Replaces the whole configuration; an empty one turns notifications off. Lambda
   * destinations are checked unless x-amz-skip-destination-validation is true. S3 sends
   * its s3:TestEvent only to SNS and SQS destinations: for Lambda it checks the
   * permission and invokes nothing.
   */
  async PutBucketNotificationConfiguration({ state, req, bucket, notifications }) {
    const b = state.bucket(bucket);
    await verifyRequestChecksums(req, req.body);
    const xml = normalize(readConfigXml(req.body, NOTIFICATION_ROOT, notificationSchema));
    if (req.headers["x-amz-skip-destination-validation"]?.trim().toLowerCase() !== "true") {
      validateDestinations(xml, b.name, b.accountId, notifications);
    }
    const empty =
      !xml.TopicConfiguration?.length &&
      !xml.QueueConfiguration?.length &&
      !xml.CloudFunctionConfiguration?.length &&
      xml.EventBridgeConfiguration === undefined;
    if (empty) deleteConfig(state, b, "notification");
    else putConfig(state, b, "notification", { body: configXml(NOTIFICATION_ROOT, xml) });
    return emptyResponse(200);
  },

  GetBucketNotificationConfiguration({ state, bucket }) {
    const body = storedBody(state.bucket(bucket), "notification");
    return storedXmlResponse(body ?? configXml(NOTIFICATION_ROOT, {}));
  },
};
