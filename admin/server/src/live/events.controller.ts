import { Controller, Get, HttpCode, Inject, Post, Query, Req, Res, UseGuards } from "@nestjs/common";
import { ApiBearerAuth, ApiOkResponse, ApiProduces, ApiTags } from "@nestjs/swagger";
import type { Request, Response } from "express";
import { ZodResponse } from "nestjs-zod";
import { ParamTypes } from "../app/param-types.ts";
import { Public } from "../http/admin-token.guard.ts";
import { EventStreamGuard } from "./event-stream.guard.ts";
import { EventStreams } from "./event-streams.ts";
import { EventsQueryDto, type StreamTicket, StreamTicketDto } from "./live-events.dto.ts";
import { StreamTickets } from "./stream-tickets.ts";

const STREAM_DESCRIPTION = [
  "Server-Sent Events, each with an `id:` (send it back as Last-Event-ID, or ?lastEventId=, to resume):",
  "`image` {imageId, status, previousStatus, attempts, updatedAt, failure?} when an image's status changes;",
  "`alert` (an item of GET /api/alerts) when an alert is delivered;",
  "`alarm` {alarmName, state, previousState, reason, at} when an alarm changes state.",
  "Comment lines (`: heartbeat`) keep the connection alive.",
  "Authorization: Bearer as everywhere, or ?ticket= from POST /api/events/tickets (EventSource sends no headers).",
].join(" ");

@ApiTags("events")
@ApiBearerAuth()
@Controller()
export class EventsController {
  readonly #streams: EventStreams;
  readonly #tickets: StreamTickets;

  constructor(@Inject(EventStreams) streams: EventStreams, @Inject(StreamTickets) tickets: StreamTickets) {
    this.#streams = streams;
    this.#tickets = tickets;
  }

  @Post("events/tickets")
  @HttpCode(201)
  @ZodResponse({
    status: 201,
    type: StreamTicketDto,
    description: "A one-use ticket that opens one stream within a minute",
  })
  ticket(): StreamTicket {
    const { ticket, expiresAt } = this.#tickets.issue();
    return { ticket, expiresAt: new Date(expiresAt).toISOString(), url: `/api/events?ticket=${ticket}` };
  }

  /** The global guard lets it through (@Public); EventStreamGuard takes the token or a ticket. */
  @Get("events")
  @Public()
  @UseGuards(EventStreamGuard)
  @ParamTypes(EventsQueryDto)
  @ApiProduces("text/event-stream")
  @ApiOkResponse({
    description: STREAM_DESCRIPTION,
    content: { "text/event-stream": { schema: { type: "string" } } },
  })
  stream(@Query() query: EventsQueryDto, @Req() req: Request, @Res() res: Response): void {
    const header = req.headers["last-event-id"];
    this.#streams.stream(req, res, query.lastEventId ?? (typeof header === "string" ? header : undefined));
  }
}
