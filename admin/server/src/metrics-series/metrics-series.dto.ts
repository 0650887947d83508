import { createZodDto } from "nestjs-zod";
import { z } from "zod";
import { METRICS_LIMITS, resolveMetricsWindow } from "./metrics-window.ts";
import { SERIES_NAMES } from "./series-catalog.ts";

/** Written with its prefix: see metrics-series.controller.ts. */
export const METRICS_SERIES_PATH = "api/metrics";

const seriesName = z.enum(SERIES_NAMES, { error: `each series must be one of ${SERIES_NAMES.join(", ")}` });

/** `series=a,b` or `series=a&series=b`; omitted: every series. */
const seriesList = z.preprocess(
  (value) => {
    if (value === undefined) return undefined;
    const text = Array.isArray(value) ? value.join(",") : String(value);
    return text
      .split(",")
      .map((name) => name.trim())
      .filter((name) => name.length > 0);
  },
  z
    .array(seriesName)
    .min(1, "name at least one series")
    .max(SERIES_NAMES.length)
    .transform((names) => [...new Set(names)])
    .optional(),
);

export const metricsQuerySchema = z
  .strictObject({
    series: seriesList.describe(`comma-separated; default: all of ${SERIES_NAMES.join(", ")}`),
    from: z.iso
      .datetime({ offset: true, error: "must be an ISO 8601 time" })
      .optional()
      .describe("start of the range (default: 3 hours before `to`); within the last 15 days"),
    to: z.iso
      .datetime({ offset: true, error: "must be an ISO 8601 time" })
      .optional()
      .describe("end of the range (default: now)"),
    period: z.coerce
      .number({ error: "must be a number of seconds" })
      .int("must be a whole number of seconds")
      .min(METRICS_LIMITS.minPeriodSeconds, `must be at least ${METRICS_LIMITS.minPeriodSeconds} s`)
      .max(METRICS_LIMITS.maxPeriodSeconds, `must be at most ${METRICS_LIMITS.maxPeriodSeconds} s`)
      .refine((seconds) => seconds % 60 === 0, "must be a multiple of 60 s")
      .optional()
      .describe(
        `seconds per point, 60..86,400 and a multiple of 60, at most ${METRICS_LIMITS.maxPoints} points per series (default: the first of 60, 300, 900, 3,600... giving ≤ 360 points)`,
      ),
  })
  .superRefine((query, ctx) => {
    const resolved = resolveMetricsWindow(query, Date.now());
    if ("issue" in resolved) {
      ctx.addIssue({ code: "custom", path: [resolved.issue.field], message: resolved.issue.message });
    }
  });
export class MetricsQueryDto extends createZodDto(metricsQuerySchema) {}
export type MetricsQuery = z.infer<typeof metricsQuerySchema>;

export const metricsSeriesSchema = z.object({
  series: z.array(
    z.object({
      name: seriesName,
      unit: z.enum(["Count", "Milliseconds", "Bytes"]),
      label: z.string(),
      points: z
        .array(
          z.object({
            t: z.number().int().describe("the bucket's start, epoch milliseconds"),
            v: z.number(),
          }),
        )
        .describe(
          "Oldest first. Only buckets CloudWatch has data for: a missing bucket is absent, not zero (no invocation, no upload, or no data yet)",
        ),
    }),
  ),
  period: z.number().int().describe("seconds per point"),
  from: z.iso.datetime().describe("the first bucket's start (`from` floored to the period)"),
  to: z.iso.datetime(),
});
export class MetricsSeriesDto extends createZodDto(metricsSeriesSchema) {}
export type MetricsSeries = z.infer<typeof metricsSeriesSchema>;
