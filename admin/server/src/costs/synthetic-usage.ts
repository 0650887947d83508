import { z } from "zod";
import { ARCHITECTURES, LAMBDA_MEMORY_MB, type MonthlyUsage, monthlyUsageSchema } from "./usage.ts";

/**
 * A month of usage from a few workload knobs, for "what would N images cost" before anything is
 * measured. Five knobs are required (images, size, variants, duration, memory); every other knob
 * has a default that says where it comes from, and each default is listed in the result.
 */

const positive = (what: string) =>
  z
    .number({ error: `${what} must be a number` })
    .refine(Number.isFinite, `${what} must be finite`)
    .refine((v) => v > 0, `${what} must be greater than 0`);
const nonNegative = (what: string) =>
  z
    .number({ error: `${what} must be a number` })
    .refine(Number.isFinite, `${what} must be finite`)
    .refine((v) => v >= 0, `${what} must not be negative`);
const count = (what: string) =>
  z
    .number({ error: `${what} must be a number` })
    .int(`${what} must be a whole number`)
    .nonnegative(`${what} must not be negative`);
const memory = (what: string) =>
  z
    .number({ error: `${what} must be a number` })
    .int(`${what} must be a whole number of MB`)
    .min(LAMBDA_MEMORY_MB.min, `${what} must be at least ${LAMBDA_MEMORY_MB.min} MB`)
    .max(LAMBDA_MEMORY_MB.max, `${what} must be at most ${LAMBDA_MEMORY_MB.max} MB`);

/** Defaults for the optional knobs, with the reason for each (shown in the usage's assumptions). */
export const SYNTHETIC_DEFAULTS = {
  processorArchitecture: { value: "arm64", why: "the deployed processor's architecture" },
  variantsTotalRatio: {
    value: 0.5,
    why: "all variants together weigh half the original (an assumption; measure the media bucket to replace it)",
  },
  storageRetainedMonths: {
    value: 1,
    why: "each month's images are kept one month (steady state: stored = monthly volume × months)",
  },
  apiMemoryMb: { value: 512, why: "infra/api.ts API_MEMORY_MB" },
  apiDurationMs: { value: 50, why: "an assumed average for a DynamoDB read or a presign" },
  detailViewsPerImage: {
    value: 1,
    why: "each image is opened once in the console (its variants fetched once)",
  },
  listPageSize: { value: 50, why: "one list call per 50 new images (the console's page size)" },
  logBytesPerProcessorInvocation: {
    value: 4096,
    why: "Powertools lines plus START/END/REPORT, about 4 KiB (assumed)",
  },
  logBytesPerApiInvocation: {
    value: 1024,
    why: "one request log line plus START/END/REPORT, about 1 KiB (assumed)",
  },
  logRetainedMonths: {
    value: 1,
    why: "log groups keep about a month (steady state: stored = monthly ingestion × months)",
  },
  customMetrics: {
    value: 18,
    why: "the issue's example (7 processor EMF metrics + 5 VariantTime + 6 log metrics); the stack now publishes at least 20 (UploadBytes, 7 log metrics, ProcessingFailure per failure code): give customMetrics, or measure with GET /api/costs",
  },
  standardAlarms: { value: 12, why: "the 12 alarms the stack deploys" },
  highResolutionAlarms: { value: 0, why: "the stack deploys none" },
  dashboards: { value: 1, why: "the stack's one dashboard" },
  getMetricDataMetrics: {
    value: 0,
    why: "console chart reads are not modelled; pass a count to include them",
  },
  snsRequests: { value: 0, why: "alarm notifications are rare; pass a count to include them" },
  snsEmailNotifications: { value: 0, why: "as for SNS requests" },
  rekognitionCallsPerImage: { value: 1, why: "one DetectLabels call per processed image" },
  delivery: {
    value: "cloudfront",
    why: "on AWS, CloudFront serves the variants; S3 to CloudFront transfer is free",
  },
  dynamodbWriteUnitsPerImage: {
    value: 20,
    why: "record create, PROCESSING claim, then a transaction of the record and ~8 labels at 2 WRU each (≤1 KB items)",
  },
  dynamodbReadUnitsPerImage: { value: 2, why: "the processor's consistent Get and label Query (≤4 KB)" },
  dynamodbReadUnitsPerDetailView: { value: 1, why: "one Get of the record (≤4 KB, consistent read assumed)" },
  dynamodbReadUnitsPerListCall: {
    value: 7,
    why: "a 50-item page of ~1 KB items, eventually consistent: 50 KB ÷ 4 KB ÷ 2, rounded up",
  },
  dynamodbBytesPerImage: { value: 4096, why: "the record plus its label items, about 4 KiB (assumed)" },
} as const;

