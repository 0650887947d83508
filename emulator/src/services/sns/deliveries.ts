import { randomUUID } from "node:crypto";
import type { EmulatorRuntime } from "../../gateway/context.ts";
import type { AsyncInvocationQueue } from "../lambda/async-queue.ts";
import { parseFunctionArn, serviceMayInvokeArn } from "../lambda/service-invoker.ts";
import { DeliveryFailures } from "./delivery-failures.ts";
import { DEFAULT_CONTENT_TYPE, effectiveHttpPolicy, retryDelaysMs } from "./delivery-policy.ts";
import {
  CONFIRMATION_SUBJECT,
  confirmationEmail,
  DEFAULT_SUBJECT,
  notificationEmail,
  subscribeMessage,
} from "./email.ts";
import {
  confirmationEnvelope,
  envelopeText,
  lambdaEvent,
  type NotificationFields,
  notificationEnvelope,
} from "./envelope.ts";
import { matchesFilterPolicy } from "./filter/match.ts";
import { type PolicyObject, parseFilterPolicy } from "./filter/validate.ts";
import { HttpDeliveryQueue } from "./http-delivery.ts";
import { Inbox } from "./inbox.ts";
import { emailConfirmLink, emailUnsubscribeLink, subscribeUrl, unsubscribeUrl } from "./links.ts";
import type { PublishedMessage, SubscriptionRecord, TopicRecord } from "./model.ts";
import { MessageSigner } from "./signing.ts";
import type { SnsState } from "./state.ts";
import { scopeOf } from "./subscription-attributes.ts";

/** Raised with every request that queued deliveries; handled once the request's changes are durable. */
const DELIVERIES_QUEUED = "sns:deliveries-queued";
const SNS_PRINCIPAL = "sns.amazonaws.com";
const USER_AGENT = "Amazon Simple Notification Service Agent";

/**
 * Where SNS messages go. Every delivery is recorded in the state store within the request
 * that caused it (Lambda's Event queue, the HTTP/S queue, the inbox), so an acknowledged
 * Publish loses none of them to a crash; the queues start once the request's flush succeeded.
 */
export class Deliveries {
  readonly signer: MessageSigner;
  readonly inbox: Inbox;
  readonly failures: DeliveryFailures;
  private readonly runtime: EmulatorRuntime;
  private readonly http: HttpDeliveryQueue;
  private readonly lambdaQueue: AsyncInvocationQueue | undefined;
  private readonly filterCache = new Map<string, PolicyObject>();

  constructor(runtime: EmulatorRuntime, lambdaQueue: AsyncInvocationQueue | undefined) {
    this.runtime = runtime;
    this.lambdaQueue = lambdaQueue;
    this.signer = new MessageSigner(runtime.store, runtime.url);
    this.inbox = new Inbox(runtime.store);
    this.failures = new DeliveryFailures(runtime.store);
    this.http = new HttpDeliveryQueue(runtime.store, this.failures);
    runtime.events.subscribe(DELIVERIES_QUEUED, () => this.kick());
    // Deliveries queued before a restart go out again.
    setImmediate(() => this.http.kick());
  }

  /** Starts queued deliveries; call after the flush that made them durable. */
  kick(): void {
    this.lambdaQueue?.kick();
    this.http.kick();
  }

  close(): void {
    this.http.stop();
  }

  private queued(): void {
    this.runtime.events.publish(DELIVERIES_QUEUED, null);
  }

  /** Delivers a published message to every confirmed subscription whose filter policy it passes. */
  fanOut(state: SnsState, topic: TopicRecord, message: PublishedMessage): void {
    for (const sub of state.subscriptionsOf(topic.arn)) {
      if (sub.pendingConfirmation) continue;
      const text = message.perProtocol
        ? (message.perProtocol[sub.protocol] ?? message.perProtocol.default!)
        : message.message;
      if (!this.passesFilter(sub, text, message)) continue;
      this.deliver(topic, sub, message, text);
    }
    this.queued();
  }

