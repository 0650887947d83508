import { z } from "zod";
import { readInbox } from "../../emulator/src/services/sns/inbox-client.ts";
import { ALERT_TOPICS, LOCAL_ALERT_INBOX } from "../alerts.ts";
import type { DeployReporter } from "./deploy-report.ts";

/** The part of an email-json confirmation request (SNS's JSON envelope) that is followed. */
const confirmationEnvelope = z.object({
  Type: z.literal("SubscriptionConfirmation"),
  TopicArn: z.string(),
  SubscribeURL: z.url(),
});

export interface InboxConfirmation {
  topicArn: string;
  confirmed: boolean;
  /** Why the link did not confirm (the subscription was removed by hand, ...). */
  error?: string;
}

/**
 * The local stack's console inbox (LOCAL_ALERT_INBOX), confirmed on each alert topic as a person
 * confirms an email subscription on AWS: the newest confirmation request the emulator kept for
 * the address on that topic, its SubscribeURL visited. A subscription Terraform re-created has a
 * newer request than the one it replaced; confirming again is harmless.
 */
export async function confirmAlertInbox(
  endpoint: string,
  stack: { namePrefix: string; region: string },
): Promise<InboxConfirmation[]> {
  const topicNames = new Set(ALERT_TOPICS.map((topic) => `${stack.namePrefix}-${topic}-alerts`));
  const newest = new Map<string, string>();
  // Oldest first: a later request for the same topic replaces an earlier one.
  for (const message of await readInbox(endpoint, { protocol: "email-json" })) {
    if (message.type !== "SubscriptionConfirmation" || message.endpoint !== LOCAL_ALERT_INBOX) continue;
    const [, , , region, , name] = (message.topicArn ?? "").split(":");
    if (region !== stack.region || name === undefined || !topicNames.has(name)) continue;
    newest.set(message.topicArn!, message.body);
  }
  const results: InboxConfirmation[] = [];
  for (const [topicArn, body] of newest) {
    const envelope = confirmationEnvelope.safeParse(JSON.parse(body));
    if (!envelope.success) {
      results.push({ topicArn, confirmed: false, error: "the request has no SubscribeURL" });
      continue;
    }
    const answer = await fetch(envelope.data.SubscribeURL);
    const text = await answer.text();
    results.push(
      answer.status === 200
        ? { topicArn, confirmed: true }
        : { topicArn, confirmed: false, error: `HTTP ${answer.status}: ${text.slice(0, 200)}` },
    );
  }
  return results;
}

/** The deploy's step: confirms, and says so in one line (nothing when there is nothing to confirm). */
export async function confirmAlertInboxStep(
  endpoint: string,
  stack: { namePrefix: string; region: string },
  reporter: DeployReporter,
): Promise<void> {
  const results = await confirmAlertInbox(endpoint, stack);
  if (results.length === 0) return;
  const confirmed = results.filter((r) => r.confirmed).length;
  reporter.info(`alerts land in the emulator's inbox: ${LOCAL_ALERT_INBOX} confirmed on ${confirmed} topics`);
  for (const failed of results.filter((r) => !r.confirmed)) {
    reporter.info(`could not confirm ${LOCAL_ALERT_INBOX} on ${failed.topicArn}: ${failed.error}`);
  }
}
