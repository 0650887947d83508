import type { MetricDataQuery } from "../../fields.ts";
import type { MetricDataResult, MetricReader } from "../../metric-reader.ts";
import type { MetricAlarmRecord } from "../model.ts";
import type { AlarmScope } from "../tables.ts";
import type { Datapoint } from "./decide.ts";

/**
 * The evaluation range of a metric alarm at an instant, and its datapoints read through
 * the metric store. An evaluation at `at` covers the periods up to the end of the minute
 * `at` falls in (of its 10/20/30 seconds, for high-resolution alarms): `at` stands for the
 * end of that minute, as "at the end of minute 5 the alarm evaluates minutes 1 to 5".
 */

/** CloudWatch looks past N periods in case some are missing; its guide's example uses N + 2. */
export const EXTRA_PERIODS = 2;

export interface EvaluationWindow {
  /** Seconds. */
  period: number;
  /** Epoch ms: [start, end). */
  start: number;
  end: number;
  /** Each period's start, oldest first. */
  slots: number[];
}

/**
 * A metric-math alarm runs at its metrics' period (10, 20 and 30 s included): the longest one
 * any of them names, or a minute when none does.
 */
export function alarmPeriod(alarm: MetricAlarmRecord): number {
  if (alarm.period !== undefined) return alarm.period;
  const periods = (alarm.metrics ?? [])
    .flatMap((q) => [q.MetricStat?.Period, q.Period])
    .filter((p): p is number => p !== undefined);
  return periods.length > 0 ? Math.max(...periods) : 60;
}

export function evaluationWindow(alarm: MetricAlarmRecord, at: number): EvaluationWindow {
  const period = alarmPeriod(alarm);
  const step = (period < 60 ? period : 60) * 1000;
  const end = Math.floor(at / step) * step + step;
  const count = alarm.evaluationPeriods + EXTRA_PERIODS;
  const start = end - count * period * 1000;
  const slots = Array.from({ length: count }, (_, i) => start + i * period * 1000);
  return { period, start, end, slots };
}

/** The alarm's datapoints by period start, and for band alarms the band's edges. */
export interface AlarmSeries {
  points: Map<number, Datapoint>;
  band?: { lower: Map<number, number>; upper: Map<number, number> };
}

function valuesBySlot(result: MetricDataResult | undefined, window: EvaluationWindow): Map<number, number> {
  const out = new Map<number, number>();
  if (!result) return out;
  const ms = window.period * 1000;
  result.Timestamps.forEach((t, i) => {
    const index = Math.floor((t.getTime() - window.start) / ms);
    const value = result.Values[i];
    if (index >= 0 && index < window.slots.length && value !== undefined)
      out.set(window.slots[index]!, value);
  });
  return out;
}

function singleMetricQueries(alarm: MetricAlarmRecord, period: number): MetricDataQuery[] {
  const stat = (s: string): MetricDataQuery => ({
    Id: s === "SampleCount" ? "c" : "m",
    MetricStat: {
      Metric: { Namespace: alarm.namespace, MetricName: alarm.metricName, Dimensions: alarm.dimensions },
      Period: period,
      Stat: s,
      ...(alarm.unit !== undefined ? { Unit: alarm.unit } : {}),
    },
    ReturnData: true,
  });
  const statistic = alarm.statistic ?? alarm.extendedStatistic ?? "Average";
  return statistic === "SampleCount" ? [stat(statistic)] : [stat(statistic), stat("SampleCount")];
}

export function readSeries(
  reader: MetricReader,
  scope: AlarmScope,
  alarm: MetricAlarmRecord,
  window: EvaluationWindow,
): AlarmSeries {
  const start = new Date(window.start);
  const end = new Date(window.end);
  if (alarm.metrics === undefined) {
    const results = reader.metricData(scope, singleMetricQueries(alarm, window.period), start, end);
    const values = valuesBySlot(
      results.find((r) => r.Id === "m") ?? results.find((r) => r.Id === "c"),
      window,
    );
    const counts = valuesBySlot(
      results.find((r) => r.Id === "c"),
      window,
    );
    const points = new Map<number, Datapoint>();
    for (const [timestamp, value] of values)
      points.set(timestamp, { timestamp, value, sampleCount: counts.get(timestamp) });
    return { points };
  }
  const results = reader.metricData(scope, alarm.metrics, start, end);
  const watched = alarm.metrics.find((q) => q.ReturnData !== false && q.Id !== alarm.thresholdMetricId);
  const main = results.find((r) => r.Id === watched?.Id);
  const points = new Map<number, Datapoint>();
  for (const [timestamp, value] of valuesBySlot(main, window)) points.set(timestamp, { timestamp, value });
  if (alarm.thresholdMetricId === undefined) return { points };
  // ANOMALY_DETECTION_BAND answers two series, the band's lower and upper edge.
  const edges = results.filter((r) => r.Id === alarm.thresholdMetricId).map((r) => valuesBySlot(r, window));
  const lower = new Map<number, number>();
  const upper = new Map<number, number>();
  for (const edge of edges) {
    for (const [t, v] of edge) {
      lower.set(t, Math.min(v, lower.get(t) ?? v));
      upper.set(t, Math.max(v, upper.get(t) ?? v));
    }
  }
  return { points, band: { lower, upper } };
}
