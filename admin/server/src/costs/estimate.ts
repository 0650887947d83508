import { z } from "zod";
import { div, type Exact, fromNumber, max, min, mul, sub, sum, toReadable, whole, ZERO } from "./exact.ts";
import { DISPLAY_ROUNDING, type Money, money } from "./money.ts";
import { type PriceKey, type RegionPriceList, unitPrice, unverifiedPrices } from "./price-table.ts";
import { BYTES_PER_GB, gigabytes, MB_PER_GB } from "./units.ts";
import { type LambdaFunctionUsage, type MonthlyUsage, parseMonthlyUsage } from "./usage.ts";

/** One priced quantity: everything needed to redo `quantity × unit price` by hand. */
export interface CostLine {
  readonly item: string;
  readonly priceKey: PriceKey;
  /** The billed quantity, exact when it has at most 6 decimals, else rounded and marked "≈". */
  readonly quantity: string;
  readonly unit: string;
  readonly unitPrice: {
    readonly usd: string;
    readonly per: number;
    readonly unit: string;
    readonly verified: boolean;
  };
  readonly cost: Money;
  /** How the quantity was derived from the usage, then the product. */
  readonly formula: string;
}

export const SERVICES = [
  "AWS Lambda",
  "Amazon S3",
  "Amazon DynamoDB",
  "Amazon CloudWatch",
  "Amazon SNS",
  "Amazon Rekognition",
  "Amazon CloudFront",
] as const;
export type ServiceName = (typeof SERVICES)[number];

export interface ServiceCost {
  readonly service: ServiceName;
  readonly cost: Money;
  readonly lines: readonly CostLine[];
  /** The sum of its lines' exact costs. */
  readonly formula: string;
}

export interface CostEstimate {
  readonly region: string;
  readonly priceTableVersion: string;
  readonly priceSourceDate: string;
  readonly currency: "USD";
  readonly total: Money;
  /** The sum of the services' exact costs. */
  readonly totalFormula: string;
  readonly byService: readonly ServiceCost[];
  readonly imagesPerMonth: number;
  /** total × 1,000 ÷ images, fixed costs included; null when no image was processed. */
  readonly perThousandImages: Money | null;
  readonly perThousandImagesFormula: string | null;
  readonly lambdaFreeTierApplied: boolean;
  readonly unverifiedPrices: readonly PriceKey[];
  readonly assumptions: readonly string[];
}

export const estimateOptionsSchema = z.object({
  /** Deduct Lambda's monthly free allowance (per account: right only if nothing else uses it). */
  applyLambdaFreeTier: z.boolean().default(false),
});
export type EstimateOptions = z.input<typeof estimateOptionsSchema>;

interface PricedLine extends CostLine {
  readonly exact: Exact;
}

const grouped = (value: number | Exact) => toReadable(typeof value === "number" ? fromNumber(value) : value);

function priced(
  prices: RegionPriceList,
  priceKey: PriceKey,
  item: string,
  quantity: Exact,
  derivation?: string,
): PricedLine {
  const price = prices.prices[priceKey];
  const exact = mul(quantity, unitPrice(price));
  const cost = money(exact);
  const product = `${grouped(quantity)} ${price.unit} × $${price.usd} per ${grouped(price.per)} ${price.unit} = $${cost.exactUsd}`;
  return {
    item,
    priceKey,
    quantity: grouped(quantity),
    unit: price.unit,
    unitPrice: { usd: price.usd, per: price.per, unit: price.unit, verified: price.verified },
    cost,
    exact,
    formula: derivation ? `${derivation}; ${product}` : product,
  };
}

function bytesToGb(bytes: number, what: string): { gb: Exact; derivation: string } {
  const gb = gigabytes(fromNumber(bytes));
  return {
    gb,
    derivation: `${what}: ${grouped(bytes)} bytes ÷ ${grouped(BYTES_PER_GB)} bytes/GB = ${grouped(gb)} GB`,
  };
}

