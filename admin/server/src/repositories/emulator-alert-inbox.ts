import { z } from "zod";
import { readInbox } from "../../../../emulator/src/services/sns/inbox-client.ts";
import { LOCAL_ALERT_INBOX } from "../../../../infra/alerts.ts";
import type { AlertInbox, InboxNotification } from "./alert-inbox.repository.ts";

/** The part of SNS's email-json envelope the console shows; the rest (signature, links) stays out. */
const envelopeSchema = z.object({
  Type: z.literal("Notification"),
  MessageId: z.string(),
  TopicArn: z.string(),
  Subject: z.string().optional(),
  Message: z.string(),
  Timestamp: z.string(),
});

const INBOX_TIMEOUT_MS = 5_000;

/**
 * The emulator's inbox (GET /_darkroom/sns/messages): what the alert topics delivered to the
 * console's email-json subscription (LOCAL_ALERT_INBOX, which the local deploy subscribes and
 * confirms). Copies sent to other addresses (DARKROOM_ALERT_EMAILS) are the same alerts and are left out.
 */
export class EmulatorAlertInbox implements AlertInbox {
  readonly #endpoint: string;
  readonly #topicNames: ReadonlySet<string>;

  constructor(endpoint: string, topicNames: readonly string[]) {
    this.#endpoint = endpoint;
    this.#topicNames = new Set(topicNames);
  }

  async notifications(since?: number): Promise<InboxNotification[]> {
    const messages = await readInbox(
      this.#endpoint,
      { protocol: "email-json", since },
      AbortSignal.timeout(INBOX_TIMEOUT_MS),
    );
    return messages.flatMap((message) => {
      const topicName = (message.topicArn ?? "").split(":").at(-1) ?? "";
      if (message.type !== "Notification" || message.endpoint !== LOCAL_ALERT_INBOX) return [];
      if (!this.#topicNames.has(topicName)) return [];
      const envelope = envelopeSchema.safeParse(parseJson(message.body));
      if (!envelope.success) return [];
      return [
        {
          id: envelope.data.MessageId,
          topicArn: envelope.data.TopicArn,
          subject: envelope.data.Subject ?? message.subject,
          message: envelope.data.Message,
          timestamp: message.timestamp,
        },
      ];
    });
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
