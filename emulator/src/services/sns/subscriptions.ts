import { randomBytes, randomUUID } from "node:crypto";
import type { RequestContext } from "../../gateway/context.ts";
import type { StateStore } from "../../state/store.ts";
import { parseFunctionArn } from "../lambda/service-invoker.ts";
import type { Deliveries } from "./deliveries.ts";
import { invalidParam, invalidParameter } from "./errors.ts";
import { parseArn, requireSubscription, requireTopic } from "./lookup.ts";
import { PROTOCOLS, type Protocol, type SubscriptionRecord } from "./model.ts";
import { page } from "./pagination.ts";
import type { SnsInput } from "./schemas.ts";
import { xmlAttributeMap } from "./shapes.ts";
import { SnsState } from "./state.ts";
import {
  AttributeProblem,
  applySubscriptionAttribute,
  SUBSCRIPTION_SETTABLE,
  subscriptionAttributesView,
} from "./subscription-attributes.ts";

/** Protocols whose endpoints must confirm before they get messages (AWS confirms the others itself). */
const CONFIRMED_BY_ENDPOINT = new Set<Protocol>(["http", "https", "email", "email-json"]);
export const E164 = /^\+?[1-9]\d{1,14}$/;
const EMAIL = /^[^\s@]+@[^\s@]+$/;

