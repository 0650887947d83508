import { randomBytes } from "node:crypto";
import { Injectable } from "@nestjs/common";

/** Long enough to open the stream, short enough that a ticket seen in a log is worthless. */
export const TICKET_LIFETIME_MS = 60_000;
/** Outstanding tickets at most: an authenticated client looping cannot grow the map without end. */
const MAX_OUTSTANDING = 1_000;

/**
 * One-use tickets for `GET /api/events`: a browser's EventSource cannot send the bearer token,
 * and the token itself in a URL would end up in proxies' logs and browser history. A client with
 * the token (POST /api/events/tickets) gets a ticket that opens one stream within a minute.
 */
@Injectable()
export class StreamTickets {
  readonly #expiries = new Map<string, number>();

  issue(now = Date.now()): { ticket: string; expiresAt: number } {
    this.#prune(now);
    if (this.#expiries.size >= MAX_OUTSTANDING) {
      // The oldest go first: Map keeps insertion order.
      const oldest = this.#expiries.keys().next().value;
      if (oldest !== undefined) this.#expiries.delete(oldest);
    }
    const ticket = randomBytes(24).toString("base64url");
    const expiresAt = now + TICKET_LIFETIME_MS;
    this.#expiries.set(ticket, expiresAt);
    return { ticket, expiresAt };
  }

  /** Whether the ticket is valid now; it is used up either way. */
  redeem(ticket: string, now = Date.now()): boolean {
    const expiresAt = this.#expiries.get(ticket);
    this.#expiries.delete(ticket);
    return expiresAt !== undefined && now < expiresAt;
  }

  #prune(now: number): void {
    for (const [ticket, expiresAt] of this.#expiries) if (expiresAt <= now) this.#expiries.delete(ticket);
  }
}
