import { z } from "zod";
import {
  bool,
  dimension,
  dimensions,
  integer,
  list,
  metricDataQueries,
  metricName,
  namespace,
  nextToken,
  oneOf,
  standardUnit,
  text,
  timestamp,
} from "../fields.ts";

/**
 * Inputs of the metric operations. Parameters AWS reports as missing with its own wording
 * ("The parameter X is required.") are optional here and checked by the operation.
 */

/**
 * A datapoint value: a number, or its text (the query protocol; JSON's "NaN" and "Infinity").
 * NaN and the infinities get through so that PutMetricData can refuse them as AWS words it.
 */
export const datapointValue = z.union([z.number(), z.string()]).transform((v, ctx) => {
  if (typeof v === "number") return v;
  const t = v.trim();
  if (/^[-+]?inf(inity)?$/i.test(t))
    return t.startsWith("-") ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY;
  if (/^[-+]?nan$/i.test(t)) return Number.NaN;
  const n = Number(t);
  if (t === "" || Number.isNaN(n)) {
    ctx.addIssue({ code: "custom", message: "Member must be a number" });
    return z.NEVER;
  }
  return n;
});

const statisticSet = z.object({
  SampleCount: datapointValue.optional(),
  Sum: datapointValue.optional(),
  Minimum: datapointValue.optional(),
  Maximum: datapointValue.optional(),
});

export const metricDatum = z.object({
  MetricName: metricName.optional(),
  Dimensions: dimensions.optional(),
  Timestamp: timestamp.optional(),
  Value: datapointValue.optional(),
  StatisticValues: statisticSet.optional(),
  Values: list(datapointValue).optional(),
  Counts: list(datapointValue).optional(),
  Unit: standardUnit.optional(),
  StorageResolution: integer(1).optional(),
});
export type MetricDatumInput = z.infer<typeof metricDatum>;

/** The entity itself is accepted and not kept; its metric data is stored like MetricData. */
const entityMetricData = z.object({
  Entity: z
    .object({
      KeyAttributes: z.record(z.string(), z.string()).optional(),
      Attributes: z.record(z.string(), z.string()).optional(),
    })
    .optional(),
  MetricData: list(metricDatum).optional(),
});

const dimensionFilter = z.object({ Name: dimension.shape.Name, Value: dimension.shape.Value.optional() });

export const metricSchemas = {
  PutMetricData: z.object({
    Namespace: namespace.optional(),
    MetricData: list(metricDatum).optional(),
    EntityMetricData: list(entityMetricData).optional(),
    StrictEntityValidation: bool.optional(),
  }),
  GetMetricStatistics: z.object({
    Namespace: namespace.optional(),
    MetricName: metricName.optional(),
    Dimensions: dimensions.optional(),
    StartTime: timestamp.optional(),
    EndTime: timestamp.optional(),
    Period: integer(1).optional(),
    Statistics: list(oneOf(["SampleCount", "Average", "Sum", "Minimum", "Maximum"]), 5).optional(),
    ExtendedStatistics: list(text(), 10).optional(),
    Unit: standardUnit.optional(),
  }),
  GetMetricData: z.object({
    MetricDataQueries: metricDataQueries.optional(),
    StartTime: timestamp.optional(),
    EndTime: timestamp.optional(),
    NextToken: nextToken.optional(),
    ScanBy: oneOf(["TimestampDescending", "TimestampAscending"]).optional(),
    MaxDatapoints: integer().optional(),
    LabelOptions: z.object({ Timezone: text().optional() }).optional(),
  }),
  ListMetrics: z.object({
    Namespace: namespace.optional(),
    MetricName: metricName.optional(),
    Dimensions: list(dimensionFilter, 10).optional(),
    NextToken: nextToken.optional(),
    RecentlyActive: oneOf(["PT3H"]).optional(),
    IncludeLinkedAccounts: bool.optional(),
    OwningAccount: text({ min: 1, max: 255 }).optional(),
  }),
};
export type MetricSchemas = typeof metricSchemas;
export type MetricInput<K extends keyof MetricSchemas> = z.infer<MetricSchemas[K]>;
