import type { MessageAttribute } from "./model.ts";
import type { MessageSigner } from "./signing.ts";

/**
 * The messages SNS delivers: the JSON envelope HTTP/S and email-json subscribers get (in
 * AWS's field order and layout), and the event Lambda subscribers are invoked with.
 */

export type MessageType = "Notification" | "SubscriptionConfirmation" | "UnsubscribeConfirmation";

/** A message attribute as envelopes and Lambda events carry it; Binary values stay base64. */
export function envelopeAttributes(
  attributes: Record<string, MessageAttribute>,
): Record<string, { Type: string; Value: string }> {
  const out: Record<string, { Type: string; Value: string }> = {};
  for (const [name, a] of Object.entries(attributes)) {
    out[name] = { Type: a.DataType, Value: a.BinaryValue ?? a.StringValue ?? "" };
  }
  return out;
}

export interface NotificationFields {
  messageId: string;
  topicArn: string;
  subject?: string;
  message: string;
  timestamp: string;
  signatureVersion: string;
  unsubscribeUrl: string;
  attributes: Record<string, MessageAttribute>;
}

/** A Notification envelope's fields, signed; MessageAttributes only when there are some. */
export function notificationEnvelope(f: NotificationFields, signer: MessageSigner): Record<string, unknown> {
  const signed: Record<string, string | undefined> = {
    Type: "Notification",
    MessageId: f.messageId,
    TopicArn: f.topicArn,
    Subject: f.subject,
    Message: f.message,
    Timestamp: f.timestamp,
  };
  const attributes = envelopeAttributes(f.attributes);
  return {
    Type: "Notification",
    MessageId: f.messageId,
    TopicArn: f.topicArn,
    ...(f.subject !== undefined ? { Subject: f.subject } : {}),
    Message: f.message,
    Timestamp: f.timestamp,
    SignatureVersion: f.signatureVersion,
    Signature: signer.sign(signed, f.signatureVersion),
    SigningCertURL: signer.certificateUrl(),
    UnsubscribeURL: f.unsubscribeUrl,
    ...(Object.keys(attributes).length > 0 ? { MessageAttributes: attributes } : {}),
  };
}

export interface ConfirmationFields {
  type: "SubscriptionConfirmation" | "UnsubscribeConfirmation";
  messageId: string;
  topicArn: string;
  token: string;
  message: string;
  subscribeUrl: string;
  timestamp: string;
  signatureVersion: string;
}

export function confirmationEnvelope(f: ConfirmationFields, signer: MessageSigner): Record<string, unknown> {
  const fields = {
    Type: f.type,
    MessageId: f.messageId,
    Token: f.token,
    TopicArn: f.topicArn,
    Message: f.message,
    SubscribeURL: f.subscribeUrl,
    Timestamp: f.timestamp,
  };
  return {
    ...fields,
    SignatureVersion: f.signatureVersion,
    Signature: signer.sign(fields, f.signatureVersion),
    SigningCertURL: signer.certificateUrl(),
  };
}

/** AWS's layout: one `"Key" : value` per line, nested values compact. */
export function envelopeText(envelope: Record<string, unknown>): string {
  const lines = Object.entries(envelope).map(([k, v]) => {
    if (k === "MessageAttributes" && v !== null && typeof v === "object") {
      const inner = Object.entries(v).map(
        ([name, attr]) => `    ${JSON.stringify(name)} : ${JSON.stringify(attr)}`,
      );
      return `  "MessageAttributes" : {\n${inner.join(",\n")}\n  }`;
    }
    return `  ${JSON.stringify(k)} : ${JSON.stringify(v)}`;
  });
  return `{\n${lines.join(",\n")}\n}`;
}

/** The event a Lambda subscriber is invoked with: one record, Subject null when absent. */
export function lambdaEvent(
  f: NotificationFields & { subscriptionArn: string },
  signer: MessageSigner,
): string {
  const envelope = notificationEnvelope(f, signer);
  return JSON.stringify({
    Records: [
      {
        EventSource: "aws:sns",
        EventVersion: "1.0",
        EventSubscriptionArn: f.subscriptionArn,
        Sns: {
          Type: "Notification",
          MessageId: f.messageId,
          TopicArn: f.topicArn,
          Subject: f.subject ?? null,
          Message: f.message,
          Timestamp: f.timestamp,
          SignatureVersion: f.signatureVersion,
          Signature: envelope.Signature,
          SigningCertUrl: envelope.SigningCertURL,
          UnsubscribeUrl: f.unsubscribeUrl,
          MessageAttributes: envelopeAttributes(f.attributes),
        },
      },
    ],
  });
}
