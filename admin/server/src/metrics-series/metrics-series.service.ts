import { Inject, Injectable } from "@nestjs/common";
import { METRIC_DATA, STACK_RESOURCES } from "../app/tokens.ts";
import { badRequest } from "../http/bad-request.ts";
import type { MetricData, MetricQuery } from "../repositories/metric-data.repository.ts";
import type { StackResources } from "../settings/stack-resources.ts";
import type { MetricsQuery, MetricsSeries } from "./metrics-series.dto.ts";
import { resolveMetricsWindow } from "./metrics-window.ts";
import { SERIES_NAMES, type SeriesDefinition, type SeriesName, seriesCatalog } from "./series-catalog.ts";

/** The console's charts: every asked series in one GetMetricData call. */
@Injectable()
export class MetricsSeriesService {
  readonly #metrics: MetricData;
  readonly #catalog: Record<SeriesName, SeriesDefinition>;

  constructor(@Inject(METRIC_DATA) metrics: MetricData, @Inject(STACK_RESOURCES) stack: StackResources) {
    this.#metrics = metrics;
    this.#catalog = seriesCatalog(stack);
  }

  async series(query: MetricsQuery, now = Date.now()): Promise<MetricsSeries> {
    const resolved = resolveMetricsWindow(query, now);
    // The DTO refused this already; a window that crossed a limit since (the clock moved) is a 400 too.
    if ("issue" in resolved) throw badRequest(resolved.issue.field, resolved.issue.message);
    const { start, end, periodSeconds } = resolved.window;
    const names = query.series ?? [...SERIES_NAMES];
    const queries: MetricQuery[] = names.map((name, i) => ({
      id: `s${i}`,
      metric: this.#catalog[name].metric,
      stat: this.#catalog[name].stat,
      periodSeconds,
    }));
    const data = new Map((await this.#metrics.query(queries, { start, end })).map((s) => [s.id, s.points]));
    return {
      series: names.map((name, i) => {
        const { label, unit } = this.#catalog[name];
        const points = (data.get(`s${i}`) ?? []).map((p) => ({ t: p.timestamp, v: p.value }));
        return { name, unit, label, points };
      }),
      period: periodSeconds,
      from: start.toISOString(),
      to: end.toISOString(),
    };
  }
}
