import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  buildSyntheticUsage,
  bundledPriceTable,
  type CostEstimate,
  estimate,
  regionPrices,
} from "../../src/costs/index.ts";

/**
 * Acceptance item 4: for a known synthetic usage (10,000 images a month at 2 MB, 5 variants,
 * 1 s at 1,024 MB) the estimate equals a hand calculation from the price table, to the cent.
 * The hand calculation below is written out line by line as quantity × list price; it shares no
 * code with the estimator (plain numbers, its own GB conversion).
 */

// The table's list prices as the hand calculation uses them, checked against the raw JSON first so
// that a price change shows up here by name rather than as a mystery total.
const PRICE = {
  lambdaRequest: 0.2 / 1_000_000,
  lambdaArmGbSecond: 0.0000133334,
  lambdaX86GbSecond: 0.0000166667,
  s3GbMonth: 0.023,
  s3Put: 0.005 / 1000,
  s3Get: 0.0004 / 1000,
  s3TransferGb: 0.09,
  ddbRead: 0.125 / 1_000_000,
  ddbWrite: 0.625 / 1_000_000,
  ddbGbMonth: 0.25,
  cwMetric: 0.3,
  cwAlarm: 0.1,
  cwHighResAlarm: 0.3,
  cwDashboard: 3.0,
  cwLogIngestGb: 0.5,
  cwLogStoreGb: 0.03,
  cwGetMetricData: 0.01 / 1000,
  snsRequest: 0.5 / 1_000_000,
  snsEmail: 2.0 / 100_000,
  rekognitionImage: 1.0 / 1000,
  cloudfrontGb: 0.085,
  cloudfrontHttps: 0.01 / 10_000,
};

const GIB = 1024 * 1024 * 1024;
const MIB = 1024 * 1024;

const rawTable = JSON.parse(
  readFileSync(new URL("../../src/costs/price-table.json", import.meta.url), "utf8"),
) as { regions: Record<string, { prices: Record<string, { usd: string; per: number }> }> };
const raw = (key: string) => {
  const price = rawTable.regions["us-east-1"]?.prices[key];
  if (!price) throw new Error(`price table lacks ${key}`);
  return Number(price.usd) / price.per;
};

const prices = regionPrices(bundledPriceTable(), "us-east-1");
const example = buildSyntheticUsage({
  imagesPerMonth: 10_000,
  avgOriginalBytes: 2 * MIB,
  variantsPerImage: 5,
  processorDurationMs: 1000,
  processorMemoryMb: 1024,
});

/** The hand calculation, in dollars, one entry per estimate line, in the estimator's order. */
const HAND = {
  "AWS Lambda": [
    10_000 * PRICE.lambdaRequest, // processor: one invocation per image
    10_000 * 1 * (1024 / 1024) * PRICE.lambdaArmGbSecond, // 10,000 × 1 s × 1 GB
    (10_000 + 10_000 + 200) * PRICE.lambdaRequest, // api: uploads + detail views + list pages (10,000 ÷ 50)
    20_200 * 0.05 * (512 / 1024) * PRICE.lambdaArmGbSecond, // 20,200 × 50 ms × 0.5 GB = 505 GB-s
  ],
  "Amazon S3": [
    ((10_000 * (2 * MIB + 1 * MIB)) / GIB) * PRICE.s3GbMonth, // originals + variants (half the original), 1 month
    10_000 * (1 + 5) * PRICE.s3Put, // upload POST + 5 variant PUTs
    (10_000 * 2 + 10_000 * 5) * PRICE.s3Get, // processor HEAD + GET, 5 variant fetches per view
    0 * PRICE.s3TransferGb, // CloudFront serves the variants
  ],
  "Amazon DynamoDB": [
    (10_000 * 2 + 10_000 * 1 + 200 * 7) * PRICE.ddbRead,
    10_000 * 20 * PRICE.ddbWrite,
    ((10_000 * 4096) / GIB) * PRICE.ddbGbMonth,
  ],
  "Amazon CloudWatch": [
    18 * PRICE.cwMetric,
    12 * PRICE.cwAlarm,
    0 * PRICE.cwHighResAlarm,
    1 * PRICE.cwDashboard,
    ((10_000 * 4096 + 20_200 * 1024) / GIB) * PRICE.cwLogIngestGb,
    ((10_000 * 4096 + 20_200 * 1024) / GIB) * PRICE.cwLogStoreGb,
    0 * PRICE.cwGetMetricData,
  ],
  "Amazon SNS": [0 * PRICE.snsRequest, 0 * PRICE.snsEmail],
  "Amazon Rekognition": [10_000 * PRICE.rekognitionImage],
  "Amazon CloudFront": [
    ((10_000 * 1 * MIB) / GIB) * PRICE.cloudfrontGb,
    (10_000 * 5 + 20_200) * PRICE.cloudfrontHttps,
  ],
} as const;

