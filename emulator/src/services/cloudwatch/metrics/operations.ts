import type { EmulatorRuntime } from "../../../gateway/context.ts";
import { notImplemented } from "../../../protocol/aws-error.ts";
import type { Provider } from "../../../protocol/provider.ts";
import type { MetricReader } from "../metric-reader.ts";

/** PutMetricData, GetMetricData, GetMetricStatistics and ListMetrics: their input schemas. */
export const metricSchemas = {};
export type MetricSchemas = typeof metricSchemas;

/** The metric operations, over the runtime's metric store. */
export function metricOperations(_runtime: EmulatorRuntime): Provider<MetricSchemas> {
  return {};
}

/** What alarms read stored metrics through. */
export function metricReader(_runtime: EmulatorRuntime): MetricReader {
  return {
    metricData: () => {
      throw notImplemented("cloudwatch", "GetMetricData");
    },
  };
}
