import { timingSafeEqual } from "node:crypto";
import {
  type CanActivate,
  type ExecutionContext,
  Inject,
  Injectable,
  UnauthorizedException,
} from "@nestjs/common";
import type { Request } from "express";
import { ADMIN_SETTINGS } from "../app/tokens.ts";
import { bearerToken, digest } from "../http/admin-token.guard.ts";
import type { AdminSettings } from "../settings/admin-settings.ts";
import { TICKET_PATTERN } from "./live-events.dto.ts";
import { StreamTickets } from "./stream-tickets.ts";

/**
 * `GET /api/events`: the bearer token as everywhere (fetch-based readers), or a one-use ticket
 * in `?ticket=` (EventSource, which cannot send headers). Nothing else opens the stream.
 */
@Injectable()
export class EventStreamGuard implements CanActivate {
  readonly #expected: Buffer;
  readonly #tickets: StreamTickets;

  constructor(
    @Inject(ADMIN_SETTINGS) settings: AdminSettings,
    @Inject(StreamTickets) tickets: StreamTickets,
  ) {
    this.#expected = digest(settings.token);
    this.#tickets = tickets;
  }

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<Request>();
    const token = bearerToken(request.headers.authorization);
    if (token !== undefined && timingSafeEqual(digest(token), this.#expected)) return true;
    const ticket = request.query.ticket;
    if (typeof ticket === "string" && TICKET_PATTERN.test(ticket) && this.#tickets.redeem(ticket))
      return true;
    throw new UnauthorizedException({
      error: "Unauthorized",
      // The same answer as every endpoint's; the OpenAPI description tells of tickets.
      message: "send Authorization: Bearer <DARKROOM_ADMIN_TOKEN>",
    });
  }
}
