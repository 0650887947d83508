import { processorMetricsLocation } from "../../../../infra/alarms.ts";
import { METRICS } from "../../../../lambdas/processor/src/powertools-telemetry.ts";
import type { MetricRef } from "../repositories/metric-data.repository.ts";
import type { StackResources } from "../settings/stack-resources.ts";

/** The console's charts, one CloudWatch metric and statistic each. */
export const SERIES_NAMES = [
  "processor.invocations",
  "processor.errors",
  "processor.duration.p50",
  "processor.duration.p95",
  "api.invocations",
  "api.errors",
  "api.duration.p50",
  "api.duration.p95",
  "images.processed",
  "images.succeeded",
  "images.failed",
  "processing.time.p50",
  "processing.time.p95",
  "bytes.saved",
  "uploads.bytes",
  "uploads.count",
] as const;
export type SeriesName = (typeof SERIES_NAMES)[number];

export type SeriesUnit = "Count" | "Milliseconds" | "Bytes";

export interface SeriesDefinition {
  label: string;
  unit: SeriesUnit;
  metric: MetricRef;
  /** GetMetricData's Stat: Sum, SampleCount, or a percentile such as p95. */
  stat: string;
}

/**
 * Where each series comes from on this stack: Lambda's own metrics (AWS/Lambda, FunctionName)
 * and the processor's EMF metrics (lambdas/processor/src/powertools-telemetry.ts METRICS, with
 * the `service` dimension infra/alarms.ts names). Upload volume is UploadBytes, published once
 * per upload: its Sum is bytes, its SampleCount uploads.
 */
export function seriesCatalog(stack: StackResources): Record<SeriesName, SeriesDefinition> {
  const { emf } = processorMetricsLocation(stack.processorFunction);
  const lambda = (fn: string, metricName: string): MetricRef => ({
    namespace: "AWS/Lambda",
    metricName,
    dimensions: { FunctionName: fn },
  });
  const processor = (metricName: string): MetricRef => ({
    namespace: emf.namespace,
    metricName,
    dimensions: { service: emf.service },
  });
  const fn = (name: string, label: string) =>
    ({
      invocations: {
        label: `${label} invocations`,
        unit: "Count",
        metric: lambda(name, "Invocations"),
        stat: "Sum",
      },
      errors: { label: `${label} errors`, unit: "Count", metric: lambda(name, "Errors"), stat: "Sum" },
      p50: {
        label: `${label} duration p50`,
        unit: "Milliseconds",
        metric: lambda(name, "Duration"),
        stat: "p50",
      },
      p95: {
        label: `${label} duration p95`,
        unit: "Milliseconds",
        metric: lambda(name, "Duration"),
        stat: "p95",
      },
    }) satisfies Record<string, SeriesDefinition>;
  const proc = fn(stack.processorFunction, "Processor");
  const api = fn(stack.apiFunction, "API");
  return {
    "processor.invocations": proc.invocations,
    "processor.errors": proc.errors,
    "processor.duration.p50": proc.p50,
    "processor.duration.p95": proc.p95,
    "api.invocations": api.invocations,
    "api.errors": api.errors,
    "api.duration.p50": api.p50,
    "api.duration.p95": api.p95,
    "images.processed": {
      label: "Images processed (PROCESSED or FAILED)",
      unit: "Count",
      metric: processor(METRICS.imagesProcessed),
      stat: "Sum",
    },
    "images.succeeded": {
      label: "Images PROCESSED",
      unit: "Count",
      metric: processor(METRICS.success),
      stat: "Sum",
    },
    "images.failed": {
      label: "Images FAILED",
      unit: "Count",
      metric: processor(METRICS.failure),
      stat: "Sum",
    },
    "processing.time.p50": {
      label: "Processing time p50",
      unit: "Milliseconds",
      metric: processor(METRICS.processingTime),
      stat: "p50",
    },
    "processing.time.p95": {
      label: "Processing time p95",
      unit: "Milliseconds",
      metric: processor(METRICS.processingTime),
      stat: "p95",
    },
    "bytes.saved": {
      label: "Bytes saved (original − compressed variant)",
      unit: "Bytes",
      metric: processor(METRICS.bytesSaved),
      stat: "Sum",
    },
    "uploads.bytes": {
      label: "Upload volume (bytes)",
      unit: "Bytes",
      metric: processor(METRICS.uploadBytes),
      stat: "Sum",
    },
    "uploads.count": {
      label: "Uploads",
      unit: "Count",
      metric: processor(METRICS.uploadBytes),
      stat: "SampleCount",
    },
  };
}
