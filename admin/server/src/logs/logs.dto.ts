import { createZodDto } from "nestjs-zod";
import { z } from "zod";
import { logLineSchema } from "../images/images.dto.ts";
import { LOG_FUNCTIONS } from "./log-functions.ts";
import { MAX_LOGS_CURSOR_LENGTH } from "./logs-cursor.ts";

/** The limits of the logs endpoints. */
export const LOGS_LIMITS = {
  /** CloudWatch Logs' own maximum filter pattern length. */
  maxFilterLength: 1024,
  maxPageSize: 1000,
  defaultPageSize: 100,
  /** The listing's default range: the last hour. */
  defaultRangeMs: 3_600_000,
  /** A tail follows recent events; older ones are the listing's. */
  maxTailAgeMs: 3_600_000,
  defaultTailAgeMs: 60_000,
  futureSlackMs: 5 * 60_000,
} as const;

const fn = z.enum(LOG_FUNCTIONS, { error: `must be one of ${LOG_FUNCTIONS.join(", ")}` });
const filter = z
  .string()
  .max(LOGS_LIMITS.maxFilterLength, `must be at most ${LOGS_LIMITS.maxFilterLength} characters`)
  .default("")
  .describe(
    'a CloudWatch Logs filter pattern: terms (`"Image processed"`, `?ERROR ?WARN`, `-DEBUG`), JSON (`{ $.imageId = "01J…" }`), space-delimited (`[level=ERROR, ...]`) or `%regex%`; empty: every event',
  );
const pageSize = (fallback: number) =>
  z.coerce
    .number({ error: "must be a number" })
    .int("must be a whole number")
    .min(1, "must be at least 1")
    .max(LOGS_LIMITS.maxPageSize, `must be at most ${LOGS_LIMITS.maxPageSize}`)
    .default(fallback);
const isoTime = z.iso.datetime({ offset: true, error: "must be an ISO 8601 time" });

export const logsQuerySchema = z
  .strictObject({
    function: fn,
    filter,
    from: isoTime.optional().describe("events at or after (default: an hour before `to`)"),
    to: isoTime.optional().describe("events at or before (default: now)"),
    limit: pageSize(LOGS_LIMITS.defaultPageSize),
    cursor: z
      .string()
      .max(MAX_LOGS_CURSOR_LENGTH, `must be at most ${MAX_LOGS_CURSOR_LENGTH} characters`)
      .regex(/^[A-Za-z0-9_-]+$/, "must be a cursor this API issued")
      .optional()
      .describe("`nextCursor` of the previous page (its range comes with it; repeat the same filter)"),
  })
  .superRefine((query, ctx) => {
    if (query.from !== undefined && query.to !== undefined && Date.parse(query.from) >= Date.parse(query.to))
      ctx.addIssue({ code: "custom", path: ["to"], message: "must be after from" });
  });
export class LogsQueryDto extends createZodDto(logsQuerySchema) {}
export type LogsQuery = z.infer<typeof logsQuerySchema>;

export const logsTailQuerySchema = z.strictObject({
  function: fn,
  filter,
  since: z.coerce
    .number({ error: "must be epoch milliseconds" })
    .int("must be whole epoch milliseconds")
    .refine(
      (ms) => ms >= Date.now() - LOGS_LIMITS.maxTailAgeMs,
      "must be within the last hour (older events: GET /api/logs)",
    )
    .refine(
      (ms) => ms <= Date.now() + LOGS_LIMITS.futureSlackMs,
      "must not be more than 5 minutes in the future",
    )
    .optional()
    .describe(
      "`nextSince` of the previous answer, epoch ms (default: a minute ago); events CloudWatch received after it",
    ),
  limit: pageSize(500),
});
export class LogsTailQueryDto extends createZodDto(logsTailQuerySchema) {}
export type LogsTailQuery = z.infer<typeof logsTailQuerySchema>;

export const logEventSchema = logLineSchema.extend({
  eventId: z.string(),
  /** When CloudWatch received it (a function's lines can arrive after lines stamped later). */
  ingestedAt: z.iso.datetime({ precision: 3 }),
});
export type LogEventView = z.infer<typeof logEventSchema>;

export const logsPageSchema = z.object({
  function: fn,
  logGroup: z.string(),
  from: z.iso.datetime({ precision: 3 }),
  to: z.iso.datetime({ precision: 3 }).nullable().describe("null: up to now"),
  events: z.array(logEventSchema).describe("oldest first"),
  nextCursor: z.string().nullable().describe("null: no more events in the range"),
});
export class LogsPageDto extends createZodDto(logsPageSchema) {}
export type LogsPage = z.infer<typeof logsPageSchema>;

export const logsTailSchema = z.object({
  function: fn,
  logGroup: z.string(),
  events: z
    .array(logEventSchema)
    .describe(
      "events CloudWatch received after `since`, by timestamp (a later poll can bring earlier-stamped lines)",
    ),
  since: z.number().int(),
  nextSince: z.number().int().describe("pass it as `since` in the next poll"),
  truncated: z
    .boolean()
    .describe(
      "true: more events arrived than one answer holds; some of them may be skipped (see GET /api/logs)",
    ),
});
export class LogsTailDto extends createZodDto(logsTailSchema) {}
export type LogsTail = z.infer<typeof logsTailSchema>;
