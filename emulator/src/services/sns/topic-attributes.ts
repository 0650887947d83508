import { effectiveTopicDeliveryPolicy, parseTopicDeliveryPolicy } from "./delivery-policy.ts";
import { invalidParam, invalidParameter } from "./errors.ts";
import type { SubscriptionRecord, TopicRecord } from "./model.ts";
import { defaultTopicPolicy } from "./topic-policy.ts";

/** Topic attributes: which can be set, their checks, and what GetTopicAttributes reports. */

const FEEDBACK = ["Application", "Firehose", "HTTP", "Lambda", "SQS"].flatMap((p) => [
  `${p}SuccessFeedbackRoleArn`,
  `${p}SuccessFeedbackSampleRate`,
  `${p}FailureFeedbackRoleArn`,
]);

/** What SetTopicAttributes takes. FifoTopic is fixed at creation. */
const SETTABLE = new Set([
  "DeliveryPolicy",
  "DisplayName",
  "Policy",
  "KmsMasterKeyId",
  "SignatureVersion",
  "TracingConfig",
  "ContentBasedDeduplication",
  "ArchivePolicy",
  "FifoThroughputScope",
  ...FEEDBACK,
]);
const FIFO_ONLY = new Set(["ContentBasedDeduplication", "ArchivePolicy", "FifoThroughputScope"]);
/** Setting these to "" removes them, as on AWS. */
const REMOVABLE = new Set(["DeliveryPolicy", "KmsMasterKeyId", "ArchivePolicy", ...FEEDBACK]);

export function isFifo(topic: TopicRecord): boolean {
  return topic.attributes.FifoTopic === "true";
}

/**
 * Checks one attribute for a topic and returns the value to keep (undefined: remove it).
 * Errors read "Invalid parameter: <what>", as SNS words them for SetTopicAttributes.
 */
export function checkTopicAttribute(name: string, value: string, fifo: boolean): string | undefined {
  if (!SETTABLE.has(name)) throw invalidParam("AttributeName");
  if (FIFO_ONLY.has(name) && !fifo) {
    throw invalidParam(name, `${name} can only be set for FIFO topics`);
  }
  if (value === "" && REMOVABLE.has(name)) return undefined;
  switch (name) {
    case "Policy":
      return checkPolicy(value);
    case "DeliveryPolicy":
      parseTopicDeliveryPolicy(value);
      return value;
    case "DisplayName":
      if (value.length > 100) throw invalidParam("DisplayName", "must be at most 100 characters");
      return value;
    case "SignatureVersion":
      if (value !== "1" && value !== "2")
        throw invalidParam("SignatureVersion", `${value} is not a valid signature version`);
      return value;
    case "TracingConfig":
      if (value !== "PassThrough" && value !== "Active")
        throw invalidParam("TracingConfig", `${value} is not a valid tracing mode`);
      return value;
    case "ContentBasedDeduplication":
      return checkBoolean(name, value);
    case "FifoThroughputScope":
      if (value !== "Topic" && value !== "MessageGroup")
        throw invalidParam("FifoThroughputScope", `${value} is not valid`);
      return value;
    case "ArchivePolicy":
      return checkArchivePolicy(value);
    default:
      if (name.endsWith("SampleRate") && !(/^\d+$/.test(value) && Number(value) <= 100)) {
        throw invalidParam(name, "must be an integer from 0 to 100");
      }
      return value;
  }
}

function checkBoolean(name: string, value: string): string {
  const v = value.toLowerCase();
  if (v !== "true" && v !== "false")
    throw invalidParam(name, `Invalid value [${value}]. Must be true or false.`);
  return v;
}

function checkPolicy(value: string): string {
  let doc: unknown;
  try {
    doc = JSON.parse(value);
  } catch (err) {
    throw invalidParameter(`Invalid parameter: Policy Error: ${(err as Error).message}`);
  }
  if (doc === null || typeof doc !== "object" || Array.isArray(doc)) {
    throw invalidParameter("Invalid parameter: Policy Error: the policy must be a JSON object");
  }
  if ((doc as { Statement?: unknown }).Statement === undefined) {
    throw invalidParameter("Invalid parameter: Policy Error: null");
  }
  return value;
}

function checkArchivePolicy(value: string): string {
  let doc: unknown;
  try {
    doc = JSON.parse(value);
  } catch (err) {
    throw invalidParameter(
      `Invalid parameter: ArchivePolicy: failed to parse JSON. ${(err as Error).message}`,
    );
  }
  const days = (doc as { MessageRetentionPeriod?: unknown } | null)?.MessageRetentionPeriod;
  if (!(Number.isInteger(Number(days)) && Number(days) >= 1 && Number(days) <= 365)) {
    throw invalidParameter(
      "Invalid parameter: ArchivePolicy: MessageRetentionPeriod must be from 1 to 365 days",
    );
  }
  return value;
}

/** Attributes CreateTopic takes: the settable ones plus FifoTopic. */
export function checkCreateAttributes(
  attributes: Record<string, string>,
  fifo: boolean,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(attributes)) {
    if (name === "FifoTopic") {
      out.FifoTopic = checkBoolean(name, value);
      continue;
    }
    if (name === "ArchivePolicy" && fifo) out.BeginningArchiveTime = new Date().toISOString();
    const kept = checkTopicAttribute(name, value, fifo);
    if (kept !== undefined) out[name] = kept;
  }
  if (out.FifoTopic === "false") delete out.FifoTopic;
  return out;
}

/** GetTopicAttributes: the stored attributes plus those SNS computes. */
export function topicAttributesView(
  topic: TopicRecord,
  subscriptions: SubscriptionRecord[],
): Record<string, string> {
  const confirmed = subscriptions.filter((s) => !s.pendingConfirmation).length;
  const a = topic.attributes;
  const out: Record<string, string> = {
    Policy: a.Policy ?? defaultTopicPolicy(topic.arn, topic.accountId),
    Owner: topic.accountId,
    SubscriptionsPending: String(subscriptions.length - confirmed),
    TopicArn: topic.arn,
    EffectiveDeliveryPolicy: effectiveTopicDeliveryPolicy(a.DeliveryPolicy),
    SubscriptionsConfirmed: String(confirmed),
    DisplayName: a.DisplayName ?? "",
    SubscriptionsDeleted: String(topic.subscriptionsDeleted),
  };
  if (isFifo(topic)) {
    out.FifoTopic = "true";
    out.ContentBasedDeduplication = a.ContentBasedDeduplication ?? "false";
  }
  for (const [name, value] of Object.entries(a)) {
    if (!(name in out) && name !== "FifoTopic") out[name] = value;
  }
  return out;
}
