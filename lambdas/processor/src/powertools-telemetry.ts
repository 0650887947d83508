import type { Logger } from "@aws-lambda-powertools/logger";
import { MetricResolution, type Metrics, MetricUnit } from "@aws-lambda-powertools/metrics";
import type { FailureCode } from "@darkroom/image-record";
import type { Telemetry } from "./telemetry.ts";

/**
 * The log lines the alarms' metric filters match: fixed messages, an `event` field naming each,
 * and the level. The README's table lists them; a test checks each line as printed.
 */
export const LOG_LINES = {
  ignored: { level: "INFO", message: "Event record ignored", event: "EventIgnored" },
  duplicate: { level: "INFO", message: "Duplicate delivery ignored", event: "DuplicateDelivery" },
  started: { level: "INFO", message: "Processing started", event: "ProcessingStarted" },
  largeImage: { level: "WARN", message: "Large image", event: "LargeImage" },
  labelsFailed: { level: "WARN", message: "Labels unavailable", event: "LabelsFailed" },
  processed: { level: "INFO", message: "Image processed", event: "ImageProcessed" },
  rejected: { level: "WARN", message: "Image rejected", event: "ImageRejected" },
  processingFailed: { level: "ERROR", message: "Image processing failed", event: "ImageProcessingFailed" },
  timeout: { level: "ERROR", message: "Image processing timed out", event: "ProcessingTimeout" },
  accessDenied: { level: "ERROR", message: "S3 access denied", event: "S3AccessDenied" },
  transient: { level: "ERROR", message: "Transient error, rethrown for retry", event: "TransientError" },
  claimLost: { level: "WARN", message: "Claim lost to another attempt", event: "ClaimLost" },
  highMemory: { level: "WARN", message: "High memory use", event: "HighMemory" },
  invalidEvent: { level: "ERROR", message: "Invalid event", event: "InvalidEvent" },
  unrecorded: { level: "CRITICAL", message: "Failure could not be recorded", event: "UnrecordedFailure" },
  invalidConfig: { level: "CRITICAL", message: "Invalid configuration", event: "InvalidConfig" },
} as const;

export const METRICS = {
  processingTime: "ProcessingTime",
  imagesProcessed: "ImagesProcessed",
  success: "ProcessingSuccess",
  failure: "ProcessingFailure",
  imageSize: "ImageSizeBytes",
  bytesSaved: "BytesSaved",
  variantTime: "VariantTime",
  labelsFailure: "LabelsFailure",
  uploadBytes: "UploadBytes",
} as const;

/** The share of the function's memory above which each image logs a HighMemory warning. */
export const HIGH_MEMORY_RATIO = 0.85;

/** The upload's fault: a warning. TIMEOUT and INTERNAL are ours to look at: errors. */
const REJECTIONS = new Set<FailureCode>(["UNSUPPORTED_FORMAT", "TOO_LARGE", "CORRUPT", "DECOMPRESSION_BOMB"]);

export interface TelemetryOptions {
  memoryLimitMb: number | undefined;
  /**
   * Per-second metrics (StorageResolution 1), for alarms on 10 or 30 s periods: a minute's
   * datapoint would sit in that minute's first 10 s, and such an alarm would miss most failures.
   */
  highResolution: boolean;
}

