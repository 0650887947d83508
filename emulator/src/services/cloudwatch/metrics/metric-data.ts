import type { MetricScope, MetricStore } from "../../../metrics/metric-store.ts";
import type { MetricDataQuery } from "../fields.ts";
import { evaluate } from "./math/evaluate.ts";
import { MathError } from "./math/parse.ts";
import {
  emptySeries,
  type MathContext,
  type MathValue,
  seriesValue,
  type TimeSeries,
} from "./math/values.ts";
import { readMetricStat } from "./metric-stat.ts";
import { checkQueries } from "./query-checks.ts";
import { periodStarts } from "./time-range.ts";

export interface ResultMessage {
  Code: string;
  Value: string;
}

/** One result of GetMetricData before pagination: values in time order. */
export interface EvaluatedResult {
  id: string;
  label: string;
  times: number[];
  values: number[];
  statusCode: "Complete" | "InternalError";
  messages: ResultMessage[];
}

const ARITHMETIC_MESSAGE: ResultMessage = {
  Code: "ArithmeticError",
  Value: "One or more data-points have been dropped due to non-numeric values (NaN, -Infinite, +Infinite)",
};

/**
 * GetMetricData's evaluation without pagination: every MetricStat and math expression over
 * [start, end), and the results of those with ReturnData (default true), in request order.
 * Mistakes a request can be checked for (ids, statistics, periods, expression syntax and
 * references) throw ValidationError; an expression that fails while evaluating (wrong argument
 * types, a scalar result) gets StatusCode InternalError and a message.
 */
export function evaluateMetricData(
  store: MetricStore,
  scope: MetricScope,
  queries: readonly MetricDataQuery[],
  start: number,
  end: number,
  now: number,
): EvaluatedResult[] {
  const expressions = checkQueries(queries);
  const byId = new Map(queries.map((q) => [q.Id, q]));
  const stats = queries.flatMap((q) => (q.MetricStat ? [q.MetricStat] : []));
  const differ = {
    stat: new Set(stats.map((s) => s.Stat)).size > 1,
    period: new Set(stats.map((s) => s.Period)).size > 1,
  };
  const minPeriodMs = stats.length ? Math.min(...stats.map((s) => s.Period)) * 1000 : 60_000;
  const metricSeries = new Map<string, { series: TimeSeries; messages: ResultMessage[] }>();
  const expressionValues = new Map<string, { value: MathValue; dropped: boolean } | MathError>();

  const metricOf = (q: MetricDataQuery) => {
    let found = metricSeries.get(q.Id);
    if (!found) {
      found = readMetricStat(
        store,
        { ...scope, accountId: q.AccountId ?? scope.accountId },
        q,
        start,
        end,
        now,
      );
      found.series.label = q.Label ?? defaultLabel(q, differ);
      metricSeries.set(q.Id, found);
    }
    return found;
  };
  const contextFor = (q: MetricDataQuery): MathContext => {
    const ctx: MathContext = {
      start,
      end,
      now,
      defaultPeriodMs: q.Period ? q.Period * 1000 : minPeriodMs,
      dropped: false,
      resolve: (id) => {
        const ref = byId.get(id)!;
        if (ref.MetricStat) return seriesValue(metricOf(ref).series);
        const computed = expressionOf(ref);
        if (computed instanceof MathError) throw computed;
        ctx.dropped ||= computed.dropped;
        return computed.value;
      },
      metrics: (filter) =>
        queries
          .filter((m) => m.MetricStat && (filter === undefined || m.Id.includes(filter)))
          .map((m) => metricOf(m).series),
      grid: (periodMs) => periodStarts(start, end, periodMs / 1000, now),
    };
    return ctx;
  };
  const expressionOf = (q: MetricDataQuery) => {
    let computed = expressionValues.get(q.Id);
    if (!computed) {
      const ctx = contextFor(q);
      try {
        computed = { value: evaluate(expressions.get(q.Id)!, ctx), dropped: ctx.dropped };
      } catch (err) {
        if (!(err instanceof MathError)) throw err;
        computed = err;
      }
      expressionValues.set(q.Id, computed);
    }
    return computed;
  };

  const results: EvaluatedResult[] = [];
  for (const q of queries) {
    if (q.ReturnData === false) continue;
    if (q.MetricStat) {
      const { series, messages } = metricOf(q);
      results.push(result(q.Id, series.label, series, "Complete", messages));
      continue;
    }
    const computed = expressionOf(q);
    const failed = (message: string) =>
      result(q.Id, q.Label ?? q.Id, emptySeries("", minPeriodMs), "InternalError", [
        { Code: "InternalError", Value: `Error in expression ${q.Id}: ${message}` },
      ]);
    if (computed instanceof MathError) {
      results.push(failed(computed.message));
      continue;
    }
    const messages = computed.dropped ? [ARITHMETIC_MESSAGE] : [];
    const value = computed.value;
    if (value.kind === "series")
      results.push(result(q.Id, q.Label ?? q.Id, value.series, "Complete", messages));
    else if (value.kind === "array") {
      for (const item of value.items) {
        const label = q.Label ? `${q.Label} ${item.label}` : item.label;
        results.push(result(q.Id, label, item, "Complete", messages));
      }
    } else results.push(failed("the expression must produce a time series or an array of time series"));
  }
  return results;
}

function result(
  id: string,
  label: string,
  series: TimeSeries,
  statusCode: EvaluatedResult["statusCode"],
  messages: ResultMessage[],
): EvaluatedResult {
  return { id, label, times: series.times, values: series.values, statusCode, messages };
}

/** The metric's name, then the statistic and period where the request's metrics differ in them. */
function defaultLabel(q: MetricDataQuery, differ: { stat: boolean; period: boolean }): string {
  const stat = q.MetricStat!;
  let label = stat.Metric.MetricName ?? "";
  if (differ.stat) label += ` ${stat.Stat}`;
  if (differ.period) label += ` ${stat.Period}`;
  return label;
}
