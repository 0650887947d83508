import type { BucketRow } from "./aggregate.ts";

/** Bucket sizes: 1-second buckets for high-resolution data, 1-minute buckets, 1-hour rollups. */
export const RESOLUTION_MS = { s: 1000, m: 60_000, h: 3_600_000 } as const;
export type Resolution = keyof typeof RESOLUTION_MS;
export const RESOLUTIONS: readonly Resolution[] = ["s", "m", "h"];

/** A dimension as stored: [name, value], sorted by name within a series. */
export type DimensionPair = readonly [string, string];

/** One series' buckets of one resolution: rows by bucket start, and the starts in order. */
export class BucketIndex {
  private readonly times: number[] = [];
  private readonly rows = new Map<number, BucketRow>();

  get size(): number {
    return this.rows.size;
  }

  get(time: number): BucketRow | undefined {
    return this.rows.get(time);
  }

  set(time: number, row: BucketRow): void {
    if (!this.rows.has(time)) {
      // Data mostly arrives in time order: appending is the common case.
      const last = this.times[this.times.length - 1];
      if (last === undefined || last < time) this.times.push(time);
      else this.times.splice(this.lowerBound(time), 0, time);
    }
    this.rows.set(time, row);
  }

  delete(time: number): void {
    if (!this.rows.delete(time)) return;
    this.times.splice(this.lowerBound(time), 1);
  }

  /** Adds a replayed row without keeping order; call sortAfterLoad() once all are in. */
  load(time: number, row: BucketRow): void {
    if (!this.rows.has(time)) this.times.push(time);
    this.rows.set(time, row);
  }

  sortAfterLoad(): void {
    this.times.sort((a, b) => a - b);
  }

  /** Bucket starts in [from, to), ascending. */
  *range(from: number, to: number): Generator<[number, BucketRow]> {
    for (let i = this.lowerBound(from); i < this.times.length && this.times[i]! < to; i++) {
      const time = this.times[i]!;
      yield [time, this.rows.get(time)!];
    }
  }

  /** Bucket starts before `time`, ascending. */
  before(time: number): number[] {
    return this.times.slice(0, this.lowerBound(time));
  }

  all(): number[] {
    return this.times.slice();
  }

  get oldest(): number | undefined {
    return this.times[0];
  }

  private lowerBound(time: number): number {
    let lo = 0;
    let hi = this.times.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.times[mid]! < time) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}

/** One metric: namespace, name and dimension set, with its buckets at each resolution. */
export class Series {
  readonly id: number;
  readonly namespace: string;
  readonly metricName: string;
  readonly dimensions: readonly DimensionPair[];
  /** seriesKey(namespace, metricName, dimensions). */
  readonly key: string;
  /** When data was last published to it (ms), for ListMetrics' RecentlyActive. */
  lastPublished: number;
  /** lastPublished as last written to its row. */
  storedLastPublished: number;
  readonly buckets: Record<Resolution, BucketIndex> = {
    s: new BucketIndex(),
    m: new BucketIndex(),
    h: new BucketIndex(),
  };

  constructor(
    id: number,
    namespace: string,
    metricName: string,
    dimensions: readonly DimensionPair[],
    lastPublished: number,
  ) {
    this.id = id;
    this.namespace = namespace;
    this.metricName = metricName;
    this.dimensions = dimensions;
    this.key = seriesKey(namespace, metricName, dimensions);
    this.lastPublished = lastPublished;
    this.storedLastPublished = lastPublished;
  }

  get bucketCount(): number {
    return this.buckets.s.size + this.buckets.m.size + this.buckets.h.size;
  }
}

/** Dimensions sorted by name, as CloudWatch identifies (and lists) them. */
export function sortDimensions(dimensions: Iterable<DimensionPair>): DimensionPair[] {
  return [...dimensions].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
}

/** Identifies a series; also its ListMetrics order (by namespace, then name, then dimensions). */
export function seriesKey(
  namespace: string,
  metricName: string,
  dimensions: readonly DimensionPair[],
): string {
  return JSON.stringify([namespace, metricName, dimensions]);
}
