import type { EmulatorRuntime, RequestContext } from "../../../gateway/context.ts";
import type { Provider } from "../../../protocol/provider.ts";
import type { MetricReader } from "../metric-reader.ts";
import { getMetricData } from "./get-metric-data.ts";
import { getMetricStatistics } from "./get-metric-statistics.ts";
import { listMetrics } from "./list-metrics.ts";
import { evaluateMetricData } from "./metric-data.ts";
import { samplesOf } from "./put-metric-data.ts";
import { type MetricInput, type MetricSchemas, metricSchemas } from "./schemas.ts";

export { type MetricSchemas, metricSchemas };

const scopeOf = (ctx: RequestContext) => ({ accountId: ctx.accountId, region: ctx.region });

/**
 * The metric operations, over the runtime's metric store. Starting them starts the store's
 * retention sweep; CloudWatch's close() stops it (stopMetricExpiry).
 */
export function metricOperations(runtime: EmulatorRuntime): Provider<MetricSchemas> {
  const store = runtime.metrics;
  store.startExpiry();
  return {
    PutMetricData(input: MetricInput<"PutMetricData">, ctx: RequestContext) {
      store.record(scopeOf(ctx), samplesOf(input, store.now()));
      return undefined;
    },
    GetMetricStatistics(input: MetricInput<"GetMetricStatistics">, ctx: RequestContext) {
      return getMetricStatistics(store, scopeOf(ctx), input, store.now());
    },
    GetMetricData(input: MetricInput<"GetMetricData">, ctx: RequestContext) {
      return getMetricData(store, scopeOf(ctx), input, store.now());
    },
    ListMetrics(input: MetricInput<"ListMetrics">, ctx: RequestContext) {
      return listMetrics(store, scopeOf(ctx), input, store.now());
    },
  };
}

/** Stops the retention sweep metricOperations started. */
export function stopMetricExpiry(runtime: EmulatorRuntime): void {
  runtime.metrics.stopExpiry();
}

/** What alarms read stored metrics through: GetMetricData's evaluation, newest first, unpaged. */
export function metricReader(runtime: EmulatorRuntime): MetricReader {
  return {
    metricData(scope, queries, start, end) {
      const store = runtime.metrics;
      return evaluateMetricData(store, scope, queries, start.getTime(), end.getTime(), store.now()).map(
        (r) => {
          const out = {
            Id: r.id,
            Label: r.label,
            Timestamps: r.times.map((t) => new Date(t)).reverse(),
            Values: r.values.toReversed(),
            StatusCode: r.statusCode,
          };
          return r.messages.length > 0 ? { ...out, Messages: r.messages } : out;
        },
      );
    },
  };
}
