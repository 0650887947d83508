/** One CloudWatch metric, as GetMetricData's MetricStat names it. */
export interface MetricRef {
  namespace: string;
  metricName: string;
  dimensions?: Record<string, string>;
}

/** One query of a GetMetricData call: a metric, its statistic (Sum, SampleCount, p95...) and period. */
export interface MetricQuery {
  /** GetMetricData's Id: a lower-case letter, then letters, digits and underscores. */
  id: string;
  metric: MetricRef;
  stat: string;
  periodSeconds: number;
}

/** The buckets CloudWatch has data for, oldest first; missing buckets are absent. */
export interface MetricSeriesData {
  id: string;
  points: { timestamp: number; value: number }[];
}

export interface MetricData {
  /** One GetMetricData call (following NextToken if CloudWatch pages) for every query. */
  query(queries: readonly MetricQuery[], range: { start: Date; end: Date }): Promise<MetricSeriesData[]>;
  /** ListMetrics: the metrics of a namespace (with these dimensions, when given) that exist. */
  list(namespace: string, dimensions?: Record<string, string>): Promise<MetricRef[]>;
}
