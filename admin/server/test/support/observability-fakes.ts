import {
  parseExpression,
  referencedIds,
} from "../../../../emulator/src/services/cloudwatch/metrics/math/parse.ts";
import {
  isExpressionQuery,
  type MetricData,
  type MetricQuery,
  type MetricRef,
  type MetricSeriesData,
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

/** GetMetricData's rule for an Id: a lower-case letter, then letters, digits and underscores. */
const QUERY_ID = /^[a-z][a-zA-Z0-9_]{0,254}$/;

/**
 * CloudWatch's metric data in memory: datapoints per metric and statistic, and per expression,
 * already bucketed (the fake does no aggregation or math: a test stores what GetMetricData would
 * answer). It refuses a call CloudWatch would refuse (a bad or repeated Id, an expression naming
 * an Id the call lacks, read with the emulator's own parser) and answers only the queries whose
 * ReturnData is not false, as CloudWatch does. Calls are recorded.
 */
export class FakeMetricData implements MetricData {
  readonly calls: { queries: MetricQuery[]; start: Date; end: Date }[] = [];
  readonly listCalls: { namespace: string; dimensions?: Record<string, string> }[] = [];
  readonly #points = new Map<string, { timestamp: number; value: number }[]>();
  readonly #expressions = new Map<string, { timestamp: number; value: number }[]>();
  readonly #metrics: MetricRef[] = [];

  /** Datapoints for a metric and statistic; the metric is listed by ListMetrics from then on. */
  put(metric: MetricRef, stat: string, points: { timestamp: number; value: number }[]): void {
    this.#points.set(`${metricKey(metric)}\n${stat}`, points);
    if (!this.#metrics.some((m) => metricKey(m) === metricKey(metric))) this.#metrics.push(metric);
  }

  /** What an expression (as sent, with the call's ids) evaluates to. */
  putExpression(expression: string, points: { timestamp: number; value: number }[]): void {
    this.#expressions.set(expression, points);
  }

  async query(
    queries: readonly MetricQuery[],
    range: { start: Date; end: Date },
  ): Promise<MetricSeriesData[]> {
    this.calls.push({ queries: [...queries], ...range });
    const ids = new Set<string>();
    for (const q of queries) {
      if (!QUERY_ID.test(q.id)) throw new Error(`ValidationError: invalid Id ${q.id}`);
      if (ids.has(q.id)) throw new Error(`ValidationError: Id ${q.id} is not unique`);
      ids.add(q.id);
    }
    for (const q of queries.filter(isExpressionQuery)) {
      for (const ref of referencedIds(parseExpression(q.expression)))
        if (!ids.has(ref)) throw new Error(`ValidationError: Error in expression ${q.id}: Unknown id ${ref}`);
    }
    const inRange = (points: { timestamp: number; value: number }[] | undefined) =>
      (points ?? []).filter((p) => p.timestamp >= range.start.getTime() && p.timestamp < range.end.getTime());
    return queries
      .filter((q) => q.returnData !== false)
      .map((q) => ({
        id: q.id,
        points: inRange(
          isExpressionQuery(q)
            ? this.#expressions.get(q.expression)
            : this.#points.get(`${metricKey(q.metric)}\n${q.stat}`),
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