/** Lambda: requests and GB-seconds per function, the free allowance (if asked) taken in list order. */
function lambdaLines(prices: RegionPriceList, functions: readonly LambdaFunctionUsage[], freeTier: boolean) {
  let freeRequests = freeTier ? whole(prices.freeTier.lambdaRequests.quantity) : ZERO;
  let freeGbSeconds = freeTier ? whole(prices.freeTier.lambdaGbSeconds.quantity) : ZERO;
  return functions.flatMap((fn) => {
    const arm = fn.architecture === "arm64";
    const invocations = fromNumber(fn.invocations);
    const gbSeconds = div(
      mul(mul(invocations, fromNumber(fn.avgDurationMs)), whole(fn.memoryMb)),
      whole(1000 * MB_PER_GB),
    );
    const requestsFree = min(invocations, freeRequests);
    const computeFree = min(gbSeconds, freeGbSeconds);
    freeRequests = sub(freeRequests, requestsFree);
    freeGbSeconds = sub(freeGbSeconds, computeFree);
    const freeNote = (free: Exact, unit: string) => (freeTier ? ` − ${grouped(free)} ${unit} free tier` : "");
    const billedRequests = max(ZERO, sub(invocations, requestsFree));
    const billedGbSeconds = max(ZERO, sub(gbSeconds, computeFree));
    return [
      priced(
        prices,
        arm ? "lambdaRequestsArm64" : "lambdaRequestsX86",
        `${fn.name}: requests (${fn.architecture})`,
        billedRequests,
        `${grouped(invocations)} invocations${freeNote(requestsFree, "requests")}`,
      ),
      priced(
        prices,
        arm ? "lambdaGbSecondsArm64" : "lambdaGbSecondsX86",
        `${fn.name}: compute (${fn.architecture}, ${fn.memoryMb} MB)`,
        billedGbSeconds,
        `${grouped(invocations)} invocations × ${grouped(fn.avgDurationMs)} ms × ${fn.memoryMb} MB ÷ (1,000 ms/s × ${MB_PER_GB} MB/GB) = ${grouped(gbSeconds)} GB-seconds${freeNote(computeFree, "GB-seconds")}`,
      ),
    ];
  });
}

function s3Lines(prices: RegionPriceList, s3: MonthlyUsage["s3"]) {
  const storage = bytesToGb(s3.averageStoredBytes, "average stored");
  const transfer = bytesToGb(s3.dataTransferOutBytes, "served to the internet");
  return [
    priced(prices, "s3StandardStorage", "Standard storage", storage.gb, storage.derivation),
    priced(
      prices,
      "s3PutCopyPostListRequests",
      "PUT, COPY, POST, LIST requests",
      fromNumber(s3.putCopyPostListRequests),
    ),
    priced(
      prices,
      "s3GetAndOtherRequests",
      "GET, HEAD and other requests",
      fromNumber(s3.getAndOtherRequests),
    ),
    priced(
      prices,
      "s3DataTransferOutInternet",
      "Data transfer out to the internet",
      transfer.gb,
      transfer.derivation,
    ),
  ];
}

function dynamodbLines(prices: RegionPriceList, dynamodb: MonthlyUsage["dynamodb"]) {
  const storage = bytesToGb(dynamodb.averageStoredBytes, "average table size");
  return [
    priced(
      prices,
      "dynamodbReadRequestUnits",
      "On-demand read request units",
      fromNumber(dynamodb.readRequestUnits),
    ),
    priced(
      prices,
      "dynamodbWriteRequestUnits",
      "On-demand write request units",
      fromNumber(dynamodb.writeRequestUnits),
    ),
    priced(prices, "dynamodbStorage", "Table storage", storage.gb, storage.derivation),
  ];
}

function cloudwatchLines(prices: RegionPriceList, cw: MonthlyUsage["cloudwatch"]) {
  const ingested = bytesToGb(cw.logIngestedBytes, "log bytes ingested");
  const stored = bytesToGb(cw.logStoredBytes, "log bytes stored");
  return [
    priced(prices, "cloudwatchCustomMetrics", "Custom metrics", whole(cw.customMetrics)),
    priced(prices, "cloudwatchStandardAlarms", "Standard-resolution alarms", whole(cw.standardAlarms)),
    priced(
      prices,
      "cloudwatchHighResolutionAlarms",
      "High-resolution alarms",
      whole(cw.highResolutionAlarms),
    ),
    priced(prices, "cloudwatchDashboards", "Dashboards", whole(cw.dashboards)),
    priced(prices, "cloudwatchLogsIngestion", "Logs ingested", ingested.gb, ingested.derivation),
    priced(prices, "cloudwatchLogsStorage", "Logs stored", stored.gb, stored.derivation),
    priced(
      prices,
      "cloudwatchGetMetricData",
      "GetMetricData metrics requested",
      fromNumber(cw.getMetricDataMetrics),
    ),
  ];
}

function serviceCost(
  service: ServiceName,
  lines: readonly PricedLine[],
): { exact: Exact; cost: ServiceCost } {
  const exact = sum(lines.map((line) => line.exact));
  const shown = lines.map(({ exact: _exact, ...line }) => line);
  const formula = sumFormula(
    lines.map((line) => line.cost),
    money(exact),
  );
  return { exact, cost: { service, cost: money(exact), lines: shown, formula } };
}

/** `$a + $b + … = $total`, on the exact figures (the shown ones are rounded). */
function sumFormula(parts: readonly Money[], total: Money): string {
  return `${parts.map((part) => `$${part.exactUsd}`).join(" + ")} = $${total.exactUsd}`;
}

