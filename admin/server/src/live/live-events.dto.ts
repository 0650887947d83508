import { failureSchema, imageIdSchema, imageStatusSchema } from "@darkroom/image-record";
import { createZodDto } from "nestjs-zod";
import { z } from "zod";
import { transitionSchema } from "../alarms/alarms.dto.ts";
import { alertSchema } from "../alerts/alerts.dto.ts";

const timestamp = z.iso.datetime({ precision: 3 });

/** `event: image`: an image's status changed (a new image shows up with previousStatus null). */
export const imageEventSchema = z.object({
  imageId: imageIdSchema,
  status: imageStatusSchema,
  /** null when the backend had not seen the image before (a new upload, or one it missed in between). */
  previousStatus: imageStatusSchema.nullable(),
  attempts: z.number().int(),
  updatedAt: timestamp,
  failure: failureSchema.optional(),
});
export type ImageEvent = z.infer<typeof imageEventSchema>;

/** The stream's events: `event:` names the type, `data:` is one of these as JSON. */
export const liveEventSchemas = {
  image: imageEventSchema,
  alert: alertSchema,
  alarm: transitionSchema,
} as const;

export type LiveEvent =
  | { type: "image"; data: ImageEvent }
  | { type: "alert"; data: z.infer<typeof alertSchema> }
  | { type: "alarm"; data: z.infer<typeof transitionSchema> };

/** Stream tickets: EventSource cannot send headers, so the token is swapped for a short-lived ticket. */
export const TICKET_PATTERN = /^[A-Za-z0-9_-]{32}$/;
/** `<boot>.<sequence>`: ids from another run of the backend are not replayed. */
export const EVENT_ID_PATTERN = /^[a-z0-9]{1,16}\.\d{1,15}$/;

export const eventsQuerySchema = z.strictObject({
  ticket: z.string().regex(TICKET_PATTERN, "must be a ticket from POST /api/events/tickets").optional(),
  /** Where to resume, as the Last-Event-ID header would say (EventSource sends that one itself). */
  lastEventId: z.string().regex(EVENT_ID_PATTERN, "must be an event id from this stream").optional(),
});
export class EventsQueryDto extends createZodDto(eventsQuerySchema) {}

export const streamTicketSchema = z.object({
  ticket: z.string(),
  /** Opens one stream, until then. */
  expiresAt: timestamp,
  /** Where to open it: GET this URL with EventSource. */
  url: z.string(),
});
export class StreamTicketDto extends createZodDto(streamTicketSchema) {}
export type StreamTicket = z.infer<typeof streamTicketSchema>;