function checkEndpoint(protocol: Protocol, endpoint: string): void {
  switch (protocol) {
    case "http":
    case "https":
      if (!endpoint.toLowerCase().startsWith(`${protocol}://`) || !URL.canParse(endpoint)) {
        throw invalidParameter("Invalid parameter: Endpoint must match the specified protocol");
      }
      return;
    case "email":
    case "email-json":
      if (!EMAIL.test(endpoint)) throw invalidParam("Email address");
      return;
    case "sms":
      if (!E164.test(endpoint)) throw invalidParameter(`Invalid SMS endpoint: ${endpoint}`);
      return;
    case "lambda":
      if (!parseFunctionArn(endpoint)) throw invalidParam("Lambda endpoint ARN");
      return;
    case "sqs":
      if (!/^arn:aws[a-z-]*:sqs:[a-z0-9-]+:\d{12}:[A-Za-z0-9_.-]+$/.test(endpoint))
        throw invalidParam("SQS endpoint ARN");
      return;
    case "firehose":
      if (!/^arn:aws[a-z-]*:firehose:/.test(endpoint)) throw invalidParam("Firehose endpoint ARN");
      return;
    case "application":
      if (!/^arn:aws[a-z-]*:sns:.*:endpoint\//.test(endpoint)) throw invalidParam("ApplicationEndpoint ARN");
      return;
  }
}

/** Applies Subscribe's attributes, FilterPolicyScope first so the policy is checked against it. */
function subscribeAttributes(protocol: Protocol, requested: Record<string, string>): Record<string, string> {
  const entries = Object.entries(requested).sort(
    ([a], [b]) => Number(b === "FilterPolicyScope") - Number(a === "FilterPolicyScope"),
  );
  let attributes: Record<string, string> = {};
  for (const [name, value] of entries) {
    try {
      attributes = applySubscriptionAttribute(attributes, protocol, name, value);
    } catch (err) {
      if (err instanceof AttributeProblem) throw invalidParam("Attributes", err.message);
      throw err;
    }
  }
  return attributes;
}

function listEntry(sub: SubscriptionRecord) {
  return {
    SubscriptionArn: sub.pendingConfirmation ? "PendingConfirmation" : sub.arn,
    Owner: sub.owner,
    Protocol: sub.protocol,
    Endpoint: sub.endpoint,
    TopicArn: sub.topicArn,
  };
}

function listPage(subs: SubscriptionRecord[], token: string | undefined) {
  const sorted = subs.sort((a, b) => (a.arn < b.arn ? -1 : a.arn > b.arn ? 1 : 0));
  const result = page(sorted, (s) => s.arn, token);
  return {
    Subscriptions: result.items.map(listEntry),
    ...(result.nextToken !== undefined ? { NextToken: result.nextToken } : {}),
  };
}

export interface ConfirmOptions {
  /** Whether the request was signed: ConfirmationWasAuthenticated. */
  authenticated: boolean;
  authenticateOnUnsubscribe: boolean;
}

/**
 * ConfirmSubscription, from the API or the link in a confirmation message: the topic's
 * pending subscription with this token becomes confirmed (again, harmlessly, if it was).
 */
export function confirmSubscription(
  store: StateStore,
  topicArn: string | undefined,
  token: string,
  options: ConfirmOptions,
  requestRegion?: string,
): { SubscriptionArn: string } {
  let arn: ReturnType<typeof parseArn>;
  try {
    arn = parseArn(topicArn, "Topic");
  } catch {
    throw invalidParam("Topic");
  }
  if (requestRegion !== undefined && arn.region !== requestRegion) throw invalidParam("Topic");
  if (!/^[0-9a-f]{64,}$/i.test(token)) throw invalidParameter("Invalid token");
  const state = new SnsState(store, arn.accountId, arn.region);
  const sub = state.subscriptionsOf(topicArn!).find((s) => s.token === token);
  if (!sub) throw invalidParam("Token");
  if (sub.pendingConfirmation) {
    state.subscriptions.set(sub.arn, {
      ...sub,
      pendingConfirmation: false,
      confirmationWasAuthenticated: options.authenticated,
      authenticateOnUnsubscribe: options.authenticated && options.authenticateOnUnsubscribe,
    });
  }
  return { SubscriptionArn: sub.arn };
}

/**
 * Unsubscribe. A well-formed ARN of a subscription that does not exist succeeds (SNS's
 * Unsubscribe is idempotent); an ARN with no subscription id is refused.
 */
export function unsubscribe(
  store: StateStore,
  subscriptionArn: string | undefined,
): SubscriptionRecord | undefined {
  const arn = parseArn(subscriptionArn, "SubscriptionArn");
  if (!arn.resource.includes(":")) throw invalidParam("SubscriptionId");
  const state = new SnsState(store, arn.accountId, arn.region);
  const sub = state.subscriptions.get(subscriptionArn!);
  if (!sub) return undefined;
  state.subscriptions.delete(sub.arn);
  const topic = state.topics.get(sub.topicArn);
  if (topic) state.topics.set(topic.arn, { ...topic, subscriptionsDeleted: topic.subscriptionsDeleted + 1 });
  return sub;
}

/** Subscribe, ConfirmSubscription, Unsubscribe, the attribute calls and the listings. */
export function subscriptionOperations(deliveries: Deliveries) {
  return {
    Subscribe(input: SnsInput<"Subscribe">, ctx: RequestContext) {
      const { state, topic } = requireTopic(ctx, input.TopicArn, "Subscribe");
      if (!(PROTOCOLS as readonly string[]).includes(input.Protocol)) {
        throw invalidParameter(
          `Invalid parameter: Amazon SNS does not support this protocol string: ${input.Protocol}`,
        );
      }
      const protocol = input.Protocol as Protocol;
      const endpoint = input.Endpoint ?? "";
      checkEndpoint(protocol, endpoint);
      const attributes = subscribeAttributes(protocol, input.Attributes ?? {});
      const answer = (sub: SubscriptionRecord) => ({
        SubscriptionArn:
          sub.pendingConfirmation && !input.ReturnSubscriptionArn ? "pending confirmation" : sub.arn,
      });

      const existing = state
        .subscriptionsOf(topic.arn)
        .find((s) => s.protocol === protocol && s.endpoint === endpoint);
      if (existing) {
        for (const [name, value] of Object.entries(attributes)) {
          if (existing.attributes[name] !== value) {
            throw invalidParam("Attributes", "Subscription already exists with different attributes");
          }
        }
        return answer(existing);
      }

      const pending = CONFIRMED_BY_ENDPOINT.has(protocol);
      const sub: SubscriptionRecord = {
        arn: `${topic.arn}:${randomUUID()}`,
        topicArn: topic.arn,
        protocol,
        endpoint,
        owner: ctx.accountId,
        principal: ctx.principal.arn,
        pendingConfirmation: pending,
        confirmationWasAuthenticated: !pending,
        authenticateOnUnsubscribe: false,
        token: randomBytes(144).toString("hex"),
        attributes,
        createdAt: Date.now(),
      };
      state.subscriptions.set(sub.arn, sub);
      if (pending) deliveries.requestConfirmation(topic, sub);
      return answer(sub);
    },

    ConfirmSubscription(input: SnsInput<"ConfirmSubscription">, ctx: RequestContext) {
      const flag = (input.AuthenticateOnUnsubscribe ?? "").toLowerCase();
      return confirmSubscription(
        ctx.runtime.store,
        input.TopicArn,
        input.Token,
        { authenticated: true, authenticateOnUnsubscribe: flag === "true" || flag === "1" },
        ctx.region,
      );
    },

    Unsubscribe(input: SnsInput<"Unsubscribe">, ctx: RequestContext) {
      unsubscribe(ctx.runtime.store, input.SubscriptionArn);
    },

    GetSubscriptionAttributes(input: SnsInput<"GetSubscriptionAttributes">, ctx: RequestContext) {
      const { state, subscription } = requireSubscription(ctx, input.SubscriptionArn);
      return {
        Attributes: xmlAttributeMap(
          subscriptionAttributesView(subscription, state.topics.get(subscription.topicArn)),
        ),
      };
    },

    SetSubscriptionAttributes(input: SnsInput<"SetSubscriptionAttributes">, ctx: RequestContext) {
      const { state, subscription } = requireSubscription(ctx, input.SubscriptionArn);
      if (!SUBSCRIPTION_SETTABLE.has(input.AttributeName)) throw invalidParam("AttributeName");
      let attributes: Record<string, string>;
      try {
        attributes = applySubscriptionAttribute(
          subscription.attributes,
          subscription.protocol,
          input.AttributeName,
          input.AttributeValue,
        );
      } catch (err) {
        if (err instanceof AttributeProblem) throw invalidParameter(`Invalid parameter: ${err.message}`);
        throw err;
      }
      state.subscriptions.set(subscription.arn, { ...subscription, attributes });
    },

    ListSubscriptions(input: SnsInput<"ListSubscriptions">, ctx: RequestContext) {
      return listPage([...SnsState.of(ctx).subscriptions.values()], input.NextToken);
    },

    ListSubscriptionsByTopic(input: SnsInput<"ListSubscriptionsByTopic">, ctx: RequestContext) {
      const { state, topic } = requireTopic(ctx, input.TopicArn, "ListSubscriptionsByTopic");
      return listPage(state.subscriptionsOf(topic.arn), input.NextToken);
    },
  };
}
