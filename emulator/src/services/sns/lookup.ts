import type { RequestContext } from "../../gateway/context.ts";
import { authorizationError, invalidParam, subscriptionNotFound, topicNotFound } from "./errors.ts";
import type { SubscriptionRecord, TopicRecord } from "./model.ts";
import { SnsState } from "./state.ts";
import { defaultTopicPolicy, policyAllows } from "./topic-policy.ts";

/** ARNs as SNS's parameters take them, and the records they name. */

export interface ParsedArn {
  region: string;
  accountId: string;
  /** Everything after the account: a topic name, or "<topic>:<id>" for a subscription. */
  resource: string;
}

/** Splits an ARN parameter the way SNS checks it; `param` names it in the error. */
export function parseArn(value: string | undefined, param: string): ParsedArn {
  if (value === undefined) throw invalidParam(param, "no value for required parameter");
  const parts = value.split(":");
  if (parts.length < 6)
    throw invalidParam(param, `An ARN must have at least 6 elements, not ${parts.length}`);
  if (parts[0] !== "arn" || parts[2] !== "sns") throw invalidParam(param);
  return { region: parts[3]!, accountId: parts[4]!, resource: parts.slice(5).join(":") };
}

/** A topic the caller names: in the caller's region, existing, and (across accounts) shared with it. */
export function requireTopic(
  ctx: RequestContext,
  topicArn: string | undefined,
  action: string,
  param = "TopicArn",
): { state: SnsState; topic: TopicRecord } {
  const arn = parseArn(topicArn, param);
  if (arn.region !== ctx.region || arn.resource.includes(":")) throw invalidParam(param);
  const state = new SnsState(ctx.runtime.store, arn.accountId, arn.region);
  const topic = state.topics.get(topicArn!);
  if (!topic) throw topicNotFound();
  authorize(ctx, topic, action);
  return { state, topic };
}

/** Callers from other accounts need the topic's policy to allow them. */
export function authorize(ctx: RequestContext, topic: TopicRecord, action: string): void {
  if (ctx.accountId === topic.accountId) return;
  const policy = topic.attributes.Policy ?? defaultTopicPolicy(topic.arn, topic.accountId);
  if (!policyAllows(policy, { accountId: ctx.accountId, arn: ctx.principal.arn }, action, topic.arn)) {
    throw authorizationError(ctx.principal.arn, action, topic.arn);
  }
}

/** A subscription by ARN in the caller's region, or NotFound. */
export function requireSubscription(
  ctx: RequestContext,
  subscriptionArn: string | undefined,
): { state: SnsState; subscription: SubscriptionRecord } {
  const arn = parseArn(subscriptionArn, "SubscriptionArn");
  const state = new SnsState(ctx.runtime.store, arn.accountId, arn.region);
  const subscription = arn.region === ctx.region ? state.subscriptions.get(subscriptionArn!) : undefined;
  if (!subscription) throw subscriptionNotFound();
  return { state, subscription };
}
