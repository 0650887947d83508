import type {
  MetricData,
  MetricQuery,
  MetricRef,
  MetricSeriesData,
} from "../../src/repositories/metric-data.repository.ts";
import type {
  BucketUsage,
  FunctionSettings,
  TableUsage,
  UsageSources,
} from "../../src/repositories/usage-sources.repository.ts";

/** A metric's identity as CloudWatch compares it: namespace, name, every dimension. */
export const metricKey = (metric: MetricRef) =>
  JSON.stringify([
    metric.namespace,
    metric.metricName,
    Object.entries(metric.dimensions ?? {}).sort(([a], [b]) => a.localeCompare(b)),
  ]);

/**
 * CloudWatch's metric data in memory: datapoints per metric and statistic, already bucketed (the
 * fake does no aggregation: a test stores what GetMetricData would answer). Calls are recorded.
 */
export class FakeMetricData implements MetricData {
  readonly calls: { queries: MetricQuery[]; start: Date; end: Date }[] = [];
  readonly listCalls: { namespace: string; dimensions?: Record<string, string> }[] = [];
  readonly #points = new Map<string, { timestamp: number; value: number }[]>();
  readonly #metrics: MetricRef[] = [];

  /** Datapoints for a metric and statistic; the metric is listed by ListMetrics from then on. */
  put(metric: MetricRef, stat: string, points: { timestamp: number; value: number }[]): void {
    this.#points.set(`${metricKey(metric)}\n${stat}`, points);
    if (!this.#metrics.some((m) => metricKey(m) === metricKey(metric))) this.#metrics.push(metric);
  }

  async query(
    queries: readonly MetricQuery[],
    range: { start: Date; end: Date },
  ): Promise<MetricSeriesData[]> {
    this.calls.push({ queries: [...queries], ...range });
    return queries.map((q) => ({
      id: q.id,
      points: (this.#points.get(`${metricKey(q.metric)}\n${q.stat}`) ?? []).filter(
        (p) => p.timestamp >= range.start.getTime() && p.timestamp < range.end.getTime(),
      ),
    }));
  }

  async list(namespace: string, dimensions?: Record<string, string>): Promise<MetricRef[]> {
    this.listCalls.push({ namespace, ...(dimensions ? { dimensions } : {}) });
    return this.#metrics.filter(
      (m) =>
        m.namespace === namespace &&
        Object.entries(dimensions ?? {}).every(([name, value]) => m.dimensions?.[name] === value),
    );
  }
}

/** The resources' settings and sizes, as a test sets them. */
export class FakeUsageSources implements UsageSources {
  functions = new Map<string, FunctionSettings>();
  buckets = new Map<string, BucketUsage>();
  tables = new Map<string, TableUsage>();
  dashboardNames: string[] = [];
  storedBytes = new Map<string, number>();
  emails = new Map<string, number>();

  async functionSettings(functionName: string): Promise<FunctionSettings> {
    return this.functions.get(functionName) ?? { name: functionName, memoryMb: 128, architecture: "x86_64" };
  }
  async bucketUsage(bucket: string): Promise<BucketUsage> {
    return this.buckets.get(bucket) ?? { name: bucket, sizeBytes: 0, objectCount: 0, complete: true };
  }
  async tableUsage(table: string): Promise<TableUsage> {
    return this.tables.get(table) ?? { name: table, itemCount: 0, sizeBytes: 0 };
  }
  async dashboards(namePrefix: string): Promise<string[]> {
    return this.dashboardNames.filter((name) => name.startsWith(namePrefix));
  }
  async logGroupStoredBytes(logGroup: string): Promise<number | undefined> {
    return this.storedBytes.get(logGroup);
  }
  async emailSubscriptions(topic: { name: string }): Promise<number> {
    return this.emails.get(topic.name) ?? 0;
  }
}
