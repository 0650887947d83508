import { LOG_LINES } from "../lambdas/processor/src/powertools-telemetry.ts";

/**
 * Metrics counted from the processor's log group by metric filters, for the log-based alarms.
 * The processor's own lines are Powertools JSON with an `event` naming each (LOG_LINES);
 * Lambda's platform lines are text, in AWS's wording. Several filters may feed one metric.
 */
export interface LogMetric {
  metricName: string;
  patterns: string[];
}

/** `{ $.event = "A" }`: the processor's line named A. */
function eventIs(event: string): string {
  return `{ $.event = "${event}" }`;
}

/** Powertools' levels: `{ $.level = "ERROR" || $.level = "CRITICAL" }`. */
function levelIs(...levels: string[]): string {
  return `{ ${levels.map((level) => `$.level = "${level}"`).join(" || ")} }`;
}

export const LOG_METRICS = {
  logErrors: { metricName: "LogErrors", patterns: [levelIs("ERROR", "CRITICAL")] },
  criticalErrors: { metricName: "CriticalErrors", patterns: [levelIs("CRITICAL")] },
  imageProcessingErrors: {
    metricName: "ImageProcessingErrors",
    patterns: [eventIs(LOG_LINES.processingFailed.event)],
  },
  s3PermissionErrors: { metricName: "S3PermissionErrors", patterns: [eventIs(LOG_LINES.accessDenied.event)] },
  largeImages: { metricName: "LargeImages", patterns: [eventIs(LOG_LINES.largeImage.event)] },
  // The processor's own TIMEOUT (it stops 2 s early), and Lambda killing it at the timeout:
  // "Task timed out after 45.00 seconds", or the REPORT line's "Status: timeout".
  timeoutErrors: {
    metricName: "TimeoutErrors",
    patterns: [eventIs(LOG_LINES.timeout.event), '?"Task timed out" ?"Status: timeout"'],
  },
  // Lambda's out-of-memory kill: "Error Type: Runtime.OutOfMemory", "signal: killed".
  memoryErrors: { metricName: "MemoryErrors", patterns: ['?"Runtime.OutOfMemory" ?"signal: killed"'] },
} satisfies Record<string, LogMetric>;

export type LogMetricKey = keyof typeof LOG_METRICS;