  private passesFilter(sub: SubscriptionRecord, text: string, message: PublishedMessage): boolean {
    const source = sub.attributes.FilterPolicy;
    if (!source) return true;
    const scope = scopeOf(sub.attributes);
    const key = `${scope}\n${source}`;
    let policy = this.filterCache.get(key);
    if (!policy) {
      policy = parseFilterPolicy(source, scope);
      if (this.filterCache.size > 1000) this.filterCache.clear();
      this.filterCache.set(key, policy);
    }
    return matchesFilterPolicy(policy, scope, { body: text, attributes: message.attributes });
  }

  private deliver(
    topic: TopicRecord,
    sub: SubscriptionRecord,
    message: PublishedMessage,
    text: string,
  ): void {
    const base = this.runtime.url();
    const fields: NotificationFields = {
      messageId: message.messageId,
      topicArn: topic.arn,
      ...(message.subject !== undefined ? { subject: message.subject } : {}),
      message: text,
      timestamp: message.timestamp,
      signatureVersion: topic.attributes.SignatureVersion ?? "1",
      unsubscribeUrl: unsubscribeUrl(base, sub.arn),
      attributes: message.attributes,
    };
    const inboxEntry = {
      id: message.messageId,
      type: "Notification" as const,
      topicArn: topic.arn,
      subscriptionArn: sub.arn,
      endpoint: sub.endpoint,
      timestamp: message.timestamp,
    };
    switch (sub.protocol) {
      case "lambda":
        this.invokeLambda(
          topic,
          sub,
          message,
          lambdaEvent({ ...fields, subscriptionArn: sub.arn }, this.signer),
        );
        break;
      case "http":
      case "https": {
        const raw = sub.attributes.RawMessageDelivery === "true";
        const policy = effectiveHttpPolicy(topic.attributes.DeliveryPolicy, sub.attributes.DeliveryPolicy);
        this.http.enqueue({
          messageType: "Notification",
          messageId: message.messageId,
          topicArn: topic.arn,
          subscriptionArn: sub.arn,
          endpoint: sub.endpoint,
          headers: {
            ...httpHeaders(
              "Notification",
              message.messageId,
              topic.arn,
              policy.requestPolicy.headerContentType,
            ),
            "x-amz-sns-subscription-arn": sub.arn,
            ...(raw ? { "x-amz-sns-rawdelivery": "true" } : {}),
          },
          body: raw ? text : envelopeText(notificationEnvelope(fields, this.signer)),
          retryDelaysMs: retryDelaysMs(policy.healthyRetryPolicy),
        });
        break;
      }
      case "email":
        this.inbox.add({
          ...inboxEntry,
          protocol: "email",
          subject: message.subject ?? DEFAULT_SUBJECT,
          body: notificationEmail(text, emailUnsubscribeLink(base, sub.arn, sub.endpoint)),
        });
        break;
      case "email-json":
        this.inbox.add({
          ...inboxEntry,
          protocol: "email-json",
          subject: message.subject ?? DEFAULT_SUBJECT,
          body: envelopeText(notificationEnvelope(fields, this.signer)),
        });
        break;
      case "sms":
        this.inbox.add({ ...inboxEntry, protocol: "sms", subject: null, body: text });
        break;
      default:
        this.failures.record({
          messageId: message.messageId,
          topicArn: topic.arn,
          subscriptionArn: sub.arn,
          protocol: sub.protocol,
          endpoint: sub.endpoint,
          attempts: 0,
          reason: `the emulator does not deliver to ${sub.protocol} endpoints`,
        });
    }
  }