const cents = (dollars: number) => Math.round(dollars * 100);
const total = (values: readonly number[]) => values.reduce((a, b) => a + b, 0);
const handTotal = total(Object.values(HAND).flat());

function lineCosts(result: CostEstimate, service: string): number[] {
  const found = result.byService.find((entry) => entry.service === service);
  if (!found) throw new Error(`no ${service} in the estimate`);
  return found.lines.map((line) => Number(line.cost.exactUsd));
}

describe("the issue's synthetic usage: 10,000 images at 2 MB, 5 variants, 1 s at 1,024 MB", () => {
  it("uses the prices the table holds", () => {
    expect(raw("lambdaRequestsArm64")).toBe(PRICE.lambdaRequest);
    expect(raw("lambdaGbSecondsArm64")).toBe(PRICE.lambdaArmGbSecond);
    expect(raw("lambdaGbSecondsX86")).toBe(PRICE.lambdaX86GbSecond);
    expect(raw("s3StandardStorage")).toBe(PRICE.s3GbMonth);
    expect(raw("s3PutCopyPostListRequests")).toBe(PRICE.s3Put);
    expect(raw("s3GetAndOtherRequests")).toBe(PRICE.s3Get);
    expect(raw("dynamodbReadRequestUnits")).toBe(PRICE.ddbRead);
    expect(raw("dynamodbWriteRequestUnits")).toBe(PRICE.ddbWrite);
    expect(raw("dynamodbStorage")).toBe(PRICE.ddbGbMonth);
    expect(raw("cloudwatchCustomMetrics")).toBe(PRICE.cwMetric);
    expect(raw("cloudwatchStandardAlarms")).toBe(PRICE.cwAlarm);
    expect(raw("cloudwatchDashboards")).toBe(PRICE.cwDashboard);
    expect(raw("cloudwatchLogsIngestion")).toBe(PRICE.cwLogIngestGb);
    expect(raw("cloudwatchLogsStorage")).toBe(PRICE.cwLogStoreGb);
    expect(raw("rekognitionDetectLabelsImages")).toBe(PRICE.rekognitionImage);
    expect(raw("cloudfrontDataTransferOut")).toBe(PRICE.cloudfrontGb);
    expect(raw("cloudfrontHttpsRequests")).toBe(PRICE.cloudfrontHttps);
  });

  const result = estimate(example.usage, prices);

  it("matches the hand calculation line by line", () => {
    for (const [service, hand] of Object.entries(HAND)) {
      const lines = lineCosts(result, service);
      expect(lines, service).toHaveLength(hand.length);
      for (const [index, value] of hand.entries()) {
        expect(lines[index], `${service} line ${index}`).toBeCloseTo(value, 9);
      }
    }
  });

  it("matches the hand total to the cent: $21.82", () => {
    // The exact total is $21.8171…, nowhere near a half cent, so float rounding in the hand sum is safe.
    expect(cents(handTotal)).toBe(2182);
    expect(result.total.cents).toBe(cents(handTotal));
    expect(result.total.usd).toBe("21.82");
    for (const service of result.byService) {
      expect(service.cost.cents, service.service).toBe(cents(total(HAND[service.service])));
    }
  });

  it("gives the cost per 1,000 images, fixed costs included", () => {
    expect(result.perThousandImages?.cents).toBe(cents((handTotal * 1000) / 10_000));
    expect(result.perThousandImages?.usd).toBe("2.18");
  });

  it("shows each line's formula with its quantity, unit and unit price", () => {
    const compute = result.byService[0]?.lines[1];
    expect(compute).toMatchObject({
      item: "processor: compute (arm64, 1024 MB)",
      quantity: "10,000",
      unit: "GB-seconds",
      unitPrice: { usd: "0.0000133334", per: 1, unit: "GB-seconds", verified: true },
      cost: { usd: "0.13", exactUsd: "0.1333340000" },
    });
    expect(compute?.formula).toBe(
      "10,000 invocations × 1,000 ms × 1024 MB ÷ (1,000 ms/s × 1024 MB/GB) = 10,000 GB-seconds; " +
        "10,000 GB-seconds × $0.0000133334 per 1 GB-seconds = $0.1333340000",
    );
    const storage = result.byService[1]?.lines[0];
    expect(storage?.formula).toContain("31,457,280,000 bytes ÷ 1,073,741,824 bytes/GB = 29.296875 GB");
  });

  it("lists the defaults it assumed and the unverified prices", () => {
    expect(example.assumptions).toContain(
      "avgVariantsTotalBytes = 0.5 × avgOriginalBytes: all variants together weigh half the original (an assumption; measure the media bucket to replace it).",
    );
    expect(result.unverifiedPrices).toEqual([
      "cloudwatchHighResolutionAlarms",
      "cloudwatchLogsStorage",
      "cloudwatchDashboards",
      "cloudwatchGetMetricData",
      "snsRequests",
      "snsEmailNotifications",
    ]);
    expect(result.assumptions.join("\n")).toContain("No free tier is deducted");
  });

  it("deducts Lambda's free tier only when asked", () => {
    const free = estimate(example.usage, prices, { applyLambdaFreeTier: true });
    // 30,200 requests and 10,505 GB-s are all inside 1,000,000 requests and 400,000 GB-s.
    expect(free.byService[0]?.cost.exactUsd).toBe("0.0000000000");
    expect(free.total.cents).toBe(cents(handTotal - total(HAND["AWS Lambda"])));
    expect(free.byService[0]?.lines[0]?.formula).toContain("10,000 invocations − 10,000 requests free tier");
  });

  it("takes the free tier in function order until it runs out", () => {
    const big = buildSyntheticUsage({
      imagesPerMonth: 1_500_000,
      avgOriginalBytes: 2 * MIB,
      variantsPerImage: 5,
      processorDurationMs: 1000,
      processorMemoryMb: 1024,
    });
    const free = estimate(big.usage, prices, { applyLambdaFreeTier: true });
    const lambda = free.byService[0]?.lines ?? [];
    // Processor: 1,500,000 requests − 1,000,000 free; 1,500,000 GB-s − 400,000 free. The API gets none.
    expect(Number(lambda[0]?.cost.exactUsd)).toBeCloseTo(500_000 * PRICE.lambdaRequest, 9);
    expect(Number(lambda[1]?.cost.exactUsd)).toBeCloseTo(1_100_000 * PRICE.lambdaArmGbSecond, 9);
    expect(Number(lambda[2]?.cost.exactUsd)).toBeCloseTo(3_030_000 * PRICE.lambdaRequest, 9);
  });

  it("prices an x86 processor at the x86 rate, for comparison", () => {
    const x86 = buildSyntheticUsage({ ...example.knobs, processorArchitecture: "x86_64" });
    const lines = estimate(x86.usage, prices).byService[0]?.lines ?? [];
    expect(lines[1]?.priceKey).toBe("lambdaGbSecondsX86");
    expect(Number(lines[1]?.cost.exactUsd)).toBeCloseTo(10_000 * PRICE.lambdaX86GbSecond, 9);
  });

  it("serves variants from S3 when told to: S3 transfer instead of CloudFront", () => {
    const direct = estimate(buildSyntheticUsage({ ...example.knobs, delivery: "s3" }).usage, prices);
    expect(Number(direct.byService[1]?.lines[3]?.cost.exactUsd)).toBeCloseTo(
      ((10_000 * MIB) / GIB) * PRICE.s3TransferGb,
      9,
    );
    expect(direct.byService[6]?.cost.exactUsd).toBe("0.0000000000");
  });
});
