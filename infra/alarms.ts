import { PROCESSOR_DEFAULTS } from "../lambdas/processor/src/config.ts";
import { METRICS } from "../lambdas/processor/src/powertools-telemetry.ts";
import type { AlertTopic } from "./alerts.ts";
import type { AlarmThresholds } from "./config.ts";
import { LOG_METRICS, type LogMetricKey } from "./log-metrics.ts";

/** One metric, as CloudWatch names it. */
export interface MetricRef {
  namespace: string;
  metricName: string;
  statistic: "Sum" | "Average" | "Maximum";
  dimensions?: Record<string, string>;
}

/**
 * Where a stack's processor metrics are: its EMF metrics (the namespace, and its function name as
 * the `service` dimension: processing.ts sets POWERTOOLS_SERVICE_NAME to it) and the metric
 * filters' namespace, per stack so that two stacks in one account do not add up each other's.
 */
export function processorMetricsLocation(processorName: string): {
  emf: { namespace: string; service: string };
  logNamespace: string;
} {
  return {
    emf: { namespace: PROCESSOR_DEFAULTS.metricsNamespace, service: processorName },
    logNamespace: `${PROCESSOR_DEFAULTS.metricsNamespace}/${processorName}`,
  };
}

/** The processor's alarms, as data: monitoring.ts makes them, the tests read them. */
export interface AlarmSpec {
  /** After the name prefix: `<prefix>-high-error-rate`. */
  name: string;
  description: string;
  topic: AlertTopic;
  comparison: "GreaterThanOrEqualToThreshold" | "GreaterThanThreshold" | "LessThanThreshold";
  threshold: number;
  /** A metric, or a metric-math expression over named metrics. */
  metric: MetricRef | { expression: string; label: string; inputs: Record<string, MetricRef> };
}

export interface AlarmContext {
  functionName: string;
  timeoutSeconds: number;
  thresholds: AlarmThresholds;
  /** Where the processor's EMF metrics are, with its `service` dimension. */
  emf: { namespace: string; service: string };
  /** Where the metric filters publish (log-metrics.ts). */
  logNamespace: string;
}

export function alarmSpecs(ctx: AlarmContext): AlarmSpec[] {
  const t = ctx.thresholds;
  const lambda = (metricName: string, statistic: MetricRef["statistic"]): MetricRef => ({
    namespace: "AWS/Lambda",
    metricName,
    statistic,
    dimensions: { FunctionName: ctx.functionName },
  });
  const emf = (metricName: string): MetricRef => ({
    namespace: ctx.emf.namespace,
    metricName,
    statistic: "Sum",
    dimensions: { service: ctx.emf.service },
  });
  const logged = (key: LogMetricKey): MetricRef => ({
    namespace: ctx.logNamespace,
    metricName: LOG_METRICS[key].metricName,
    statistic: "Sum",
  });
  const atLeast = "GreaterThanOrEqualToThreshold";
  return [
    {
      name: "high-error-rate",
      description: "The processor's invocations fail (errors thrown, killed or timed out)",
      topic: "critical",
      comparison: atLeast,
      threshold: t.errors,
      metric: lambda("Errors", "Sum"),
    },
    {
      name: "high-duration",
      description: `The processor's average run nears its ${ctx.timeoutSeconds} s timeout`,
      topic: "performance",
      comparison: "GreaterThanThreshold",
      threshold: (ctx.timeoutSeconds * 1000 * t.durationPercentOfTimeout) / 100,
      metric: lambda("Duration", "Average"),
    },
    {
      name: "throttles",
      description: "Uploads wait: the processor was throttled",
      topic: "performance",
      comparison: atLeast,
      threshold: t.throttles,
      metric: lambda("Throttles", "Sum"),
    },
    {
      name: "high-concurrency",
      description: "Many processors run at once (a burst of uploads, or slow images)",
      topic: "performance",
      comparison: atLeast,
      threshold: t.concurrency,
      metric: lambda("ConcurrentExecutions", "Maximum"),
    },
    {
      name: "log-errors",
      description: "The processor logged errors",
      topic: "log",
      comparison: atLeast,
      threshold: t.logErrors,
      metric: logged("logErrors"),
    },
    {
      name: "low-success-rate",
      description: "Too few of the images that finished were PROCESSED (the rest FAILED)",
      topic: "critical",
      comparison: "LessThanThreshold",
      threshold: t.successRatePercent,
      // No ProcessingSuccess datapoint in a period where images finished means 0 %, not no data.
      metric: {
        expression: "100 * FILL(success, 0) / finished",
        label: "Success rate (%)",
        inputs: { success: emf(METRICS.success), finished: emf(METRICS.imagesProcessed) },
      },
    },
    {
      name: "timeout-errors",
      description: "Images ran out of time (the processor's TIMEOUT or Lambda's)",
      topic: "performance",
      comparison: atLeast,
      threshold: t.timeouts,
      metric: logged("timeoutErrors"),
    },
    {
      name: "memory-errors",
      description: "The processor ran out of memory",
      topic: "performance",
      comparison: atLeast,
      threshold: t.memoryErrors,
      metric: logged("memoryErrors"),
    },
    {
      name: "image-processing-errors",
      description: "Images FAILED with INTERNAL: our side, not the upload",
      topic: "log",
      comparison: atLeast,
      threshold: t.processingErrors,
      metric: logged("imageProcessingErrors"),
    },
    {
      name: "s3-permission-errors",
      description: "S3 refused the processor (its role or a bucket policy)",
      topic: "critical",
      comparison: atLeast,
      threshold: t.s3PermissionErrors,
      metric: logged("s3PermissionErrors"),
    },
    {
      name: "critical-errors",
      description: "The processor logged CRITICAL: a failure it could not record, or a bad config",
      topic: "critical",
      comparison: atLeast,
      threshold: t.criticalErrors,
      metric: logged("criticalErrors"),
    },
    {
      name: "large-images",
      description: "Many originals larger than the largest variant: slower and costlier to process",
      topic: "log",
      comparison: atLeast,
      threshold: t.largeImages,
      metric: logged("largeImages"),
    },
  ];
}
