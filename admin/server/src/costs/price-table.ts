import { z } from "zod";
import { decimal, div, type Exact, whole } from "./exact.ts";
import bundledTable from "./price-table.json" with { type: "json" };

/**
 * The list-price table: a versioned data file (price-table.json) validated on load. Prices are
 * decimal strings, never JSON numbers, so "0.0000133334" reaches the arithmetic exactly.
 */

const DECIMAL_TEXT = /^\d+(\.\d+)?$/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

const priceSchema = z.object({
  usd: z
    .string({
      error: 'usd must be a decimal string such as "0.0000133334" (a JSON number would lose digits)',
    })
    .regex(DECIMAL_TEXT, 'usd must be a plain decimal string such as "0.0000133334"'),
  per: z.number().int().positive("must be a positive whole number of units"),
  unit: z.string().min(1),
  verified: z.boolean(),
  source: z.string().min(1),
  note: z.string().optional(),
});

const freeAllowanceSchema = z.object({
  quantity: z.number().int().nonnegative(),
  unit: z.string().min(1),
  verified: z.boolean(),
  source: z.string().min(1),
  note: z.string().optional(),
});

/** Every list price the estimator reads; a region's table must have all of them. */
export const PRICE_KEYS = [
  "lambdaRequestsArm64",
  "lambdaRequestsX86",
  "lambdaGbSecondsArm64",
  "lambdaGbSecondsX86",
  "s3StandardStorage",
  "s3PutCopyPostListRequests",
  "s3GetAndOtherRequests",
  "s3DataTransferOutInternet",
  "dynamodbReadRequestUnits",
  "dynamodbWriteRequestUnits",
  "dynamodbStorage",
  "cloudwatchCustomMetrics",
  "cloudwatchStandardAlarms",
  "cloudwatchHighResolutionAlarms",
  "cloudwatchLogsIngestion",
  "cloudwatchLogsStorage",
  "cloudwatchDashboards",
  "cloudwatchGetMetricData",
  "snsRequests",
  "snsEmailNotifications",
  "rekognitionDetectLabelsImages",
  "cloudfrontDataTransferOut",
  "cloudfrontHttpsRequests",
] as const;
export type PriceKey = (typeof PRICE_KEYS)[number];

const pricesSchema = z.object(
  Object.fromEntries(PRICE_KEYS.map((key) => [key, priceSchema])) as Record<PriceKey, typeof priceSchema>,
);

const regionSchema = z
  .object({
    location: z.string().min(1),
    sourceDate: z.string().regex(ISO_DATE, "must be a date such as 2026-11-23"),
    sources: z.record(
      z.string(),
      z.object({ title: z.string().min(1), url: z.url(), read: z.string().regex(ISO_DATE) }),
    ),
    prices: pricesSchema,
    freeTier: z
      .object({
        lambdaRequests: freeAllowanceSchema,
        lambdaGbSeconds: freeAllowanceSchema,
      })
      .catchall(freeAllowanceSchema),
  })
  .superRefine((region, ctx) => {
    // A price or allowance citing a source the table does not list could not be checked.
    const cited = [...Object.entries(region.prices), ...Object.entries(region.freeTier)];
    for (const [key, entry] of cited) {
      if (!(entry.source in region.sources)) {
        ctx.addIssue({
          code: "custom",
          message: `cites unknown source "${entry.source}"`,
          path: [key, "source"],
        });
      }
    }
  });

export const priceTableSchema = z.object({
  version: z.string().min(1),
  currency: z.literal("USD"),
  verification: z.string().min(1),
  regions: z.record(z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d$/, "must be an AWS region code"), regionSchema),
});

export type PriceTable = z.infer<typeof priceTableSchema>;
export type RegionPrices = z.infer<typeof regionSchema>;
export type ListPrice = z.infer<typeof priceSchema>;

/** One region's prices with the table's version and currency, as the estimator takes them. */
export interface RegionPriceList extends RegionPrices {
  readonly region: string;
  readonly version: string;
  readonly currency: "USD";
}

/** Validates a parsed table; the error lists each bad field by its path. */
export function parsePriceTable(input: unknown): PriceTable {
  const result = priceTableSchema.safeParse(input);
  if (!result.success) throw new Error(`Invalid price table: ${z.prettifyError(result.error)}`);
  return result.data;
}

export function regionPrices(table: PriceTable, region: string): RegionPriceList {
  const prices = table.regions[region];
  if (!prices) {
    const known = Object.keys(table.regions).join(", ");
    throw new Error(`No prices for region "${region}" in price table ${table.version} (has: ${known})`);
  }
  return { ...prices, region, version: table.version, currency: table.currency };
}

let bundled: PriceTable | undefined;

/** The table shipped beside this file, validated once. */
export function bundledPriceTable(): PriceTable {
  bundled ??= parsePriceTable(bundledTable);
  return bundled;
}

/** The price of one unit, exactly: usd ÷ per. */
export function unitPrice(price: ListPrice): Exact {
  return div(decimal(price.usd), whole(price.per));
}

/** Price keys whose figures are marked unverified, for the estimate's assumptions. */
export function unverifiedPrices(prices: RegionPrices): PriceKey[] {
  return PRICE_KEYS.filter((key) => !prices.prices[key].verified);
}
