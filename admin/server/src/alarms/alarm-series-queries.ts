import type { Alarm, MetricQuery as AlarmLine } from "../repositories/alarms.repository.ts";
import type { MetricQuery } from "../repositories/metric-data.repository.ts";
import { renameMathIds } from "./metric-math-ids.ts";

/** How one alarm's series is read: the query that answers it in the shared call, or why none does. */
export interface AlarmSeriesPlan {
  alarm: Alarm;
  /** The query whose result is the series; null when the alarm cannot be drawn (`problem` says why). */
  resultId: string | null;
  /** Seconds per point: the period the alarm evaluates. */
  periodSeconds: number | null;
  /** A single-metric alarm's statistic or extended statistic (Sum, p95...). */
  stat: string | null;
  /** A metric-math alarm's expression, as the alarm states it. */
  expression: string | null;
  label: string;
  problem: string | null;
}

/**
 * The queries of ONE GetMetricData call reading what every alarm evaluates: a single-metric
 * alarm's metric with its own statistic and period, or a metric-math alarm's lines, the one with
 * ReturnData answering and the metrics it reads with ReturnData false. Ids must be unique in a
 * call, so alarm i's are `a<i>` and `a<i>_<its line id>` (a lower-case letter first, as
 * CloudWatch requires), and its expressions are rewritten to name them.
 */
export function alarmSeriesQueries(alarms: readonly Alarm[]): {
  queries: MetricQuery[];
  plans: AlarmSeriesPlan[];
} {
  const queries: MetricQuery[] = [];
  const plans = alarms.map((alarm, i): AlarmSeriesPlan => {
    const planned = alarm.metric ? singleMetric(alarm, `a${i}`) : metricMath(alarm, `a${i}_`);
    if ("problem" in planned) {
      return { alarm, resultId: null, periodSeconds: null, stat: null, expression: null, ...planned };
    }
    queries.push(...planned.queries);
    return { alarm, problem: null, ...planned.plan };
  });
  return { queries, plans };
}

type Planned =
  | { queries: MetricQuery[]; plan: Omit<AlarmSeriesPlan, "alarm" | "problem"> }
  | { problem: string; label: string };

function singleMetric(alarm: Alarm, id: string): Planned {
  const metric = alarm.metric!;
  const stat = alarm.extendedStatistic ?? alarm.statistic;
  const label = `${metric.namespace} ${metric.name}${stat ? ` ${stat}` : ""}`;
  if (stat === null || alarm.period === null)
    return { problem: "the alarm names no statistic or period to read its metric with", label };
  const query: MetricQuery = {
    id,
    metric: { namespace: metric.namespace, metricName: metric.name, dimensions: metric.dimensions },
    stat,
    periodSeconds: alarm.period,
    ...(alarm.unit ? { unit: alarm.unit } : {}),
  };
  return {
    queries: [query],
    plan: { resultId: id, periodSeconds: alarm.period, stat, expression: null, label },
  };
}

function metricMath(alarm: Alarm, prefix: string): Planned {
  // An alarm returns exactly one line (an anomaly band's alarm two: the metric comes first).
  const returned = alarm.metrics.find((line) => line.returnData);
  const label = returned?.label ?? returned?.expression ?? "Metric math";
  if (returned === undefined) return { problem: "none of the alarm's metric-math lines returns data", label };
  const periods = alarm.metrics.flatMap((line) => (line.metric ? [line.metric.period] : []));
  // Without a metric line the expression is a Metrics Insights query, whose own period is not described here.
  if (periods.length === 0)
    return { problem: "Metrics Insights alarms are not drawn: the query reads no metric line", label };
  const renamed = new Map(alarm.metrics.map((line) => [line.id, `${prefix}${line.id}`]));
  const queries = alarm.metrics.flatMap((line) => lineQuery(line, line === returned, renamed));
  return {
    queries,
    plan: {
      resultId: renamed.get(returned.id)!,
      periodSeconds: returned.metric?.period ?? Math.min(...periods),
      stat: returned.metric?.stat ?? null,
      expression: returned.expression,
      label,
    },
  };
}

function lineQuery(
  line: AlarmLine,
  returnData: boolean,
  renamed: ReadonlyMap<string, string>,
): MetricQuery[] {
  const id = renamed.get(line.id)!;
  if (line.metric) {
    const { namespace, name, dimensions, stat, period } = line.metric;
    return [
      { id, metric: { namespace, metricName: name, dimensions }, stat, periodSeconds: period, returnData },
    ];
  }
  if (line.expression !== null)
    return [{ id, expression: renameMathIds(line.expression, renamed), returnData }];
  return [];
}
