import { z } from "zod";
import { SYNTHETIC_DEFAULTS } from "./synthetic-usage.ts";
import { ARCHITECTURES, LAMBDA_MEMORY_MB, type MonthlyUsage, monthlyUsageSchema } from "./usage.ts";

/**
 * Measured usage: metric readings over a window (the backend's repositories fill this from
 * GetMetricData, DescribeAlarms, ListDashboards, DescribeLogGroups…), extrapolated to a month.
 * Pure: no AWS call here. Flows (sums over the window) scale to the month; stocks (stored bytes,
 * alarm and metric counts) are taken as they are at the end of the window.
 */

/** The AWS Pricing Calculator's month: 730 hours. */
export const MONTH_SECONDS = 730 * 3600;
export const MIN_WINDOW_SECONDS = 60;
const DAY_SECONDS = 86_400;

const sumOf = (what: string) =>
  z
    .number({ error: `${what} must be a number` })
    .refine(Number.isFinite, `${what} must be finite`)
    .refine((value) => value >= 0, `${what} must not be negative`);
const countOf = (what: string) =>
  z
    .number({ error: `${what} must be a number` })
    .int(`${what} must be a whole number`)
    .nonnegative(`${what} must not be negative`);

export const measuredReadingsSchema = z
  .object({
    window: z.object({
      start: z.iso.datetime({ offset: true, error: "window.start must be an ISO 8601 date-time" }),
      end: z.iso.datetime({ offset: true, error: "window.end must be an ISO 8601 date-time" }),
    }),
    /** AWS/Lambda Invocations and Duration, Sum over the window, per function, with its configuration. */
    functions: z
      .array(
        z.object({
          name: z.string().min(1),
          architecture: z.enum(ARCHITECTURES),
          memoryMb: z.number().int().min(LAMBDA_MEMORY_MB.min).max(LAMBDA_MEMORY_MB.max),
          invocationsSum: sumOf("invocationsSum"),
          durationMsSum: sumOf("durationMsSum"),
        }),
      )
      .min(1, "functions must list at least one function"),
    /** The processor's EMF metrics (lambdas/processor/src/powertools-telemetry.ts METRICS), Sum. */
    processor: z.object({
      imagesProcessedSum: sumOf("processor.imagesProcessedSum"),
      imageSizeBytesSum: sumOf("processor.imageSizeBytesSum").optional(),
      bytesSavedSum: sumOf("processor.bytesSavedSum").optional(),
      /** DetectLabels calls, when a source counts them (AWS/Rekognition, or the emulator). */
      detectLabelsCallsSum: sumOf("processor.detectLabelsCallsSum").optional(),
    }),
    /** Variants written per image (VARIANT_SPECS), for S3 requests when request metrics are off. */
    variantsPerImage: countOf("variantsPerImage"),
    s3: z.object({
      /** AWS/S3 BucketSizeBytes (StandardStorage) and NumberOfObjects, latest daily value per bucket. */
      buckets: z.array(
        z.object({
          name: z.string().min(1),
          sizeBytes: sumOf("sizeBytes"),
          objectCount: countOf("objectCount"),
        }),
      ),
      /** S3 request metrics (PutRequests + PostRequests + ListRequests…), Sum; absent when not enabled. */
      putCopyPostListRequestsSum: sumOf("s3.putCopyPostListRequestsSum").optional(),
      /** GetRequests + HeadRequests, Sum; absent when request metrics are not enabled. */
      getAndOtherRequestsSum: sumOf("s3.getAndOtherRequestsSum").optional(),
      /** BytesDownloaded to the internet, Sum; absent when not measured (presigned GETs). */
      bytesDownloadedSum: sumOf("s3.bytesDownloadedSum").optional(),
    }),
    dynamodb: z.object({
      itemCount: countOf("dynamodb.itemCount"),
      tableSizeBytes: sumOf("dynamodb.tableSizeBytes"),
      /**
       * AWS/DynamoDB ConsumedRead/WriteCapacityUnits, Sum: request units on an on-demand table;
       * absent where the target publishes no such metric (the emulator).
       */
      consumedReadCapacityUnitsSum: sumOf("dynamodb.consumedReadCapacityUnitsSum").optional(),
      consumedWriteCapacityUnitsSum: sumOf("dynamodb.consumedWriteCapacityUnitsSum").optional(),
    }),
    cloudwatch: z.object({
      customMetrics: countOf("cloudwatch.customMetrics"),
      standardAlarms: countOf("cloudwatch.standardAlarms"),
      highResolutionAlarms: countOf("cloudwatch.highResolutionAlarms"),
      dashboards: countOf("cloudwatch.dashboards"),
      /** AWS/Logs IncomingBytes over the pipeline's log groups (or their events' bytes where it is not published), Sum. */
      logIncomingBytesSum: sumOf("cloudwatch.logIncomingBytesSum"),
      /** DescribeLogGroups storedBytes, summed over the log groups. */
      logStoredBytes: sumOf("cloudwatch.logStoredBytes"),
      getMetricDataMetricsSum: sumOf("cloudwatch.getMetricDataMetricsSum").optional(),
    }),
    sns: z.object({
      /** AWS/SNS NumberOfMessagesPublished, Sum over the alert topics; absent where not published. */
      publishedSum: sumOf("sns.publishedSum").optional(),
      /** Notifications delivered to email subscriptions, Sum; absent when not measured. */
      emailDeliveredSum: sumOf("sns.emailDeliveredSum").optional(),
    }),
    /** AWS/CloudFront BytesDownloaded and Requests, Sum; absent where there is no distribution. */
    cloudfront: z
      .object({
        bytesDownloadedSum: sumOf("cloudfront.bytesDownloadedSum"),
        requestsSum: sumOf("cloudfront.requestsSum"),
      })
      .optional(),
  })
  .superRefine((readings, ctx) => {
    const seconds = (Date.parse(readings.window.end) - Date.parse(readings.window.start)) / 1000;
    if (Number.isFinite(seconds) && seconds < MIN_WINDOW_SECONDS) {
      ctx.addIssue({
        code: "custom",
        path: ["window", "end"],
        message: `window must last at least ${MIN_WINDOW_SECONDS} s after window.start (got ${seconds} s)`,
      });
    }
  });
