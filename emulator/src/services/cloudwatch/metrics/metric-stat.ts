import type { MetricScope, MetricStore } from "../../../metrics/metric-store.ts";
import type { PeriodData } from "../../../metrics/period-query.ts";
import { computeStatistic, parseStatistic } from "../../../metrics/statistics.ts";
import type { StandardUnit } from "../../../metrics/units.ts";
import type { MetricDataQuery } from "../fields.ts";
import { emptySeries, type TimeSeries } from "./math/values.ts";
import type { ResultMessage } from "./metric-data.ts";
import { alignedStart } from "./time-range.ts";

/**
 * The unit GetMetricData reports when a query names none and the data has several: AWS
 * picks the first of this order that the data has (observed behaviour).
 */
const UNIT_PREFERENCE: readonly StandardUnit[] = [
  "Megabits",
  "Terabits",
  "Gigabits",
  "Count",
  "Bytes",
  "Gigabytes",
  "Gigabytes/Second",
  "Kilobytes",
  "Kilobits/Second",
  "Terabytes",
  "Terabits/Second",
  "Bytes/Second",
  "Percent",
  "Megabytes",
  "Megabits/Second",
  "Milliseconds",
  "Microseconds",
  "Kilobytes/Second",
  "Gigabits/Second",
  "Megabytes/Second",
  "Bits",
  "Bits/Second",
  "Count/Second",
  "Seconds",
  "Kilobits",
  "Terabytes/Second",
  "None",
];

/**
 * A MetricStat query's values: its statistic per period over [start, end), for its unit, or
 * when it names none for the unit AWS would pick (with a MultipleUnits message).
 */
export function readMetricStat(
  store: MetricStore,
  scope: MetricScope,
  q: MetricDataQuery,
  start: number,
  end: number,
  now: number,
): { series: TimeSeries; messages: ResultMessage[] } {
  const stat = q.MetricStat!;
  const periodMs = stat.Period * 1000;
  const out = emptySeries("", periodMs);
  const series = store.findSeries(
    scope,
    stat.Metric.Namespace!,
    stat.Metric.MetricName!,
    (stat.Metric.Dimensions ?? []).map((d) => [d.Name, d.Value] as const),
  );
  if (!series) return { series: out, messages: [] };
  const periods = store.periods(series, {
    start: alignedStart(start, stat.Period, now),
    end,
    periodMs,
    unit: stat.Unit,
  });
  const messages: ResultMessage[] = [];
  const unit = stat.Unit ?? chooseUnit(periods, messages);
  const statistic = parseStatistic(stat.Stat)!;
  for (const data of periods) {
    const parts = data.units.get(unit ?? "");
    const value = parts ? computeStatistic(statistic, parts) : undefined;
    if (value === undefined) continue;
    out.times.push(data.time);
    out.values.push(value);
  }
  return { series: out, messages };
}

function chooseUnit(periods: readonly PeriodData[], messages: ResultMessage[]): string | undefined {
  const units = new Set<string>();
  for (const data of periods) for (const unit of data.units.keys()) units.add(unit);
  if (units.size <= 1) return units.values().next().value;
  const sorted = [...units].sort();
  messages.push({ Code: "MultipleUnits", Value: `Multiple units returned: '[${sorted.join(", ")}]'` });
  return UNIT_PREFERENCE.find((u) => units.has(u)) ?? sorted[0];
}
