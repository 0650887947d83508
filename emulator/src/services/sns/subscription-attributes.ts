import {
  effectiveSubscriptionDeliveryPolicy,
  parseSubscriptionDeliveryPolicy,
  subscriptionDeliveryPolicyView,
} from "./delivery-policy.ts";
import { FilterPolicyError, type FilterScope, parseFilterPolicy } from "./filter/validate.ts";
import type { Protocol, SubscriptionRecord, TopicRecord } from "./model.ts";

/** Subscription attributes: which can be set, their checks, and what GetSubscriptionAttributes reports. */

export const SUBSCRIPTION_SETTABLE = new Set([
  "DeliveryPolicy",
  "FilterPolicy",
  "FilterPolicyScope",
  "RawMessageDelivery",
  "RedrivePolicy",
  "SubscriptionRoleArn",
  "ReplayPolicy",
]);

const RAW_PROTOCOLS = new Set<Protocol>(["http", "https", "sqs", "firehose"]);

/**
 * A rejected attribute. `reason` is what follows "Invalid parameter: " in SetSubscriptionAttributes'
 * message, and "Invalid parameter: Attributes Reason: " in Subscribe's.
 */
export class AttributeProblem extends Error {}

/**
 * Checks one attribute against the subscription's others and returns the attributes to keep.
 * An empty value removes FilterPolicy, DeliveryPolicy, RedrivePolicy and ReplayPolicy; a
 * FilterPolicy of {} removes it too (AWS's documented way to drop a filter).
 */
export function applySubscriptionAttribute(
  current: Record<string, string>,
  protocol: Protocol,
  name: string,
  value: string | undefined,
): Record<string, string> {
  const next = { ...current };
  const text = value ?? "";
  const remove = () => {
    delete next[name];
    return next;
  };
  switch (name) {
    case "RawMessageDelivery": {
      const v = text.toLowerCase();
      if (v !== "true" && v !== "false") {
        throw new AttributeProblem(`RawMessageDelivery: Invalid value [${text}]. Must be true or false.`);
      }
      if (v === "true" && !RAW_PROTOCOLS.has(protocol)) {
        throw new AttributeProblem(`Delivery protocol [${protocol}] does not support raw message delivery.`);
      }
      next.RawMessageDelivery = v;
      return next;
    }
    case "FilterPolicyScope": {
      if (text !== "MessageAttributes" && text !== "MessageBody") {
        throw new AttributeProblem(
          `FilterPolicyScope: Invalid value [${text}]. Please use either MessageBody or MessageAttributes`,
        );
      }
      if (next.FilterPolicy) checkFilterPolicy(next.FilterPolicy, text);
      next.FilterPolicyScope = text;
      return next;
    }
    case "FilterPolicy": {
      if (text.trim() === "") return remove();
      const policy = checkFilterPolicy(text, scopeOf(next));
      if (Object.keys(policy).length === 0) return remove();
      next.FilterPolicy = text;
      return next;
    }
    case "DeliveryPolicy":
      if (text === "") return remove();
      try {
        parseSubscriptionDeliveryPolicy(text);
      } catch (err) {
        throw new AttributeProblem((err as Error).message.replace(/^Invalid parameter: /, ""));
      }
      next.DeliveryPolicy = text;
      return next;
    case "RedrivePolicy":
      if (text === "") return remove();
      checkRedrivePolicy(text);
      next.RedrivePolicy = text;
      return next;
    case "ReplayPolicy":
      if (text === "") return remove();
      checkJson("ReplayPolicy", text);
      next.ReplayPolicy = text;
      return next;
    case "SubscriptionRoleArn":
      if (text === "") return remove();
      next.SubscriptionRoleArn = text;
      return next;
    default:
      throw new AttributeProblem(`Invalid attribute name: ${name}`);
  }
}

export function scopeOf(attributes: Record<string, string>): FilterScope {
  return attributes.FilterPolicyScope === "MessageBody" ? "MessageBody" : "MessageAttributes";
}

function checkFilterPolicy(text: string, scope: FilterScope) {
  try {
    return parseFilterPolicy(text, scope);
  } catch (err) {
    if (err instanceof FilterPolicyError) {
      throw new AttributeProblem(err.bare ? err.message : `FilterPolicy: ${err.message}`);
    }
    throw err;
  }
}

function checkJson(name: string, text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    throw new AttributeProblem(`${name}: failed to parse JSON. ${(err as Error).message}`);
  }
}

function checkRedrivePolicy(text: string): void {
  const doc = checkJson("RedrivePolicy", text) as { deadLetterTargetArn?: unknown } | null;
  const arn = doc?.deadLetterTargetArn;
  if (typeof arn !== "string" || !/^arn:aws[a-z-]*:sqs:[a-z0-9-]+:\d{12}:[A-Za-z0-9_.-]+$/.test(arn)) {
    throw new AttributeProblem("RedrivePolicy: deadLetterTargetArn is an invalid arn");
  }
}

/** GetSubscriptionAttributes: the stored attributes plus those SNS computes. */
export function subscriptionAttributesView(
  sub: SubscriptionRecord,
  topic: TopicRecord | undefined,
): Record<string, string> {
  const a = sub.attributes;
  const out: Record<string, string> = {
    ConfirmationWasAuthenticated: String(sub.confirmationWasAuthenticated),
    Endpoint: sub.endpoint,
    Owner: sub.owner,
    PendingConfirmation: String(sub.pendingConfirmation),
    Protocol: sub.protocol,
    RawMessageDelivery: a.RawMessageDelivery ?? "false",
    SubscriptionArn: sub.arn,
    SubscriptionPrincipal: sub.principal,
    TopicArn: sub.topicArn,
  };
  if (a.FilterPolicy) {
    out.FilterPolicy = a.FilterPolicy;
    out.FilterPolicyScope = scopeOf(a);
  }
  if (a.DeliveryPolicy) out.DeliveryPolicy = subscriptionDeliveryPolicyView(a.DeliveryPolicy);
  if (sub.protocol === "http" || sub.protocol === "https") {
    out.EffectiveDeliveryPolicy = effectiveSubscriptionDeliveryPolicy(
      topic?.attributes.DeliveryPolicy,
      a.DeliveryPolicy,
    );
  }
  for (const name of ["RedrivePolicy", "SubscriptionRoleArn", "ReplayPolicy"]) {
    if (a[name] !== undefined) out[name] = a[name];
  }
  return out;
}
