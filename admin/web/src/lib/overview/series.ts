import type { AdminSchema } from "@darkroom/admin-client";

export type MetricsSeries = AdminSchema<"MetricsSeriesDto_Output">;
export type SeriesName = MetricsSeries["series"][number]["name"];

/** Chart data: one x axis (epoch seconds) shared by the lines, null where a line has no point. */
export interface Aligned {
  x: number[];
  lines: { label: string; values: (number | null)[] }[];
}

/**
 * Lines on one time axis. CloudWatch leaves out buckets without data: counts read them as 0
 * (nothing happened), durations as gaps (nothing to measure).
 */
export function align(metrics: MetricsSeries, names: SeriesName[], missingAsZero: boolean): Aligned {
  const chosen = names.map((name) => metrics.series.find((s) => s.name === name));
  const step = metrics.period * 1000;
  const start = Date.parse(metrics.from);
  const end = Date.parse(metrics.to);
  const times: number[] = [];
  for (let t = start; t < end; t += step) times.push(t);
  return {
    x: times.map((t) => t / 1000),
    lines: chosen.map((series, i) => {
      const byTime = new Map(series?.points.map((p) => [p.t, p.v]) ?? []);
      return {
        label: series?.label ?? names[i] ?? "",
        values: times.map((t) => byTime.get(t) ?? (missingAsZero ? 0 : null)),
      };
    }),
  };
}

/** The newest bucket's value of a series, or null when it has none. */
export function latest(metrics: MetricsSeries, name: SeriesName): number | null {
  return metrics.series.find((s) => s.name === name)?.points.at(-1)?.v ?? null;
}

/** The sum of a series' buckets (counts). */
export function total(metrics: MetricsSeries, name: SeriesName): number {
  return metrics.series.find((s) => s.name === name)?.points.reduce((sum, p) => sum + p.v, 0) ?? 0;
}
