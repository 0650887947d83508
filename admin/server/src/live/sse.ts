import type { NumberedEvent } from "./live-events.ts";

/**
 * Server-Sent Events framing: one event is `id:`, `event:` and one `data:` line of JSON (which
 * holds no newline), then a blank line; a line starting with `:` is a comment, which clients
 * ignore and proxies see as traffic (the heartbeat).
 */
export function sseEvent({ id, event }: NumberedEvent): string {
  return `id: ${id}\nevent: ${event.type}\ndata: ${JSON.stringify(event.data)}\n\n`;
}

export function sseComment(text: string): string {
  return `: ${text.replace(/[\r\n]+/g, " ")}\n\n`;
}

/** How long a client waits before reconnecting (the `retry:` field). */
export const RETRY_MS = 3_000;
