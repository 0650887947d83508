import { z } from "zod";
import { STANDARD_UNITS } from "../../metrics/units.ts";
import { oneOf, text } from "../../protocol/model-fields.ts";
import { bool, integer, list } from "../../protocol/query-fields.ts";

export type { StandardUnit } from "../../metrics/units.ts";
export { bool, integer, list, oneOf, text };

/**
 * Field types of CloudWatch inputs, with its model's constraints and AWS's wording when
 * one is violated. One schema serves three protocols: the query protocol sends every
 * value as a string, awsJson1_0 sends numbers and epoch-second timestamps, and
 * rpc-v2-cbor sends numbers and tagged dates (already Dates when they arrive here).
 */

/** A double: a number, or its text in the query protocol. */
export const double = z.coerce
  .number({ error: "Member must be a number" })
  .refine((n) => Number.isFinite(n), "Member must be a number");

/** A timestamp: a Date (CBOR), epoch seconds (JSON) or ISO 8601 / epoch text (query). */
export const timestamp = z.union([z.date(), z.number(), z.string()]).transform((v, ctx) => {
  const date =
    v instanceof Date
      ? v
      : typeof v === "number"
        ? new Date(v * 1000)
        : /^\d+(\.\d+)?$/.test(v)
          ? new Date(Number(v) * 1000)
          : new Date(v);
  if (Number.isNaN(date.getTime())) {
    ctx.addIssue({ code: "custom", message: "Member must be a timestamp" });
    return z.NEVER;
  }
  return date;
});

export const namespace = text({ min: 1, max: 255, pattern: "[^:].*" });
export const metricName = text({ min: 1, max: 255 });
export const nextToken = text({ min: 0, max: 1024 });
export const alarmName = text({ min: 1, max: 255 });
export const resourceArn = text({ min: 1, max: 1024 });
export const actionArn = text({ min: 1, max: 1024 });

export const standardUnit = oneOf(STANDARD_UNITS);

export const dimension = z.object({
  Name: text({ min: 1, max: 255 }),
  Value: text({ min: 1, max: 1024 }),
});
export type Dimension = z.infer<typeof dimension>;
export const dimensions = list(dimension, 30);

export const metric = z.object({
  Namespace: namespace.optional(),
  MetricName: metricName.optional(),
  Dimensions: dimensions.optional(),
});
export type Metric = z.infer<typeof metric>;

/** SampleCount, Average, Sum, Minimum, Maximum, or an extended statistic such as p95 or tm90. */
export const statistic = text({ min: 1, max: 64 });

export const metricStat = z.object({
  Metric: metric,
  Period: integer(1),
  Stat: statistic,
  Unit: standardUnit.optional(),
});
export type MetricStat = z.infer<typeof metricStat>;

/** One query of GetMetricData, and one entry of a metric-math alarm's Metrics. */
export const metricDataQuery = z.object({
  Id: text({ min: 1, max: 255, pattern: "[a-z][a-zA-Z0-9_]*" }),
  MetricStat: metricStat.optional(),
  Expression: text({ min: 1, max: 2048 }).optional(),
  Label: text().optional(),
  ReturnData: bool.optional(),
  Period: integer(1).optional(),
  AccountId: text({ min: 1, max: 255 }).optional(),
});
export type MetricDataQuery = z.infer<typeof metricDataQuery>;
export const metricDataQueries = list(metricDataQuery, 500);

export const tag = z.object({ Key: text({ min: 1, max: 128 }), Value: text({ min: 0, max: 256 }) });
export const tags = list(tag);
export const tagKeys = list(text({ min: 1, max: 128 }));
