import { describe, expect, it } from "vitest";
import { buildSyntheticUsage, bundledPriceTable, estimate, regionPrices } from "../../src/costs/index.ts";

/** Every shown figure comes with what it was computed from: lines, services, total, per 1,000 images. */
describe("the estimate's formulas", () => {
  const result = estimate(
    buildSyntheticUsage({
      imagesPerMonth: 10_000,
      avgOriginalBytes: 2 * 1024 * 1024,
      variantsPerImage: 5,
      processorDurationMs: 1000,
      processorMemoryMb: 1024,
    }).usage,
    regionPrices(bundledPriceTable(), "us-east-1"),
  );
  const dollars = (text: string) => [...text.matchAll(/\$(\d+\.\d{10})/g)].map((m) => m[1]!);

  it("each service's is the sum of its lines' exact costs", () => {
    for (const service of result.byService) {
      const figures = dollars(service.formula);
      expect(figures.slice(0, -1)).toEqual(service.lines.map((line) => line.cost.exactUsd));
      expect(figures.at(-1)).toBe(service.cost.exactUsd);
    }
  });

  it("the total's is the sum of the services', and the cost per 1,000 images divides it", () => {
    const figures = dollars(result.totalFormula);
    expect(figures.slice(0, -1)).toEqual(result.byService.map((service) => service.cost.exactUsd));
    expect(figures.at(-1)).toBe(result.total.exactUsd);
    expect(result.perThousandImagesFormula).toBe(
      `$${result.total.exactUsd} × 1,000 ÷ 10,000 images = $${result.perThousandImages?.exactUsd}`,
    );
    const sum = result.byService.reduce((total, service) => total + Number(service.cost.exactUsd), 0);
    expect(Number(result.total.exactUsd)).toBeCloseTo(sum, 9);
  });
});
