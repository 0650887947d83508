import {
  type CloudWatchClient,
  GetMetricDataCommand,
  ListMetricsCommand,
  type MetricDataQuery,
  type MetricDataResult,
  StandardUnit,
} from "@aws-sdk/client-cloudwatch";
import {
  isExpressionQuery,
  type MetricData,
  type MetricQuery,
  type MetricRef,
  type MetricSeriesData,
} from "./metric-data.repository.ts";

/** ListMetrics pages (500 metrics each) read at most; a namespace of ours holds a few dozen. */
const MAX_LIST_PAGES = 20;

const dimensionList = (dimensions: Record<string, string> | undefined) =>
  Object.entries(dimensions ?? {}).map(([Name, Value]) => ({ Name, Value }));

/** CloudWatch's GetMetricData and ListMetrics. */
export class CloudWatchMetricData implements MetricData {
  readonly #cloudwatch: CloudWatchClient;

  constructor(cloudwatch: CloudWatchClient) {
    this.#cloudwatch = cloudwatch;
  }

  async query(
    queries: readonly MetricQuery[],
    range: { start: Date; end: Date },
  ): Promise<MetricSeriesData[]> {
    if (queries.length === 0) return [];
    const results = new Map<string, MetricSeriesData>(
      queries.filter((q) => q.returnData !== false).map((q) => [q.id, { id: q.id, points: [] }]),
    );
    let nextToken: string | undefined;
    do {
      const page = await this.#cloudwatch.send(
        new GetMetricDataCommand({
          StartTime: range.start,
          EndTime: range.end,
          ScanBy: "TimestampAscending",
          NextToken: nextToken,
          MetricDataQueries: queries.map(toMetricDataQuery),
        }),
      );
      for (const result of page.MetricDataResults ?? []) append(results, result);
      nextToken = page.NextToken;
    } while (nextToken !== undefined);
    for (const series of results.values()) series.points.sort((a, b) => a.timestamp - b.timestamp);
    return [...results.values()];
  }

  async list(namespace: string, dimensions?: Record<string, string>): Promise<MetricRef[]> {
    const metrics: MetricRef[] = [];
    let nextToken: string | undefined;
    let pages = 0;
    do {
      const page = await this.#cloudwatch.send(
        new ListMetricsCommand({
          Namespace: namespace,
          ...(dimensions ? { Dimensions: dimensionList(dimensions) } : {}),
          NextToken: nextToken,
        }),
      );
      for (const metric of page.Metrics ?? []) {
        metrics.push({
          namespace: metric.Namespace ?? namespace,
          metricName: metric.MetricName ?? "",
          dimensions: Object.fromEntries((metric.Dimensions ?? []).map((d) => [d.Name ?? "", d.Value ?? ""])),
        });
      }
      nextToken = page.NextToken;
      pages += 1;
    } while (nextToken !== undefined && pages < MAX_LIST_PAGES);
    return metrics;
  }
}

const UNITS: readonly string[] = Object.values(StandardUnit);
const isStandardUnit = (unit: string): unit is StandardUnit => UNITS.includes(unit);

function toMetricDataQuery(q: MetricQuery): MetricDataQuery {
  const base = { Id: q.id, ReturnData: q.returnData !== false };
  if (isExpressionQuery(q))
    return { ...base, Expression: q.expression, ...(q.periodSeconds ? { Period: q.periodSeconds } : {}) };
  return {
    ...base,
    MetricStat: {
      Metric: {
        Namespace: q.metric.namespace,
        MetricName: q.metric.metricName,
        Dimensions: dimensionList(q.metric.dimensions),
      },
      Stat: q.stat,
      Period: q.periodSeconds,
      ...(q.unit !== undefined && isStandardUnit(q.unit) ? { Unit: q.unit } : {}),
    },
  };
}

function append(results: Map<string, MetricSeriesData>, result: MetricDataResult): void {
  const series = result.Id === undefined ? undefined : results.get(result.Id);
  if (!series) return;
  // InternalError: an expression CloudWatch could not compute; Forbidden: another account's data.
  if (result.StatusCode === "InternalError" || result.StatusCode === "Forbidden") {
    const said = (result.Messages ?? []).map((m) => [m.Code, m.Value].filter(Boolean).join(": "));
    series.problem = [result.StatusCode, ...said].join(" - ");
  }
  const timestamps = result.Timestamps ?? [];
  const values = result.Values ?? [];
  timestamps.forEach((at, i) => {
    const value = values[i];
    if (value !== undefined) series.points.push({ timestamp: at.getTime(), value });
  });
}
