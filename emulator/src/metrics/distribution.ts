/**
 * The values a bucket holds for percentiles and the other extended statistics. Exact
 * (value, count) pairs are kept up to EXACT_LIMIT entries; past that, every value goes into a
 * logarithmic histogram (as DDSketch does): bin i holds values in (γ^(i-1), γ^i] and stands
 * for 2γ^i/(γ+1), which is within RELATIVE_ACCURACY (1%) of every value in the bin. At most
 * MAX_BINS bins are kept; past that the two lowest merge, so only the lowest percentiles of a
 * bucket spanning more than ~4.4 decades (γ^512) lose that accuracy. Only values >= 0 are
 * kept: CloudWatch offers no percentiles for metrics with negative values.
 *
 * A plain JSON object, stored as part of its bucket's row.
 */
export interface Distribution {
  /** Exact values, in arrival order. */
  v?: number[];
  /** Their counts, parallel to `v`; absent while every count is 1. */
  c?: number[];
  /** Histogram bin keys, ascending: 0 holds zeros, BIN_OFFSET + i holds bin i. */
  k?: number[];
  /** Counts per bin, parallel to `k`. */
  n?: number[];
}

export const RELATIVE_ACCURACY = 0.01;
export const EXACT_LIMIT = 128;
export const MAX_BINS = 512;
const GAMMA = (1 + RELATIVE_ACCURACY) / (1 - RELATIVE_ACCURACY);
const LN_GAMMA = Math.log(GAMMA);
/** Bin indexes of every finite double fit in ±40000, so keys stay positive. */
const BIN_OFFSET = 40_001;

export function emptyDistribution(): Distribution {
  return { v: [] };
}

export function cloneDistribution(d: Distribution): Distribution {
  const out: Distribution = {};
  if (d.v) out.v = d.v.slice();
  if (d.c) out.c = d.c.slice();
  if (d.k) out.k = d.k.slice();
  if (d.n) out.n = d.n.slice();
  return out;
}

/** Adds `count` occurrences of `value` (>= 0). */
export function addValue(d: Distribution, value: number, count = 1): void {
  if (count <= 0) return;
  if (d.k) {
    addToBin(d, binKey(value), count);
    return;
  }
  if (!d.v) d.v = [];
  const values = d.v;
  if (count !== 1 && !d.c) d.c = values.map(() => 1);
  values.push(value);
  d.c?.push(count);
  if (values.length > EXACT_LIMIT) toHistogram(d);
}

/** Adds every value of `from` to `into`. */
export function mergeDistribution(into: Distribution, from: Distribution): void {
  if (from.k) {
    if (!into.k) toHistogram(into);
    const n = from.n!;
    from.k.forEach((key, i) => {
      addToBin(into, key, n[i]!);
    });
    return;
  }
  const values = from.v ?? [];
  values.forEach((value, i) => {
    addValue(into, value, from.c?.[i] ?? 1);
  });
}

/** How many values the distribution holds. */
export function distributionCount(d: Distribution): number {
  let total = 0;
  if (d.k) for (const n of d.n!) total += n;
  else if (d.c) for (const n of d.c) total += n;
  else total = d.v?.length ?? 0;
  return total;
}

/** How many numbers the distribution stores (a bound on its size). */
export function distributionCells(d: Distribution): number {
  return (d.v?.length ?? 0) + (d.c?.length ?? 0) + (d.k?.length ?? 0) + (d.n?.length ?? 0);
}

/** Weighted values in ascending order: exact values, or each bin's representative value. */
export interface WeightedValues {
  values: number[];
  counts: number[];
  total: number;
}

/** The values of several distributions together, sorted, for extended statistics. */
export function weightedValues(parts: readonly Distribution[]): WeightedValues {
  const pairs: Array<[number, number]> = [];
  for (const d of parts) {
    if (d.k) {
      d.k.forEach((key, i) => {
        pairs.push([binValue(key), d.n![i]!]);
      });
    } else {
      d.v?.forEach((value, i) => {
        pairs.push([value, d.c?.[i] ?? 1]);
      });
    }
  }
  pairs.sort((a, b) => a[0] - b[0]);
  let total = 0;
  const values: number[] = [];
  const counts: number[] = [];
  for (const [value, count] of pairs) {
    const last = values.length - 1;
    if (last >= 0 && values[last] === value) counts[last]! += count;
    else {
      values.push(value);
      counts.push(count);
    }
    total += count;
  }
  return { values, counts, total };
}

function toHistogram(d: Distribution): void {
  const values = d.v ?? [];
  const counts = d.c;
  d.k = [];
  d.n = [];
  delete d.v;
  delete d.c;
  values.forEach((value, i) => {
    addToBin(d, binKey(value), counts?.[i] ?? 1);
  });
}

function binKey(value: number): number {
  if (value <= 0) return 0;
  const index = Math.ceil(Math.log(value) / LN_GAMMA);
  return BIN_OFFSET + Math.max(-40_000, Math.min(40_000, index));
}

function binValue(key: number): number {
  if (key === 0) return 0;
  return (2 * GAMMA ** (key - BIN_OFFSET)) / (GAMMA + 1);
}

function addToBin(d: Distribution, key: number, count: number): void {
  const keys = d.k!;
  const counts = d.n!;
  // Binary search: most additions land in an existing bin.
  let lo = 0;
  let hi = keys.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (keys[mid]! < key) lo = mid + 1;
    else hi = mid;
  }
  if (keys[lo] === key) {
    counts[lo]! += count;
    return;
  }
  keys.splice(lo, 0, key);
  counts.splice(lo, 0, count);
  if (keys.length > MAX_BINS) {
    // The lowest bins merge into the next one up: high percentiles keep their accuracy.
    counts[1]! += counts[0]!;
    keys.shift();
    counts.shift();
  }
}
