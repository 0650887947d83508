/** One CloudWatch metric, as GetMetricData's MetricStat names it. */
export interface MetricRef {
  namespace: string;
  metricName: string;
  dimensions?: Record<string, string>;
}

interface QueryBase {
  /** GetMetricData's Id: a lower-case letter, then letters, digits and underscores; unique in a call. */
  id: string;
  /**
   * Whether the call answers this query's series (default true). false for a metric-math
   * expression's inputs: CloudWatch reads them for the expression and returns only its result.
   */
  returnData?: boolean;
}

/** A metric, its statistic (Sum, SampleCount, p95...) and period. */
export interface MetricStatQuery extends QueryBase {
  metric: MetricRef;
  stat: string;
  periodSeconds: number;
  /** Only the datapoints published with this unit (as an alarm with a Unit reads them). */
  unit?: string;
}

/** A metric-math expression over the call's other queries' ids, e.g. `100 * FILL(s, 0) / n`. */
export interface ExpressionQuery extends QueryBase {
  expression: string;
  /** Needed only by expressions that read no query of the call (Metrics Insights, SEARCH). */
  periodSeconds?: number;
}

export type MetricQuery = MetricStatQuery | ExpressionQuery;

export const isExpressionQuery = (query: MetricQuery): query is ExpressionQuery => "expression" in query;

/** The buckets CloudWatch has data for, oldest first; missing buckets are absent. */
export interface MetricSeriesData {
  id: string;
  points: { timestamp: number; value: number }[];
  /** CloudWatch could not compute the series (an expression's InternalError...): its messages. */
  problem?: string;
}

export interface MetricData {
  /**
   * One GetMetricData call (following NextToken if CloudWatch pages) for every query; a series
   * for each query whose `returnData` is not false, in the queries' order.
   */
  query(queries: readonly MetricQuery[], range: { start: Date; end: Date }): Promise<MetricSeriesData[]>;
  /** ListMetrics: the metrics of a namespace (with these dimensions, when given) that exist. */
  list(namespace: string, dimensions?: Record<string, string>): Promise<MetricRef[]>;
}