const D = SYNTHETIC_DEFAULTS;

export const syntheticKnobsSchema = z.object({
  imagesPerMonth: count("imagesPerMonth"),
  avgOriginalBytes: positive("avgOriginalBytes"),
  variantsPerImage: count("variantsPerImage"),
  processorDurationMs: positive("processorDurationMs"),
  processorMemoryMb: memory("processorMemoryMb"),
  processorArchitecture: z.enum(ARCHITECTURES).default(D.processorArchitecture.value),
  /** All variants of one image together; defaults to variantsTotalRatio × the original. */
  avgVariantsTotalBytes: nonNegative("avgVariantsTotalBytes").optional(),
  storageRetainedMonths: nonNegative("storageRetainedMonths").default(D.storageRetainedMonths.value),
  apiMemoryMb: memory("apiMemoryMb").default(D.apiMemoryMb.value),
  apiDurationMs: positive("apiDurationMs").default(D.apiDurationMs.value),
  detailViewsPerImage: nonNegative("detailViewsPerImage").default(D.detailViewsPerImage.value),
  /** List calls a month; defaults to one per listPageSize new images. */
  listCallsPerMonth: nonNegative("listCallsPerMonth").optional(),
  logBytesPerProcessorInvocation: nonNegative("logBytesPerProcessorInvocation").default(
    D.logBytesPerProcessorInvocation.value,
  ),
  logBytesPerApiInvocation: nonNegative("logBytesPerApiInvocation").default(D.logBytesPerApiInvocation.value),
  logRetainedMonths: nonNegative("logRetainedMonths").default(D.logRetainedMonths.value),
  customMetrics: count("customMetrics").default(D.customMetrics.value),
  standardAlarms: count("standardAlarms").default(D.standardAlarms.value),
  highResolutionAlarms: count("highResolutionAlarms").default(D.highResolutionAlarms.value),
  dashboards: count("dashboards").default(D.dashboards.value),
  getMetricDataMetrics: nonNegative("getMetricDataMetrics").default(D.getMetricDataMetrics.value),
  snsRequests: nonNegative("snsRequests").default(D.snsRequests.value),
  snsEmailNotifications: nonNegative("snsEmailNotifications").default(D.snsEmailNotifications.value),
  rekognitionCallsPerImage: nonNegative("rekognitionCallsPerImage").default(D.rekognitionCallsPerImage.value),
  delivery: z
    .enum(["cloudfront", "s3"], { error: 'delivery must be "cloudfront" or "s3"' })
    .default(D.delivery.value),
  dynamodbWriteUnitsPerImage: nonNegative("dynamodbWriteUnitsPerImage").default(
    D.dynamodbWriteUnitsPerImage.value,
  ),
  dynamodbReadUnitsPerImage: nonNegative("dynamodbReadUnitsPerImage").default(
    D.dynamodbReadUnitsPerImage.value,
  ),
  dynamodbReadUnitsPerDetailView: nonNegative("dynamodbReadUnitsPerDetailView").default(
    D.dynamodbReadUnitsPerDetailView.value,
  ),
  dynamodbReadUnitsPerListCall: nonNegative("dynamodbReadUnitsPerListCall").default(
    D.dynamodbReadUnitsPerListCall.value,
  ),
  dynamodbBytesPerImage: nonNegative("dynamodbBytesPerImage").default(D.dynamodbBytesPerImage.value),
});
export type SyntheticKnobs = z.input<typeof syntheticKnobsSchema>;

export const PROCESSOR_FUNCTION = "processor";
export const API_FUNCTION = "api";

export interface SyntheticUsage {
  readonly usage: MonthlyUsage;
  /** The knobs as used, defaults filled in. */
  readonly knobs: z.output<typeof syntheticKnobsSchema>;
  /** Each default that was used, with its reason. */
  readonly assumptions: readonly string[];
}

