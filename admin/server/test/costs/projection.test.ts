import { describe, expect, it } from "vitest";
import {
  buildSyntheticUsage,
  bundledPriceTable,
  estimate,
  projectEstimate,
  projectUsage,
  regionPrices,
} from "../../src/costs/index.ts";

const prices = regionPrices(bundledPriceTable(), "us-east-1");
const { usage } = buildSyntheticUsage({
  imagesPerMonth: 10_000,
  avgOriginalBytes: 2 * 1024 * 1024,
  variantsPerImage: 5,
  processorDurationMs: 1000,
  processorMemoryMb: 1024,
});
const base = estimate(usage, prices);
// Fixed monthly parts of that usage: 18 metrics × $0.30 + 12 alarms × $0.10 + 1 dashboard × $3.00.
const FIXED = 18 * 0.3 + 12 * 0.1 + 1 * 3.0;

describe("projection to N images a month", () => {
  it("scales the image-driven quantities and keeps the fixed ones", () => {
    const doubled = projectUsage(usage, 20_000);
    expect(doubled.imagesPerMonth).toBe(20_000);
    expect(doubled.lambda.functions.map((fn) => fn.invocations)).toEqual([20_000, 40_400]);
    expect(doubled.lambda.functions.map((fn) => [fn.avgDurationMs, fn.memoryMb])).toEqual([
      [1000, 1024],
      [50, 512],
    ]);
    expect(doubled.s3.averageStoredBytes).toBe(2 * usage.s3.averageStoredBytes);
    expect(doubled.rekognition.detectLabelsImages).toBe(20_000);
    expect(doubled.cloudwatch).toMatchObject({ customMetrics: 18, standardAlarms: 12, dashboards: 1 });
    expect(doubled.sns).toEqual(usage.sns);
  });

  it("costs twice the image-driven part plus the same fixed part", () => {
    const projected = projectEstimate(usage, prices, 20_000);
    const expected = 2 * (Number(base.total.exactUsd) - FIXED) + FIXED;
    expect(Number(projected.total.exactUsd)).toBeCloseTo(expected, 9);
    expect(projected.total.usd).toBe("34.03");
    const rekognition = projected.byService.find((service) => service.service === "Amazon Rekognition");
    expect(rekognition?.cost.usd).toBe("20.00");
    expect(projected.assumptions.at(-1)).toContain("Projected from 10,000 to 20,000 images a month");
  });

  it("leaves only the fixed costs at zero images, with no per-1,000 figure", () => {
    const none = projectEstimate(usage, prices, 0);
    expect(Number(none.total.exactUsd)).toBeCloseTo(FIXED, 9);
    expect(none.perThousandImages).toBeNull();
  });

  it("spreads the fixed costs thinner per 1,000 images as volume grows", () => {
    const million = projectEstimate(usage, prices, 1_000_000);
    const perThousandBase = Number(base.perThousandImages?.exactUsd);
    const perThousandMillion = Number(million.perThousandImages?.exactUsd);
    expect(perThousandMillion).toBeLessThan(perThousandBase);
    // The image-driven cost per 1,000 images does not change with volume.
    expect(perThousandMillion).toBeCloseTo(
      ((Number(base.total.exactUsd) - FIXED) * 1000) / 10_000 + FIXED / 1000,
      9,
    );
  });

  it("refuses to project a usage without images, or a bad target", () => {
    expect(() => projectUsage({ ...usage, imagesPerMonth: 0 }, 100)).toThrow(/no images/);
    expect(() => projectUsage(usage, -5)).toThrow(/must not be negative/);
    expect(() => projectUsage(usage, 1.5)).toThrow(/whole number/);
  });
});