export type MeasuredReadings = z.input<typeof measuredReadingsSchema>;

export interface MeasuredUsage {
  readonly usage: MonthlyUsage;
  readonly windowSeconds: number;
  /** MONTH_SECONDS ÷ windowSeconds: what each flow was multiplied by. */
  readonly monthFactor: number;
  readonly assumptions: readonly string[];
}

export function usageFromMeasurements(input: MeasuredReadings): MeasuredUsage {
  const parsed = measuredReadingsSchema.safeParse(input);
  if (!parsed.success) throw new Error(`Invalid measured readings: ${z.prettifyError(parsed.error)}`);
  const m = parsed.data;
  const windowSeconds = (Date.parse(m.window.end) - Date.parse(m.window.start)) / 1000;
  // Multiply before dividing: a whole sum times whole seconds stays exact until the one division.
  const monthly = (sum: number) => (sum * MONTH_SECONDS) / windowSeconds;
  const images = m.processor.imagesProcessedSum;
  const assumptions = [
    `Flows measured over ${windowSeconds.toLocaleString("en-US")} s are scaled to a 730-hour month (× ${MONTH_SECONDS} ÷ ${windowSeconds}); stored bytes and counts are taken as measured at the end of the window.`,
  ];
  if (windowSeconds < DAY_SECONDS) {
    assumptions.push(
      "The window is shorter than a day: a burst in it is extrapolated as if it lasted all month.",
    );
  }
  const fallback = (measured: number | undefined, estimated: number, note: string) => {
    if (measured !== undefined) return measured;
    assumptions.push(note);
    return estimated;
  };
  const putRequests = fallback(
    m.s3.putCopyPostListRequestsSum,
    images * (1 + m.variantsPerImage),
    `S3 request metrics absent: PUT/POST estimated as ImagesProcessed × (1 upload + ${m.variantsPerImage} variants).`,
  );
  const getRequests = fallback(
    m.s3.getAndOtherRequestsSum,
    images * 2,
    "S3 request metrics absent: GET/HEAD estimated as ImagesProcessed × 2 (the processor's HEAD and GET); downloads not counted.",
  );
  const labelCalls = fallback(
    m.processor.detectLabelsCallsSum,
    images,
    "DetectLabels calls not measured: one per ImagesProcessed (rejected images that never reach labelling are overcounted).",
  );
  const egress = fallback(m.s3.bytesDownloadedSum, 0, "S3 bytes to the internet not measured: counted as 0.");
  const gmd = fallback(
    m.cloudwatch.getMetricDataMetricsSum,
    0,
    "GetMetricData reads not measured: counted as 0.",
  );
  const D = SYNTHETIC_DEFAULTS;
  const readUnits = fallback(
    m.dynamodb.consumedReadCapacityUnitsSum,
    images * D.dynamodbReadUnitsPerImage.value,
    `DynamoDB consumed read units not measured: ImagesProcessed × ${D.dynamodbReadUnitsPerImage.value} (${D.dynamodbReadUnitsPerImage.why}); console reads not counted.`,
  );
  const writeUnits = fallback(
    m.dynamodb.consumedWriteCapacityUnitsSum,
    images * D.dynamodbWriteUnitsPerImage.value,
    `DynamoDB consumed write units not measured: ImagesProcessed × ${D.dynamodbWriteUnitsPerImage.value} (${D.dynamodbWriteUnitsPerImage.why}).`,
  );
  const published = fallback(m.sns.publishedSum, 0, "SNS publishes not measured: counted as 0.");
  const emails = fallback(m.sns.emailDeliveredSum, 0, "SNS email notifications not measured: counted as 0.");
  if (!m.cloudfront)
    assumptions.push("No CloudFront readings (no distribution on this target): CloudFront counted as 0.");

  const usage = monthlyUsageSchema.parse({
    imagesPerMonth: monthly(images),
    lambda: {
      functions: m.functions.map((fn) => ({
        name: fn.name,
        architecture: fn.architecture,
        invocations: monthly(fn.invocationsSum),
        avgDurationMs: fn.invocationsSum > 0 ? fn.durationMsSum / fn.invocationsSum : 0,
        memoryMb: fn.memoryMb,
      })),
    },
    s3: {
      averageStoredBytes: m.s3.buckets.reduce((total, bucket) => total + bucket.sizeBytes, 0),
      putCopyPostListRequests: monthly(putRequests),
      getAndOtherRequests: monthly(getRequests),
      dataTransferOutBytes: monthly(egress),
    },
    dynamodb: {
      readRequestUnits: monthly(readUnits),
      writeRequestUnits: monthly(writeUnits),
      averageStoredBytes: m.dynamodb.tableSizeBytes,
    },
    cloudwatch: {
      customMetrics: m.cloudwatch.customMetrics,
      standardAlarms: m.cloudwatch.standardAlarms,
      highResolutionAlarms: m.cloudwatch.highResolutionAlarms,
      dashboards: m.cloudwatch.dashboards,
      logIngestedBytes: monthly(m.cloudwatch.logIncomingBytesSum),
      logStoredBytes: m.cloudwatch.logStoredBytes,
      getMetricDataMetrics: monthly(gmd),
    },
    sns: { requests: monthly(published), emailNotifications: monthly(emails) },
    rekognition: { detectLabelsImages: monthly(labelCalls) },
    cloudfront: {
      dataTransferOutBytes: monthly(m.cloudfront?.bytesDownloadedSum ?? 0),
      httpsRequests: monthly(m.cloudfront?.requestsSum ?? 0),
    },
  });
  return { usage, windowSeconds, monthFactor: MONTH_SECONDS / windowSeconds, assumptions };
}
