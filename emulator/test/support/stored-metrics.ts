import type { MetricStore } from "../../src/metrics/metric-store.ts";
import { computeStatistic } from "../../src/metrics/statistics.ts";

/** One minute of one series and unit, as the metric store holds it. */
export interface StoredMinute {
  metricName: string;
  dimensions: Record<string, string>;
  unit: string;
  /** Start of the minute, ms. */
  minute: number;
  sampleCount: number;
  sum: number;
  minimum: number;
  maximum: number;
}

const DEFAULT_SCOPE = { accountId: "000000000000", region: "us-east-1" };

/** Every stored minute of a namespace's series, by metric name, dimensions, then time. */
export function storedMinutes(store: MetricStore, namespace: string, scope = DEFAULT_SCOPE): StoredMinute[] {
  const out: StoredMinute[] = [];
  for (const series of store.listSeries(scope)) {
    if (series.namespace !== namespace) continue;
    for (const period of store.periods(series, {
      start: 0,
      end: Number.MAX_SAFE_INTEGER,
      periodMs: 60_000,
    })) {
      for (const [unit, parts] of period.units) {
        const stat = (name: "SampleCount" | "Sum" | "Minimum" | "Maximum") =>
          computeStatistic({ kind: "simple", name }, parts)!;
        out.push({
          metricName: series.metricName,
          dimensions: Object.fromEntries(series.dimensions),
          unit,
          minute: period.time,
          sampleCount: stat("SampleCount"),
          sum: stat("Sum"),
          minimum: stat("Minimum"),
          maximum: stat("Maximum"),
        });
      }
    }
  }
  return out;
}

export function minuteOf(time: number): number {
  return Math.floor(time / 60_000) * 60_000;
}
