import { z } from "zod";
import { type InboxMessage, inboxMessageSchema } from "./inbox.ts";

/** Where the emulator serves its inbox (GET lists, DELETE clears). */
export const INBOX_PATH = "/_darkroom/sns/messages";

/** The inbox endpoint's filters, as its query string takes them. */
export interface InboxQuery {
  topicArn?: string;
  subscriptionArn?: string;
  protocol?: InboxMessage["protocol"];
  /** Epoch ms or an ISO time: messages at or after it. */
  since?: number | string;
}

const inboxAnswer = z.object({ messages: z.array(inboxMessageSchema) });

/**
 * The inbox of the emulator at `endpoint`, oldest first, read over HTTP and checked against the
 * schema it is written with: what the local deploy and the admin backend read it through.
 */
export async function readInbox(
  endpoint: string,
  query: InboxQuery = {},
  signal?: AbortSignal,
): Promise<InboxMessage[]> {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) if (value !== undefined) params.set(name, String(value));
  const response = await fetch(`${endpoint.replace(/\/+$/, "")}${INBOX_PATH}?${params}`, {
    ...(signal ? { signal } : {}),
  });
  if (response.status !== 200) {
    throw new Error(
      `the emulator's inbox answered ${response.status}: ${(await response.text()).slice(0, 200)}`,
    );
  }
  return inboxAnswer.parse(await response.json()).messages;
}
