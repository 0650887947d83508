import { createZodDto } from "nestjs-zod";
import { z } from "zod";
import { ALERT_TOPICS } from "../../../../infra/alerts.ts";
import { MAX_ALARM_CURSOR_LENGTH, transitionSchema } from "../alarms/alarms.dto.ts";

const timestamp = z.iso.datetime({ precision: 3, error: "must be an ISO 8601 UTC time with milliseconds" });

export const ALERT_SOURCES = ["inbox", "alarm-history"] as const;

export const alertsQuerySchema = z.strictObject({
  limit: z.coerce.number().int().min(1).max(100).default(25),
  cursor: z.string().min(1).max(MAX_ALARM_CURSOR_LENGTH).optional(),
});
export class AlertsQueryDto extends createZodDto(alertsQuerySchema) {}

export const alertSchema = z.object({
  /** SNS's MessageId (inbox), or the alarm and the time of its change (alarm history). */
  id: z.string(),
  /** When it was delivered (inbox), or when the alarm changed (alarm history). */
  at: timestamp,
  /** The stack's alert topic it went to; null when the alarm history does not say (no action for that state). */
  topic: z.enum(ALERT_TOPICS).nullable(),
  subject: z.string().nullable(),
  /** The alarm notification, parsed; null for a message that is not one. */
  alarm: transitionSchema.extend({ description: z.string().nullable() }).nullable(),
  /** The message as published (inbox: CloudWatch's JSON), or the history item's data. */
  message: z.string(),
});
export type Alert = z.infer<typeof alertSchema>;

export const alertListSchema = z.object({
  source: z.enum(ALERT_SOURCES),
  /** What the list is, in a sentence: where it comes from and what it cannot show. */
  note: z.string(),
  /** Newest first. */
  items: z.array(alertSchema),
  nextCursor: z.string().nullable(),
});
export class AlertListDto extends createZodDto(alertListSchema) {}
export type AlertList = z.infer<typeof alertListSchema>;
