import { z } from "zod";
import { type CostEstimate, type EstimateOptions, estimate } from "./estimate.ts";
import type { RegionPriceList } from "./price-table.ts";
import { type MonthlyUsage, parseMonthlyUsage } from "./usage.ts";

/**
 * Scales a month of usage to another image volume. Image-driven quantities (invocations, storage,
 * requests, read and write units, logs, labels, delivery) scale linearly with images; the fixed
 * parts stay as they are: custom metrics, alarms, dashboards, GetMetricData reads and SNS
 * (alerts do not follow the upload rate).
 */
export const FIXED_QUANTITIES = [
  "cloudwatch.customMetrics",
  "cloudwatch.standardAlarms",
  "cloudwatch.highResolutionAlarms",
  "cloudwatch.dashboards",
  "cloudwatch.getMetricDataMetrics",
  "sns.requests",
  "sns.emailNotifications",
] as const;

const targetSchema = z
  .number({ error: "images per month must be a number" })
  .int("images per month must be a whole number")
  .nonnegative("images per month must not be negative")
  .max(1e12, "images per month must be at most 1e12");

export function projectUsage(usageInput: MonthlyUsage, imagesPerMonth: number): MonthlyUsage {
  const usage = parseMonthlyUsage(usageInput);
  const target = targetSchema.parse(imagesPerMonth);
  if (usage.imagesPerMonth <= 0) {
    throw new Error(
      "Cannot project from a usage with no images: its image-driven parts have nothing to scale from",
    );
  }
  // Multiply before dividing, so whole quantities stay whole where the ratio allows.
  const scale = (quantity: number) => (quantity * target) / usage.imagesPerMonth;
  return {
    imagesPerMonth: target,
    lambda: {
      functions: usage.lambda.functions.map((fn) => ({ ...fn, invocations: scale(fn.invocations) })),
    },
    s3: {
      averageStoredBytes: scale(usage.s3.averageStoredBytes),
      putCopyPostListRequests: scale(usage.s3.putCopyPostListRequests),
      getAndOtherRequests: scale(usage.s3.getAndOtherRequests),
      dataTransferOutBytes: scale(usage.s3.dataTransferOutBytes),
    },
    dynamodb: {
      readRequestUnits: scale(usage.dynamodb.readRequestUnits),
      writeRequestUnits: scale(usage.dynamodb.writeRequestUnits),
      averageStoredBytes: scale(usage.dynamodb.averageStoredBytes),
    },
    cloudwatch: {
      ...usage.cloudwatch,
      logIngestedBytes: scale(usage.cloudwatch.logIngestedBytes),
      logStoredBytes: scale(usage.cloudwatch.logStoredBytes),
    },
    sns: { ...usage.sns },
    rekognition: { detectLabelsImages: scale(usage.rekognition.detectLabelsImages) },
    cloudfront: {
      dataTransferOutBytes: scale(usage.cloudfront.dataTransferOutBytes),
      httpsRequests: scale(usage.cloudfront.httpsRequests),
    },
  };
}

/** The estimate for `imagesPerMonth` images, scaled from a measured or synthetic month. */
export function projectEstimate(
  usage: MonthlyUsage,
  prices: RegionPriceList,
  imagesPerMonth: number,
  options: EstimateOptions = {},
): CostEstimate {
  const projected = estimate(projectUsage(usage, imagesPerMonth), prices, options);
  return {
    ...projected,
    assumptions: [
      ...projected.assumptions,
      `Projected from ${usage.imagesPerMonth.toLocaleString("en-US")} to ${imagesPerMonth.toLocaleString("en-US")} images a month: image-driven quantities scale linearly; ${FIXED_QUANTITIES.join(", ")} stay fixed.`,
    ],
  };
}
