import { createZodDto } from "nestjs-zod";
import { z } from "zod";
import { ALARM_STATES } from "../repositories/alarms.repository.ts";
import { alarmNameSchema } from "./alarm-names.ts";

const timestamp = z.iso.datetime({ precision: 3, error: "must be an ISO 8601 UTC time with milliseconds" });
export const alarmStateSchema = z.enum(ALARM_STATES);

/** An AWS NextToken wrapped in our own opaque cursor; AWS's tokens run to a few hundred characters. */
export const MAX_ALARM_CURSOR_LENGTH = 4096;
export const MAX_HISTORY_PAGE = 100;

const metricRefSchema = z.object({
  namespace: z.string(),
  name: z.string(),
  dimensions: z.record(z.string(), z.string()),
});

export const alarmSchema = z.object({
  name: z.string(),
  arn: z.string(),
  description: z.string().nullable(),
  state: alarmStateSchema,
  reason: z.string(),
  updatedAt: timestamp,
  threshold: z.number().nullable(),
  comparison: z.string(),
  evaluationPeriods: z.number().int(),
  datapointsToAlarm: z.number().int().nullable(),
  period: z.number().int().nullable().describe("seconds; null for metric math (see metrics)"),
  statistic: z.string().nullable(),
  extendedStatistic: z.string().nullable(),
  unit: z.string().nullable(),
  metric: metricRefSchema.nullable().describe("the metric watched; null for metric math"),
  metrics: z
    .array(
      z.object({
        id: z.string(),
        expression: z.string().nullable(),
        label: z.string().nullable(),
        returnData: z.boolean(),
        metric: metricRefSchema.extend({ stat: z.string(), period: z.number().int() }).nullable(),
      }),
    )
    .describe("metric math: the expression and the metrics it reads"),
  treatMissingData: z.string().nullable(),
  actionsEnabled: z.boolean(),
  actions: z.object({
    alarm: z.array(z.string()),
    ok: z.array(z.string()),
    insufficientData: z.array(z.string()),
  }),
  /** The stack's alert topics among the actions (critical-alerts, ...). */
  topics: z.array(z.string()),
});
export type AlarmView = z.infer<typeof alarmSchema>;

export const alarmListSchema = z.object({
  /** Every alarm of the stack: the names starting with it. */
  prefix: z.string(),
  items: z.array(alarmSchema),
});
export class AlarmListDto extends createZodDto(alarmListSchema) {}
export type AlarmList = z.infer<typeof alarmListSchema>;

export const alarmNameParamsSchema = z.strictObject({ name: alarmNameSchema });
export class AlarmNameParamsDto extends createZodDto(alarmNameParamsSchema) {}

export const alarmHistoryQuerySchema = z.strictObject({
  limit: z.coerce.number().int().min(1).max(MAX_HISTORY_PAGE).default(25),
  cursor: z.string().min(1).max(MAX_ALARM_CURSOR_LENGTH).optional(),
});
export class AlarmHistoryQueryDto extends createZodDto(alarmHistoryQuerySchema) {}

export const transitionSchema = z.object({
  alarmName: z.string(),
  state: alarmStateSchema,
  previousState: alarmStateSchema,
  reason: z.string(),
  at: timestamp,
});

export const alarmHistoryItemSchema = z.object({
  timestamp,
  type: z.string().describe("StateUpdate, ConfigurationUpdate, Action, ..."),
  summary: z.string(),
  /** For a StateUpdate: the old and new state, read from `data`. */
  transition: transitionSchema.nullable(),
  /** CloudWatch's HistoryData JSON, verbatim. */
  data: z.string().nullable(),
});

export const alarmHistorySchema = z.object({
  alarmName: z.string(),
  /** Newest first. */
  items: z.array(alarmHistoryItemSchema),
  nextCursor: z.string().nullable(),
});
export class AlarmHistoryDto extends createZodDto(alarmHistorySchema) {}
export type AlarmHistory = z.infer<typeof alarmHistorySchema>;

/** CloudWatch's StateReason: at most 1,023 characters. */
export const MAX_STATE_REASON_LENGTH = 1023;

export const setAlarmStateBodySchema = z.strictObject({
  state: alarmStateSchema,
  reason: z.string().trim().min(1, "must say why (it is the alarm's reason)").max(MAX_STATE_REASON_LENGTH),
});
export class SetAlarmStateBodyDto extends createZodDto(setAlarmStateBodySchema) {}

export const alarmStateSetSchema = z.object({
  name: z.string(),
  state: alarmStateSchema,
  reason: z.string(),
  /** Until the next evaluation, which may set it back (as on AWS). */
  note: z.string(),
});
export class AlarmStateSetDto extends createZodDto(alarmStateSetSchema) {}
export type AlarmStateSet = z.infer<typeof alarmStateSetSchema>;

/** The sparklines' window: a day at most (CloudWatch keeps sub-minute data only 3 hours). */
export const MAX_SERIES_HOURS = 24;
export const DEFAULT_SERIES_HOURS = 3;

export const alarmSeriesQuerySchema = z.strictObject({
  hours: z.coerce
    .number({ error: "must be a number of hours" })
    .int("must be a whole number of hours")
    .min(1, "must be at least 1")
    .max(MAX_SERIES_HOURS, `must be at most ${MAX_SERIES_HOURS}`)
    .default(DEFAULT_SERIES_HOURS)
    .describe(`hours back from now, 1..${MAX_SERIES_HOURS} (default ${DEFAULT_SERIES_HOURS})`),
});
export class AlarmSeriesQueryDto extends createZodDto(alarmSeriesQuerySchema) {}

export const alarmSeriesSchema = z.object({
  alarmName: z.string(),
  label: z.string().describe("what is drawn: the metric and statistic, or the expression's label"),
  threshold: z.number().nullable().describe("null for an anomaly-band alarm"),
  comparison: z.string().describe("GreaterThanOrEqualToThreshold, LessThanThreshold, ..."),
  period: z.number().int().nullable().describe("seconds per point: the period the alarm evaluates"),
  stat: z.string().nullable().describe("the statistic or extended statistic (p95...) read"),
  expression: z.string().nullable().describe("a metric-math alarm's expression, as the alarm states it"),
  unit: z.string().nullable(),
  points: z
    .array(
      z.object({
        t: z.number().int().describe("the bucket's start, epoch milliseconds"),
        v: z.number(),
      }),
    )
    .describe("oldest first; a bucket CloudWatch has no data for is absent (missing data to the alarm)"),
  problem: z.string().nullable().describe("why there is no series (CloudWatch could not compute it...)"),
});
export type AlarmSeries = z.infer<typeof alarmSeriesSchema>;

export const alarmSeriesListSchema = z.object({
  from: timestamp.describe("the window's start, floored to the longest period"),
  to: timestamp,
  /** One per alarm of the stack, by name. */
  items: z.array(alarmSeriesSchema),
});
export class AlarmSeriesListDto extends createZodDto(alarmSeriesListSchema) {}
export type AlarmSeriesList = z.infer<typeof alarmSeriesListSchema>;
