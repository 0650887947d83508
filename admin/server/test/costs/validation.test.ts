import { describe, expect, it } from "vitest";
import {
  buildSyntheticUsage,
  bundledPriceTable,
  estimate,
  parseMonthlyUsage,
  parsePriceTable,
  regionPrices,
} from "../../src/costs/index.ts";

const good = buildSyntheticUsage({
  imagesPerMonth: 100,
  avgOriginalBytes: 1000,
  variantsPerImage: 5,
  processorDurationMs: 500,
  processorMemoryMb: 1024,
}).usage;
const prices = regionPrices(bundledPriceTable(), "us-east-1");

function editableTable() {
  return structuredClone(bundledPriceTable()) as unknown as {
    regions: Record<string, { prices: Record<string, Record<string, unknown>> }>;
  };
}

function errorOf(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error("expected an error");
}

describe("input validation", () => {
  it("names each bad field of a monthly usage with the reason", () => {
    const bad = {
      ...good,
      lambda: { functions: [{ ...good.lambda.functions[0], memoryMb: 64, invocations: -1 }] },
    };
    let message = "";
    try {
      parseMonthlyUsage(bad);
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/^Invalid monthly usage:/);
    expect(message).toContain("memoryMb must be at least 128 MB");
    expect(message).toContain("lambda.functions[0].memoryMb");
    expect(message).toContain("invocations must not be negative");
  });

  it("refuses fractional alarm counts and missing sections", () => {
    expect(() =>
      parseMonthlyUsage({ ...good, cloudwatch: { ...good.cloudwatch, standardAlarms: 1.5 } }),
    ).toThrow(/cloudwatch\.standardAlarms must be a whole number/);
    const { rekognition: _dropped, ...partial } = good;
    expect(() => parseMonthlyUsage(partial)).toThrow(/rekognition/);
  });

  it("validates the estimator's input too, not only the parser's", () => {
    expect(() => estimate({ ...good, imagesPerMonth: Number.NaN }, prices)).toThrow(/imagesPerMonth/);
  });

  it("names the bad synthetic knobs", () => {
    expect(() =>
      buildSyntheticUsage({
        imagesPerMonth: -1,
        avgOriginalBytes: 0,
        variantsPerImage: 5,
        processorDurationMs: 1000,
        processorMemoryMb: 20_000,
      }),
    ).toThrow(
      /Invalid synthetic usage knobs:[\s\S]*imagesPerMonth must not be negative[\s\S]*avgOriginalBytes must be greater than 0[\s\S]*processorMemoryMb must be at most 10240 MB/,
    );
    expect(() =>
      buildSyntheticUsage({
        imagesPerMonth: 1,
        avgOriginalBytes: 1,
        variantsPerImage: 5,
        processorDurationMs: 1,
        processorMemoryMb: 1024,
        delivery: "ftp" as "s3",
      }),
    ).toThrow(/delivery must be "cloudfront" or "s3"/);
  });

  it("rejects a price table with a float price or a missing price, naming them", () => {
    const table = editableTable();
    const region = table.regions["us-east-1"]!;
    region.prices.snsRequests!.usd = 0.5;
    delete region.prices.cloudfrontHttpsRequests;
    const message = errorOf(() => parsePriceTable(table));
    expect(message).toMatch(/^Invalid price table:/);
    expect(message).toContain("usd must be a decimal string");
    expect(message).toContain('regions["us-east-1"].prices.snsRequests.usd');
    expect(message).toContain('regions["us-east-1"].prices.cloudfrontHttpsRequests');
  });

  it("rejects a price citing a source the table does not list", () => {
    const table = editableTable();
    table.regions["us-east-1"]!.prices.rekognitionDetectLabelsImages!.source = "a blog";
    const message = errorOf(() => parsePriceTable(table));
    expect(message).toContain('cites unknown source "a blog"');
    expect(message).toContain("rekognitionDetectLabelsImages.source");
  });

  it("says which regions a table has when asked for another", () => {
    expect(() => regionPrices(bundledPriceTable(), "eu-west-1")).toThrow(
      /No prices for region "eu-west-1" in price table 2026-11-23\.1 \(has: us-east-1\)/,
    );
  });

  it("loads the bundled table with a source date and a source for every price", () => {
    const table = bundledPriceTable();
    expect(table.currency).toBe("USD");
    const region = table.regions["us-east-1"]!;
    expect(region.sourceDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    for (const price of Object.values(region.prices))
      expect(Object.keys(region.sources)).toContain(price.source);
  });
});
