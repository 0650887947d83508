import type { MetricDatum } from "../../metrics/metric-sink.ts";
import type { IncomingEvent } from "./event-log.ts";
import { LogMessage, matchPattern, resolveField } from "./filter-pattern/index.ts";
import type { CompiledMetricFilter, CompiledTransformation } from "./metric-transformations.ts";
import type { Scope } from "./state.ts";

/**
 * The data points a group's metric filters make of ingested events: for each event and
 * transformation, the metric value when the pattern matches, or the default value (without
 * dimensions) when it does not and one is set. A match whose value or a dimension is not
 * in the event, or whose value is not a number, emits nothing.
 */
export function metricDataFor(
  filters: readonly CompiledMetricFilter[],
  events: readonly IncomingEvent[],
  scope: Scope,
): MetricDatum[] {
  const data: MetricDatum[] = [];
  for (const event of events) {
    const message = new LogMessage(event.message);
    const timestamp = new Date(event.timestamp);
    for (const filter of filters) {
      const match = matchPattern(filter.pattern, message);
      for (const t of filter.transformations) {
        if (!match) {
          if (t.defaultValue !== undefined) data.push(datum(scope, t, t.defaultValue, {}, timestamp));
          continue;
        }
        const value =
          t.value.type === "constant" ? t.value.value : toNumber(resolveField(match, t.value.ref));
        if (value === null) continue;
        const dimensions: Record<string, string> = {};
        let complete = true;
        for (const [name, ref] of t.dimensions) {
          const v = resolveField(match, ref);
          if (typeof v !== "string" && typeof v !== "number" && typeof v !== "boolean") {
            complete = false;
            break;
          }
          dimensions[name] = String(v);
        }
        if (complete) data.push(datum(scope, t, value, dimensions, timestamp));
      }
    }
  }
  return data;
}

function datum(
  scope: Scope,
  t: CompiledTransformation,
  value: number,
  dimensions: Record<string, string>,
  timestamp: Date,
): MetricDatum {
  return {
    accountId: scope.accountId,
    region: scope.region,
    namespace: t.namespace,
    metricName: t.metricName,
    value,
    unit: t.unit,
    dimensions,
    timestamp,
  };
}

function toNumber(value: unknown): number | null {
  if (typeof value === "number") return Number.isFinite(value) ? value : null;
  if (typeof value === "string" && value.trim() !== "") {
    const n = Number(value);
    return Number.isFinite(n) ? n : null;
  }
  return null;
}
