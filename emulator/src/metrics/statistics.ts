import type { Aggregate } from "./aggregate.ts";
import { type WeightedValues, weightedValues } from "./distribution.ts";

/**
 * CloudWatch's statistics, parsed: the five simple ones, and the extended ones that need the
 * values themselves (pNN, tmNN / TM(a:b), wm, tc, ts, PR(a:b), IQM). Bounds of a range are
 * percentages ("10%") or absolute values; absolute ranges exclude the lower bound and include
 * the upper one, as CloudWatch documents.
 */
export type Statistic =
  | { kind: "simple"; name: "SampleCount" | "Average" | "Sum" | "Minimum" | "Maximum" }
  | { kind: "percentile"; p: number }
  | { kind: "range"; fn: "TM" | "WM" | "TC" | "TS" | "PR"; range: Range };

export interface Range {
  percent: boolean;
  lo?: number;
  hi?: number;
}

const SIMPLE = new Set(["SampleCount", "Average", "Sum", "Minimum", "Maximum"]);
const NUMBER = "\\d+(?:\\.\\d+)?";
const PERCENTILE = new RegExp(`^p(${NUMBER})$`);
const SHORT_RANGE = new RegExp(`^(tm|wm|tc|ts)(${NUMBER})$`);
const LONG_RANGE = new RegExp(`^(TM|WM|TC|TS|PR)\\((?:(${NUMBER})(%?))?:(?:(${NUMBER})(%?))?\\)$`);

/** The statistic a name stands for, or null when CloudWatch would not accept it. */
export function parseStatistic(name: string): Statistic | null {
  if (SIMPLE.has(name)) return { kind: "simple", name: name as "Sum" };
  if (name === "IQM") return { kind: "range", fn: "TM", range: { percent: true, lo: 25, hi: 75 } };
  let m = PERCENTILE.exec(name);
  if (m) {
    const p = Number(m[1]);
    return p <= 100 ? { kind: "percentile", p } : null;
  }
  m = SHORT_RANGE.exec(name);
  if (m) {
    const hi = Number(m[2]);
    if (hi > 100) return null;
    return { kind: "range", fn: m[1]!.toUpperCase() as "TM", range: { percent: true, hi } };
  }
  m = LONG_RANGE.exec(name);
  if (!m) return null;
  const [, fn, lo, loPct, hi, hiPct] = m;
  if (lo === undefined && hi === undefined) return null;
  // Both bounds are percentages or both are values; PR only takes values.
  const percent = loPct === "%" || hiPct === "%";
  if (
    (lo !== undefined && (loPct === "%") !== percent) ||
    (hi !== undefined && (hiPct === "%") !== percent)
  ) {
    return null;
  }
  if (percent && fn === "PR") return null;
  const range: Range = { percent };
  if (lo !== undefined) range.lo = Number(lo);
  if (hi !== undefined) range.hi = Number(hi);
  if (percent && ((range.lo ?? 0) > 100 || (range.hi ?? 100) > 100)) return null;
  if ((range.lo ?? Number.NEGATIVE_INFINITY) > (range.hi ?? Number.POSITIVE_INFINITY)) return null;
  return { kind: "range", fn: fn as "TM", range };
}

export function needsValues(stat: Statistic): boolean {
  return stat.kind !== "simple";
}

/**
 * The statistic over `parts` (the aggregates of one period and unit), or undefined when it
 * cannot be computed: no data, or an extended statistic over data without raw values.
 */
export function computeStatistic(stat: Statistic, parts: readonly Aggregate[]): number | undefined {
  let n = 0;
  let sum = 0;
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (const a of parts) {
    n += a.n;
    sum += a.s;
    min = Math.min(min, a.lo);
    max = Math.max(max, a.hi);
  }
  if (n === 0) return undefined;
  if (stat.kind === "simple") {
    switch (stat.name) {
      case "SampleCount":
        return n;
      case "Sum":
        return sum;
      case "Average":
        return sum / n;
      case "Minimum":
        return min;
      case "Maximum":
        return max;
    }
  }
  const distributions = [];
  for (const a of parts) {
    if (!a.d) return undefined;
    distributions.push(a.d);
  }
  const w = weightedValues(distributions);
  if (w.total === 0) return undefined;
  // Histogram values are estimates: keep them inside what was actually seen.
  const clamp = (v: number) => Math.min(max, Math.max(min, v));
  if (stat.kind === "percentile") return clamp(percentile(w, stat.p));
  return rangeStatistic(stat.fn, stat.range, w, clamp);
}

/** The nearest-rank percentile: the smallest value with at least p% of the values at or below it. */
function percentile(w: WeightedValues, p: number): number {
  if (p <= 0) return w.values[0]!;
  const rank = (p / 100) * w.total;
  let seen = 0;
  for (let i = 0; i < w.values.length; i++) {
    seen += w.counts[i]!;
    if (seen >= rank - 1e-9) return w.values[i]!;
  }
  return w.values[w.values.length - 1]!;
}

function rangeStatistic(
  fn: "TM" | "WM" | "TC" | "TS" | "PR",
  range: Range,
  w: WeightedValues,
  clamp: (v: number) => number,
): number | undefined {
  // Each value's share that lies inside the range (a fraction where a percentile bound splits equal values).
  const shares = range.percent ? rankShares(w, range) : valueShares(w, range);
  let count = 0;
  let sum = 0;
  w.values.forEach((v, i) => {
    count += shares[i]!;
    sum += shares[i]! * clamp(v);
  });
  switch (fn) {
    case "TC":
      return count;
    case "TS":
      return sum;
    case "PR":
      return (count / w.total) * 100;
    case "TM":
      return count > 0 ? sum / count : undefined;
    case "WM":
      return winsorizedMean(range, w, shares, clamp);
  }
}

/** Values outside the range count as the range's edge: its boundary value, or the value at its percentile. */
function winsorizedMean(
  range: Range,
  w: WeightedValues,
  shares: readonly number[],
  clamp: (v: number) => number,
): number | undefined {
  const inside = w.values.filter((_, i) => shares[i]! > 0);
  if (inside.length === 0) return undefined;
  const low = range.percent || range.lo === undefined ? clamp(inside[0]!) : range.lo;
  const high = range.percent || range.hi === undefined ? clamp(inside[inside.length - 1]!) : range.hi;
  const from = ((range.lo ?? 0) / 100) * w.total;
  let before = 0;
  let total = 0;
  w.values.forEach((v, i) => {
    const c = w.counts[i]!;
    const outside = c - shares[i]!;
    const isBelow = range.percent ? before < from : v <= (range.lo ?? Number.NEGATIVE_INFINITY);
    total += shares[i]! * clamp(v) + outside * (isBelow ? low : high);
    before += c;
  });
  return total / w.total;
}

function valueShares(w: WeightedValues, range: Range): number[] {
  const lo = range.lo ?? Number.NEGATIVE_INFINITY;
  const hi = range.hi ?? Number.POSITIVE_INFINITY;
  return w.values.map((v, i) => (v > lo && v <= hi ? w.counts[i]! : 0));
}

/** Ranks (lo% · total, hi% · total]: the values between the two percentiles. */
function rankShares(w: WeightedValues, range: Range): number[] {
  const from = ((range.lo ?? 0) / 100) * w.total;
  const to = ((range.hi ?? 100) / 100) * w.total;
  let before = 0;
  return w.counts.map((c) => {
    const start = before;
    before += c;
    return Math.max(0, Math.min(before, to) - Math.max(start, from));
  });
}
