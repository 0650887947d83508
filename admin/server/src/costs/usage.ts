import { z } from "zod";

/**
 * A month of billable usage, service by service: the quantities AWS bills, not the workload that
 * produced them (synthetic-usage.ts and measured-usage.ts derive it from a workload or from
 * metrics). Quantities may be fractional: an extrapolated month rarely holds whole requests.
 */

const quantity = (what: string) =>
  z
    .number({ error: `${what} must be a number` })
    .refine(Number.isFinite, `${what} must be finite`)
    .refine((value) => value >= 0, `${what} must not be negative`);

const wholeCount = (what: string) =>
  z
    .number({ error: `${what} must be a number` })
    .int(`${what} must be a whole number`)
    .nonnegative(`${what} must not be negative`);

export const ARCHITECTURES = ["arm64", "x86_64"] as const;
export type Architecture = (typeof ARCHITECTURES)[number];

/** Lambda's configurable memory range, in MB. */
export const LAMBDA_MEMORY_MB = { min: 128, max: 10_240 } as const;

export const lambdaFunctionUsageSchema = z.object({
  name: z.string().min(1, "name must not be empty"),
  architecture: z.enum(ARCHITECTURES, { error: 'architecture must be "arm64" or "x86_64"' }),
  invocations: quantity("invocations"),
  avgDurationMs: quantity("avgDurationMs"),
  memoryMb: z
    .number({ error: "memoryMb must be a number" })
    .int("memoryMb must be a whole number of MB")
    .min(LAMBDA_MEMORY_MB.min, `memoryMb must be at least ${LAMBDA_MEMORY_MB.min} MB`)
    .max(LAMBDA_MEMORY_MB.max, `memoryMb must be at most ${LAMBDA_MEMORY_MB.max} MB`),
});
export type LambdaFunctionUsage = z.infer<typeof lambdaFunctionUsageSchema>;

export const monthlyUsageSchema = z.object({
  /** Images processed in the month: the denominator of the cost per 1,000 images and of projections. */
  imagesPerMonth: quantity("imagesPerMonth"),
  lambda: z.object({
    functions: z.array(lambdaFunctionUsageSchema).min(1, "lambda.functions must list at least one function"),
  }),
  s3: z.object({
    /** Bytes stored on average over the month (originals and variants, Standard class). */
    averageStoredBytes: quantity("s3.averageStoredBytes"),
    putCopyPostListRequests: quantity("s3.putCopyPostListRequests"),
    /** GET, HEAD and the other Tier-2 requests. */
    getAndOtherRequests: quantity("s3.getAndOtherRequests"),
    /** Bytes served straight from S3 to the internet (presigned GETs); 0 when CloudFront serves them. */
    dataTransferOutBytes: quantity("s3.dataTransferOutBytes"),
  }),
  dynamodb: z.object({
    readRequestUnits: quantity("dynamodb.readRequestUnits"),
    writeRequestUnits: quantity("dynamodb.writeRequestUnits"),
    averageStoredBytes: quantity("dynamodb.averageStoredBytes"),
  }),
  cloudwatch: z.object({
    customMetrics: wholeCount("cloudwatch.customMetrics"),
    standardAlarms: wholeCount("cloudwatch.standardAlarms"),
    highResolutionAlarms: wholeCount("cloudwatch.highResolutionAlarms"),
    dashboards: wholeCount("cloudwatch.dashboards"),
    logIngestedBytes: quantity("cloudwatch.logIngestedBytes"),
    /** Bytes held in log groups on average over the month. */
    logStoredBytes: quantity("cloudwatch.logStoredBytes"),
    /** Metrics requested through GetMetricData (the console's charts, the cost snapshot). */
    getMetricDataMetrics: quantity("cloudwatch.getMetricDataMetrics"),
  }),
  sns: z.object({
    requests: quantity("sns.requests"),
    emailNotifications: quantity("sns.emailNotifications"),
  }),
  rekognition: z.object({
    detectLabelsImages: quantity("rekognition.detectLabelsImages"),
  }),
  cloudfront: z.object({
    dataTransferOutBytes: quantity("cloudfront.dataTransferOutBytes"),
    httpsRequests: quantity("cloudfront.httpsRequests"),
  }),
});
export type MonthlyUsage = z.infer<typeof monthlyUsageSchema>;

/** Validates usage from outside (a request body, a stored snapshot); the error names each bad field. */
export function parseMonthlyUsage(input: unknown): MonthlyUsage {
  const result = monthlyUsageSchema.safeParse(input);
  if (!result.success) throw new Error(`Invalid monthly usage: ${z.prettifyError(result.error)}`);
  return result.data;
}
