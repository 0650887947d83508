import type { RangeOptions } from "./engine/dynalite.ts";

/**
 * Keys in order, for Query's and Scan's range reads. dynalite's keys are ASCII (hex,
 * digits, "/" and "~"), so JavaScript's string order is LevelDB's byte order.
 * A sorted array: a binary search to find, a splice to insert (memmove-fast at the
 * sizes a local table reaches).
 */
export class SortedKeys {
  private keys: string[] = [];

  get size(): number {
    return this.keys.length;
  }

  /** Replaces the contents; `keys` need not be sorted. */
  load(keys: Iterable<string>): void {
    this.keys = [...keys].sort(compare);
  }

  add(key: string): void {
    const i = this.lowerBound(key);
    if (this.keys[i] !== key) this.keys.splice(i, 0, key);
  }

  remove(key: string): void {
    const i = this.lowerBound(key);
    if (this.keys[i] === key) this.keys.splice(i, 1);
  }

  /** The keys inside the bounds, in order (reversed when asked), at most `limit` of them. */
  range(options: RangeOptions): string[] {
    let start = 0;
    let end = this.keys.length;
    if (options.gte !== undefined) start = this.lowerBound(options.gte);
    if (options.gt !== undefined) start = Math.max(start, this.upperBound(options.gt));
    if (options.lt !== undefined) end = this.lowerBound(options.lt);
    if (options.lte !== undefined) end = Math.min(end, this.upperBound(options.lte));
    if (end <= start) return [];
    const limit = options.limit === undefined || options.limit < 0 ? Number.POSITIVE_INFINITY : options.limit;
    if (options.reverse) {
      const from = Math.max(start, end - limit);
      return this.keys.slice(from, end).reverse();
    }
    return this.keys.slice(start, Math.min(end, start + limit));
  }

  /** The first index whose key is >= `key`. */
  private lowerBound(key: string): number {
    let lo = 0;
    let hi = this.keys.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.keys[mid]! < key) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** The first index whose key is > `key`. */
  private upperBound(key: string): number {
    let lo = 0;
    let hi = this.keys.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.keys[mid]! <= key) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