export function buildSyntheticUsage(input: SyntheticKnobs): SyntheticUsage {
  const parsed = syntheticKnobsSchema.safeParse(input);
  if (!parsed.success) throw new Error(`Invalid synthetic usage knobs: ${z.prettifyError(parsed.error)}`);
  const k = parsed.data;
  const images = k.imagesPerMonth;
  const variantBytes = k.avgVariantsTotalBytes ?? k.avgOriginalBytes * D.variantsTotalRatio.value;
  const listCalls = k.listCallsPerMonth ?? images / D.listPageSize.value;
  const detailViews = images * k.detailViewsPerImage;
  // One API call per upload (the presigned POST), one per detail view, one per list page.
  const apiInvocations = images + detailViews + listCalls;
  const deliveredBytes = detailViews * variantBytes;
  const variantFetches = detailViews * k.variantsPerImage;
  const viaCloudFront = k.delivery === "cloudfront";

  const usage = monthlyUsageSchema.parse({
    imagesPerMonth: images,
    lambda: {
      functions: [
        {
          name: PROCESSOR_FUNCTION,
          architecture: k.processorArchitecture,
          invocations: images,
          avgDurationMs: k.processorDurationMs,
          memoryMb: k.processorMemoryMb,
        },
        {
          name: API_FUNCTION,
          architecture: "arm64",
          invocations: apiInvocations,
          avgDurationMs: k.apiDurationMs,
          memoryMb: k.apiMemoryMb,
        },
      ],
    },
    s3: {
      averageStoredBytes: images * (k.avgOriginalBytes + variantBytes) * k.storageRetainedMonths,
      // The browser's presigned POST, then one PUT per variant.
      putCopyPostListRequests: images * (1 + k.variantsPerImage),
      // The processor's HEAD and GET of the original, then each variant fetch (CloudFront's origin
      // fetch counted as a miss, or the presigned GET).
      getAndOtherRequests: images * 2 + variantFetches,
      dataTransferOutBytes: viaCloudFront ? 0 : deliveredBytes,
    },
    dynamodb: {
      readRequestUnits:
        images * k.dynamodbReadUnitsPerImage +
        detailViews * k.dynamodbReadUnitsPerDetailView +
        listCalls * k.dynamodbReadUnitsPerListCall,
      writeRequestUnits: images * k.dynamodbWriteUnitsPerImage,
      averageStoredBytes: images * k.dynamodbBytesPerImage * k.storageRetainedMonths,
    },
    cloudwatch: {
      customMetrics: k.customMetrics,
      standardAlarms: k.standardAlarms,
      highResolutionAlarms: k.highResolutionAlarms,
      dashboards: k.dashboards,
      logIngestedBytes:
        images * k.logBytesPerProcessorInvocation + apiInvocations * k.logBytesPerApiInvocation,
      logStoredBytes:
        (images * k.logBytesPerProcessorInvocation + apiInvocations * k.logBytesPerApiInvocation) *
        k.logRetainedMonths,
      getMetricDataMetrics: k.getMetricDataMetrics,
    },
    sns: { requests: k.snsRequests, emailNotifications: k.snsEmailNotifications },
    rekognition: { detectLabelsImages: images * k.rekognitionCallsPerImage },
    cloudfront: {
      dataTransferOutBytes: viaCloudFront ? deliveredBytes : 0,
      // The API is behind the same distribution, so its calls are CloudFront requests too.
      httpsRequests: viaCloudFront ? variantFetches + apiInvocations : 0,
    },
  });
  return { usage, knobs: k, assumptions: defaultsUsed(input) };
}

function defaultsUsed(input: SyntheticKnobs): string[] {
  const given = new Set(Object.keys(input));
  const notes: string[] = [];
  for (const [knob, { value, why }] of Object.entries(SYNTHETIC_DEFAULTS)) {
    if (knob === "variantsTotalRatio") {
      if (!given.has("avgVariantsTotalBytes"))
        notes.push(`avgVariantsTotalBytes = ${value} × avgOriginalBytes: ${why}.`);
    } else if (knob === "listPageSize") {
      if (!given.has("listCallsPerMonth"))
        notes.push(`listCallsPerMonth = imagesPerMonth ÷ ${value}: ${why}.`);
    } else if (!given.has(knob)) {
      notes.push(`${knob} = ${value}: ${why}.`);
    }
  }
  return notes;
}