/**
 * Prices a month of usage. Every line is quantity × list price with its derivation; service costs
 * and the total add the exact line costs, and only the shown figures are rounded (see money.ts).
 */
export function estimate(
  usageInput: MonthlyUsage,
  prices: RegionPriceList,
  options: EstimateOptions = {},
): CostEstimate {
  const usage = parseMonthlyUsage(usageInput);
  const { applyLambdaFreeTier } = estimateOptionsSchema.parse(options);
  const delivered = bytesToGb(usage.cloudfront.dataTransferOutBytes, "delivered by CloudFront");
  const services = [
    serviceCost("AWS Lambda", lambdaLines(prices, usage.lambda.functions, applyLambdaFreeTier)),
    serviceCost("Amazon S3", s3Lines(prices, usage.s3)),
    serviceCost("Amazon DynamoDB", dynamodbLines(prices, usage.dynamodb)),
    serviceCost("Amazon CloudWatch", cloudwatchLines(prices, usage.cloudwatch)),
    serviceCost("Amazon SNS", [
      priced(prices, "snsRequests", "Publish and other API requests", fromNumber(usage.sns.requests)),
      priced(
        prices,
        "snsEmailNotifications",
        "Email notifications",
        fromNumber(usage.sns.emailNotifications),
      ),
    ]),
    serviceCost("Amazon Rekognition", [
      priced(
        prices,
        "rekognitionDetectLabelsImages",
        "DetectLabels images",
        fromNumber(usage.rekognition.detectLabelsImages),
      ),
    ]),
    serviceCost("Amazon CloudFront", [
      priced(prices, "cloudfrontDataTransferOut", "Data transfer out", delivered.gb, delivered.derivation),
      priced(prices, "cloudfrontHttpsRequests", "HTTPS requests", fromNumber(usage.cloudfront.httpsRequests)),
    ]),
  ];
  const total = sum(services.map((service) => service.exact));
  const images = fromNumber(usage.imagesPerMonth);
  const unverified = unverifiedPrices(prices);
  const totalMoney = money(total);
  const perThousand = usage.imagesPerMonth > 0 ? money(div(mul(total, whole(1000)), images)) : null;
  return {
    region: prices.region,
    priceTableVersion: prices.version,
    priceSourceDate: prices.sourceDate,
    currency: prices.currency,
    total: totalMoney,
    totalFormula: sumFormula(
      services.map((service) => service.cost.cost),
      totalMoney,
    ),
    byService: services.map((service) => service.cost),
    imagesPerMonth: usage.imagesPerMonth,
    perThousandImages: perThousand,
    perThousandImagesFormula:
      perThousand === null
        ? null
        : `$${totalMoney.exactUsd} × 1,000 ÷ ${grouped(images)} images = $${perThousand.exactUsd}`,
    lambdaFreeTierApplied: applyLambdaFreeTier,
    unverifiedPrices: unverified,
    assumptions: estimateAssumptions(prices, applyLambdaFreeTier, unverified),
  };
}

function estimateAssumptions(
  prices: RegionPriceList,
  freeTier: boolean,
  unverified: readonly PriceKey[],
): string[] {
  return [
    `List prices for ${prices.location} (${prices.region}), price table ${prices.version}, read ${prices.sourceDate}; no taxes, credits, Savings Plans or negotiated discounts.`,
    "Only each price's first tier is used (Lambda below 7.5 billion arm64 GB-s, S3 below 50 TB, transfer below 10 TB, Rekognition below 1 million images, CloudWatch below 10,000 metrics).",
    freeTier
      ? `Lambda's free tier (${prices.freeTier.lambdaRequests.quantity.toLocaleString("en-US")} requests, ${prices.freeTier.lambdaGbSeconds.quantity.toLocaleString("en-US")} GB-s a month) is deducted, in the order the functions are listed; it is per account, so this is right only if nothing else in the account uses it.`
      : "No free tier is deducted: free allowances belong to the account, not to this pipeline (set applyLambdaFreeTier to deduct Lambda's).",
    "GB means 2^30 bytes, as AWS bills storage and transfer; Lambda GB-seconds use memory MB ÷ 1,024.",
    "Lambda compute uses the average duration; AWS rounds each invocation up to the next millisecond, so the bill can be slightly higher.",
    "S3 to CloudFront transfer is free and not listed; S3 data transfer out counts only bytes served straight to the internet.",
    "Log storage is priced on the bytes given; CloudWatch bills archived logs after compression, so raw bytes overstate it.",
    `Figures are exact fractions until shown; shown figures are rounded ${DISPLAY_ROUNDING}, so shown lines may differ from the shown total by a cent.`,
    ...(unverified.length > 0
      ? [`Unverified list prices (third-party sources only): ${unverified.join(", ")}.`]
      : []),
  ];
}
