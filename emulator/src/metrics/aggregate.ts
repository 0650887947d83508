import {
  addValue,
  cloneDistribution,
  type Distribution,
  distributionCells,
  emptyDistribution,
  mergeDistribution,
} from "./distribution.ts";

/**
 * What one bucket (a second, minute or hour of one series) holds for one unit: CloudWatch
 * keeps each datum's unit, and a query that names a unit sees only data with that unit.
 * A plain JSON object, stored as part of its bucket's row.
 */
export interface Aggregate {
  /** The unit, e.g. "Count"; "None" when the data named none. */
  u: string;
  /** SampleCount, Sum, Minimum and Maximum. */
  n: number;
  s: number;
  lo: number;
  hi: number;
  /**
   * The values, for percentiles; absent once a statistic set with distinct values or a
   * negative value arrived, as CloudWatch then offers no percentiles for the period.
   */
  d?: Distribution;
  /** Set on minute buckets that high-resolution data contributed to. */
  r?: 1;
}

/** A bucket's row: one aggregate per unit, usually just one. */
export type BucketRow = Aggregate[];

/** What one datum adds: raw values (with counts), or a statistic set. */
export type Contribution =
  | { kind: "values"; values: readonly number[]; counts?: readonly number[] | undefined }
  | { kind: "statistics"; sampleCount: number; sum: number; min: number; max: number };

export function emptyAggregate(unit: string): Aggregate {
  return {
    u: unit,
    n: 0,
    s: 0,
    lo: Number.POSITIVE_INFINITY,
    hi: Number.NEGATIVE_INFINITY,
    d: emptyDistribution(),
  };
}

export function cloneAggregate(a: Aggregate): Aggregate {
  const out: Aggregate = { u: a.u, n: a.n, s: a.s, lo: a.lo, hi: a.hi };
  if (a.d) out.d = cloneDistribution(a.d);
  if (a.r) out.r = 1;
  return out;
}

export function addContribution(a: Aggregate, c: Contribution): void {
  if (c.kind === "statistics") {
    a.n += c.sampleCount;
    a.s += c.sum;
    a.lo = Math.min(a.lo, c.min);
    a.hi = Math.max(a.hi, c.max);
    // Percentiles need raw values: only a set of equal values still says what they were.
    if (a.d && c.min === c.max && c.sum === c.min * c.sampleCount && c.min >= 0) {
      addValue(a.d, c.min, c.sampleCount);
    } else {
      delete a.d;
    }
    return;
  }
  c.values.forEach((value, i) => {
    const count = c.counts?.[i] ?? 1;
    if (count <= 0) return;
    a.n += count;
    a.s += value * count;
    a.lo = Math.min(a.lo, value);
    a.hi = Math.max(a.hi, value);
    if (value < 0) delete a.d;
    else if (a.d) addValue(a.d, value, count);
  });
}

/** Adds `from` into `into`; the distribution only when asked, as only extended statistics need it. */
export function mergeAggregate(into: Aggregate, from: Aggregate, withDistribution: boolean): void {
  into.n += from.n;
  into.s += from.s;
  into.lo = Math.min(into.lo, from.lo);
  into.hi = Math.max(into.hi, from.hi);
  if (from.r) into.r = 1;
  if (!withDistribution) return;
  if (into.d && from.d) mergeDistribution(into.d, from.d);
  else delete into.d;
}

/** How many numbers an aggregate stores, for the store's size bound. */
export function aggregateCells(a: Aggregate): number {
  return 4 + (a.d ? distributionCells(a.d) : 0);
}