  /** Lambda subscribers get an Event invocation, if their policy lets sns.amazonaws.com invoke them for this topic. */
  private invokeLambda(
    topic: TopicRecord,
    sub: SubscriptionRecord,
    message: PublishedMessage,
    payload: string,
  ): void {
    const ref = parseFunctionArn(sub.endpoint);
    const caller = { principal: SNS_PRINCIPAL, sourceArn: topic.arn, sourceAccount: topic.accountId };
    if (!this.lambdaQueue || !ref || !serviceMayInvokeArn(this.runtime.store, sub.endpoint, caller)) {
      this.failures.record({
        messageId: message.messageId,
        topicArn: topic.arn,
        subscriptionArn: sub.arn,
        protocol: sub.protocol,
        endpoint: sub.endpoint,
        attempts: 1,
        reason: this.lambdaQueue
          ? `the function does not exist, or its resource-based policy does not let ${SNS_PRINCIPAL} invoke it for ${topic.arn}`
          : "this emulator runs no Lambda functions",
      });
      return;
    }
    this.lambdaQueue.enqueue({
      accountId: ref.accountId,
      region: ref.region,
      functionName: ref.name,
      ...(ref.qualifier !== undefined ? { qualifier: ref.qualifier } : {}),
      payload,
    });
  }

  /** The first message to a new HTTP/S or email subscription: a request to confirm it. */
  requestConfirmation(topic: TopicRecord, sub: SubscriptionRecord): void {
    const base = this.runtime.url();
    const messageId = randomUUID();
    const timestamp = new Date().toISOString();
    const envelope = () =>
      envelopeText(
        confirmationEnvelope(
          {
            type: "SubscriptionConfirmation",
            messageId,
            topicArn: topic.arn,
            token: sub.token,
            message: subscribeMessage(topic.arn),
            subscribeUrl: subscribeUrl(base, topic.arn, sub.token),
            timestamp,
            signatureVersion: topic.attributes.SignatureVersion ?? "1",
          },
          this.signer,
        ),
      );
    const entry = {
      id: messageId,
      type: "SubscriptionConfirmation" as const,
      topicArn: topic.arn,
      subscriptionArn: sub.arn,
      endpoint: sub.endpoint,
      subject: CONFIRMATION_SUBJECT,
      timestamp,
    };
    switch (sub.protocol) {
      case "http":
      case "https": {
        const policy = effectiveHttpPolicy(topic.attributes.DeliveryPolicy, sub.attributes.DeliveryPolicy);
        this.http.enqueue({
          messageType: "SubscriptionConfirmation",
          messageId,
          topicArn: topic.arn,
          subscriptionArn: sub.arn,
          endpoint: sub.endpoint,
          headers: httpHeaders("SubscriptionConfirmation", messageId, topic.arn, DEFAULT_CONTENT_TYPE),
          body: envelope(),
          retryDelaysMs: retryDelaysMs(policy.healthyRetryPolicy),
        });
        break;
      }
      case "email":
        this.inbox.add({
          ...entry,
          protocol: "email",
          body: confirmationEmail(topic.arn, emailConfirmLink(base, topic.arn, sub.token, sub.endpoint)),
        });
        break;
      case "email-json":
        this.inbox.add({ ...entry, protocol: "email-json", body: envelope() });
        break;
      default:
        return;
    }
    this.queued();
  }

  /** Publish with PhoneNumber: one text message, straight to the inbox. */
  sms(phoneNumber: string, text: string, messageId: string, timestamp: string): void {
    this.inbox.add({
      id: messageId,
      type: "Notification",
      topicArn: null,
      subscriptionArn: null,
      protocol: "sms",
      endpoint: phoneNumber,
      subject: null,
      body: text,
      timestamp,
    });
  }
}

function httpHeaders(
  type: string,
  messageId: string,
  topicArn: string,
  contentType: string,
): Record<string, string> {
  return {
    "content-type": contentType,
    "user-agent": USER_AGENT,
    "x-amz-sns-message-type": type,
    "x-amz-sns-message-id": messageId,
    "x-amz-sns-topic-arn": topicArn,
  };
}
