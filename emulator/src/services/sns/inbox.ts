import { z } from "zod";
import type { StateStore } from "../../state/store.ts";
import { BoundedLog } from "./bounded-log.ts";

/**
 * The local inbox: what SNS would have sent by email, email-json or SMS, kept in the state
 * store instead (across all accounts and regions), newest 10,000 at most. This is the shape
 * GET /_darkroom/sns/messages answers with, and the console reads.
 */
export const inboxMessageSchema = z.object({
  /** The SNS MessageId (a confirmation request has its own). */
  id: z.string(),
  type: z.enum(["Notification", "SubscriptionConfirmation"]),
  /** Null for SMS sent straight to a phone number (Publish with PhoneNumber). */
  topicArn: z.string().nullable(),
  subscriptionArn: z.string().nullable(),
  protocol: z.enum(["email", "email-json", "sms"]),
  /** The address or phone number it was for. */
  endpoint: z.string(),
  /** The email's subject line; null for SMS. */
  subject: z.string().nullable(),
  /** email: the email's text; email-json: the JSON envelope; sms: the text message. */
  body: z.string(),
  /** ISO 8601 with milliseconds. */
  timestamp: z.string(),
});
export type InboxMessage = z.infer<typeof inboxMessageSchema>;

export const INBOX_LIMIT = 10_000;

export interface InboxFilter {
  topicArn?: string;
  subscriptionArn?: string;
  protocol?: string;
  /** Epoch ms: messages at or after it. */
  since?: number;
}

export class Inbox {
  private readonly log: BoundedLog<InboxMessage>;

  constructor(store: StateStore, limit = INBOX_LIMIT) {
    this.log = new BoundedLog<InboxMessage>(store, "sns/inbox", limit);
  }

  /** Keeps a message; the oldest go once there are more than the limit. Durable with the next flush. */
  add(message: InboxMessage): void {
    this.log.add(inboxMessageSchema.parse(message));
  }

  /** Matching messages, oldest first. */
  list(filter: InboxFilter = {}): InboxMessage[] {
    return [...this.log.values()].filter((m) => matches(m, filter));
  }

  /** Removes matching messages; returns how many. */
  clear(filter: InboxFilter = {}): number {
    return this.log.removeWhere((m) => matches(m, filter));
  }
}

function matches(m: InboxMessage, f: InboxFilter): boolean {
  return (
    (f.topicArn === undefined || m.topicArn === f.topicArn) &&
    (f.subscriptionArn === undefined || m.subscriptionArn === f.subscriptionArn) &&
    (f.protocol === undefined || m.protocol === f.protocol) &&
    (f.since === undefined || Date.parse(m.timestamp) >= f.since)
  );
}