export function powertoolsTelemetry(
  logger: Logger,
  metrics: Metrics,
  { memoryLimitMb, highResolution }: TelemetryOptions,
): Telemetry {
  const line = (kind: keyof typeof LOG_LINES) => ({ event: LOG_LINES[kind].event });
  const resolution = highResolution ? MetricResolution.High : MetricResolution.Standard;
  const add = (
    to: Metrics,
    name: string,
    unit: (typeof MetricUnit)[keyof typeof MetricUnit],
    value: number,
  ) => to.addMetric(name, unit, value, resolution);
  return {
    ignored(detail) {
      logger.info(LOG_LINES.ignored.message, { ...line("ignored"), ...detail });
    },
    duplicate(detail) {
      logger.info(LOG_LINES.duplicate.message, { ...line("duplicate"), ...detail });
    },
    started(detail) {
      logger.info(LOG_LINES.started.message, { ...line("started"), ...detail });
      // Once per upload (retries and reprocessing start later attempts): its Sum is the upload
      // volume in bytes and its SampleCount the number of uploads, whatever their outcome.
      if (detail.attempt === 1) add(metrics, METRICS.uploadBytes, MetricUnit.Bytes, detail.originalBytes);
    },
    largeImage(detail) {
      logger.warn(LOG_LINES.largeImage.message, { ...line("largeImage"), ...detail });
    },
    labelsFailed(detail) {
      logger.warn(LOG_LINES.labelsFailed.message, { ...line("labelsFailed"), ...detail });
      add(metrics, METRICS.labelsFailure, MetricUnit.Count, 1);
    },
    processed({ record, savedBytes }) {
      logger.info(LOG_LINES.processed.message, {
        ...line("processed"),
        imageId: record.imageId,
        attempt: record.attempts,
        format: record.format,
        width: record.width,
        height: record.height,
        originalBytes: record.originalBytes,
        variants: record.variants.map(({ name, width, height, bytes }) => ({ name, width, height, bytes })),
        labels: record.labels.length,
        timings: record.timings,
      });
      const timings: Partial<Record<string, number>> = record.timings;
      add(metrics, METRICS.imagesProcessed, MetricUnit.Count, 1);
      add(metrics, METRICS.success, MetricUnit.Count, 1);
      add(metrics, METRICS.processingTime, MetricUnit.Milliseconds, timings.total ?? 0);
      add(metrics, METRICS.imageSize, MetricUnit.Bytes, record.originalBytes);
      add(metrics, METRICS.bytesSaved, MetricUnit.Bytes, savedBytes);
      for (const variant of record.variants) {
        const ms = timings[variant.name];
        if (ms === undefined) continue;
        const single = metrics.singleMetric();
        single.addDimension("Variant", variant.name);
        add(single, METRICS.variantTime, MetricUnit.Milliseconds, ms);
      }
    },
    failed({ record, accessDenied, error, remainingMs }) {
      const code = record.failure.code;
      const fields = {
        imageId: record.imageId,
        attempt: record.attempts,
        failureCode: code,
        failureMessage: record.failure.message,
        format: record.format,
        timings: record.timings,
      };
      if (accessDenied)
        logger.error(LOG_LINES.accessDenied.message, {
          ...line("accessDenied"),
          imageId: record.imageId,
          error,
        });
      if (code === "TIMEOUT")
        logger.error(LOG_LINES.timeout.message, { ...line("timeout"), ...fields, remainingMs });
      else if (REJECTIONS.has(code))
        logger.warn(LOG_LINES.rejected.message, { ...line("rejected"), ...fields });
      else
        logger.error(LOG_LINES.processingFailed.message, { ...line("processingFailed"), ...fields, error });
      const timings: Partial<Record<string, number>> = record.timings ?? {};
      add(metrics, METRICS.imagesProcessed, MetricUnit.Count, 1);
      add(metrics, METRICS.failure, MetricUnit.Count, 1);
      if (timings.total !== undefined)
        add(metrics, METRICS.processingTime, MetricUnit.Milliseconds, timings.total);
      const byCode = metrics.singleMetric();
      byCode.addDimension("FailureCode", code);
      add(byCode, METRICS.failure, MetricUnit.Count, 1);
    },
    transient(detail) {
      logger.error(LOG_LINES.transient.message, { ...line("transient"), ...detail });
    },
    unrecorded(detail) {
      logger.critical(LOG_LINES.unrecorded.message, { ...line("unrecorded"), ...detail });
    },
    claimLost(detail) {
      logger.warn(LOG_LINES.claimLost.message, { ...line("claimLost"), ...detail });
    },
    memory({ rssBytes }) {
      if (memoryLimitMb === undefined) return;
      const rssMb = Math.round(rssBytes / 1024 / 1024);
      if (rssMb > memoryLimitMb * HIGH_MEMORY_RATIO) {
        logger.warn(LOG_LINES.highMemory.message, { ...line("highMemory"), rssMb, limitMb: memoryLimitMb });
      }
    },
  };
}
