import { describe, expect, it } from "vitest";
import {
  add,
  decimal,
  fraction,
  fromNumber,
  mul,
  sum,
  toFixed,
  toReadable,
  whole,
} from "../../src/costs/exact.ts";
import { money } from "../../src/costs/money.ts";

describe("exact arithmetic", () => {
  it("has no floating drift where floats have it", () => {
    expect(0.1 + 0.2).not.toBe(0.3);
    expect(add(decimal("0.1"), decimal("0.2"))).toEqual(decimal("0.3"));
    // Ten million × $0.0000133334: floats give 133.33399999999997.
    expect(toFixed(mul(whole(10_000_000), decimal("0.0000133334")), 10)).toBe("133.3340000000");
    expect(sum(Array.from({ length: 1000 }, () => fromNumber(0.001)))).toEqual(whole(1));
  });

  it("reads a number through its shortest decimal form", () => {
    expect(fromNumber(0.1)).toEqual(fraction(1n, 10n));
    expect(fromNumber(1e-7)).toEqual(fraction(1n, 10_000_000n));
    expect(fromNumber((2000 * 2_628_000) / 604_800)).toEqual(decimal("8690.47619047619"));
    expect(fromNumber(1.5e21)).toEqual(fraction(1_500_000_000_000_000_000_000n, 1n));
  });

  it("rounds half-up to the cent, for display only", () => {
    expect(money(decimal("0.005"))).toEqual({ usd: "0.01", cents: 1, exactUsd: "0.0050000000" });
    expect(money(decimal("0.0049999999")).usd).toBe("0.00");
    expect(money(decimal("21.8171032929")).usd).toBe("21.82");
    expect(money(fraction(1n, 3n)).exactUsd).toBe("0.3333333333");
  });

  it("shows quantities exactly when they terminate, marked when rounded", () => {
    expect(toReadable(decimal("29.296875"))).toBe("29.296875");
    expect(toReadable(whole(31_457_280_000))).toBe("31,457,280,000");
    expect(toReadable(fraction(2n, 3n))).toBe("≈0.666667");
  });

  it("refuses what it cannot represent", () => {
    expect(() => decimal("1e-7")).toThrow(/not a plain non-negative decimal/);
    expect(() => whole(0.5)).toThrow(/not a safe integer/);
    expect(() => fraction(1n, 0n)).toThrow(/division by zero/);
  });
});
