import type { MetricDataQuery } from "./fields.ts";

/** Whose metrics: CloudWatch keeps them per account and region. */
export interface MetricScope {
  accountId: string;
  region: string;
}

/** One result of GetMetricData, newest first (ScanBy TimestampDescending), as AWS returns it. */
export interface MetricDataResult {
  Id: string;
  Label: string;
  Timestamps: Date[];
  Values: number[];
  StatusCode: "Complete" | "PartialData" | "InternalError" | "Forbidden";
  Messages?: Array<{ Code: string; Value: string }>;
}

/**
 * How alarms and dashboards read stored metrics: GetMetricData's evaluation of metric
 * stats and metric math over [start, end), without its pagination.
 */
export interface MetricReader {
  metricData(
    scope: MetricScope,
    queries: readonly MetricDataQuery[],
    start: Date,
    end: Date,
  ): MetricDataResult[];
}
