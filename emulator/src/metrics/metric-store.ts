import type { StateStore } from "../state/store.ts";
import {
  type Aggregate,
  addContribution,
  type BucketRow,
  type Contribution,
  cloneAggregate,
  emptyAggregate,
  mergeAggregate,
} from "./aggregate.ts";
import type { MetricDatum, MetricSink } from "./metric-sink.ts";
import { collectPeriods, type PeriodData, type PeriodQuery } from "./period-query.ts";
import { rowBytes, seriesBytes } from "./record-size.ts";
import { DEFAULT_RETENTION, EXPIRY_INTERVAL_MS, HOUR_MS, type MetricRetention } from "./retention.ts";
import { type MetricScope, ScopeMetrics } from "./scope-metrics.ts";
import {
  type DimensionPair,
  RESOLUTION_MS,
  RESOLUTIONS,
  type Resolution,
  type Series,
  seriesKey,
  sortDimensions,
} from "./series.ts";

export type { MetricRetention, MetricScope };
export { DEFAULT_RETENTION, EXPIRY_INTERVAL_MS };

/** The default bound on live metric records, in bytes as the state log stores them. */
export const DEFAULT_MAX_BYTES = 128 * 1024 * 1024;

export interface MetricStoreOptions {
  /** The clock, in ms; tests inject one to expire data without waiting. */
  now?: () => number;
  retention?: Partial<MetricRetention>;
  /** Past this many bytes of records, the series written least recently are dropped whole. */
  maxBytes?: number;
}

/** One datum as the store takes it: PutMetricData, EMF and AWS services' own metrics all end up here. */
export interface MetricSample {
  namespace: string;
  metricName: string;
  dimensions: readonly DimensionPair[];
  unit: string;
  /** ms since the epoch. */
  timestamp: number;
  highResolution: boolean;
  contribution: Contribution;
}

export interface MetricStoreStats {
  series: number;
  buckets: number;
  /** Estimated bytes of the live records (an upper bound of their size in the state log). */
  bytes: number;
}

/** A series' lastPublished is rewritten at most this often. */
const LAST_PUBLISHED_GRANULARITY_MS = 60_000;

/**
 * CloudWatch's metric storage: per account and region, series keyed by namespace, metric
 * name and dimension set, each with per-unit aggregates in 1-second (high-resolution data),
 * 1-minute and 1-hour buckets (see aggregate.ts and distribution.ts for what a bucket holds).
 *
 * Rows live in the state store, so data survives restarts. A write costs one record per bucket
 * it touches, not per data point: a call's data points are merged into copies of their buckets
 * and each copy is written once. Rows are never changed in place. A sweep every minute drops
 * 1-second buckets after 3 hours, rolls minutes up into hours once they are older than the
 * minute retention (24 hours by default, so at least 24 hours stay at 1-minute resolution), and
 * drops hours after 15 days. The live records stay under `maxBytes`: past it, the series
 * written least recently are dropped whole.
 */
export class MetricStore implements MetricSink {
  readonly retention: MetricRetention;
  readonly maxBytes: number;
  readonly now: () => number;
  private readonly state: StateStore;
  private readonly scopes = new Map<string, ScopeMetrics>();
  /** Every series with its scope, least recently written first. */
  private readonly recency = new Map<Series, ScopeMetrics>();
  private bytes = 0;
  private buckets = 0;
  private timer: NodeJS.Timeout | null = null;

  constructor(state: StateStore, options: MetricStoreOptions = {}) {
    this.state = state;
    this.now = options.now ?? Date.now;
    this.retention = { ...DEFAULT_RETENTION, ...options.retention };
    this.maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
    const replayed: Array<[Series, ScopeMetrics]> = [];
    for (const scope of ScopeMetrics.scopes(state)) {
      const metrics = this.scope(scope);
      for (const series of metrics.replay()) {
        replayed.push([series, metrics]);
        this.bytes += seriesBytes(metrics, series);
        for (const resolution of RESOLUTIONS) {
          const table = metrics.bucketTables[resolution];
          for (const time of series.buckets[resolution].all()) {
            const key = metrics.bucketKey(series, resolution, time);
            this.bytes += rowBytes(table.name, key, series.buckets[resolution].get(time)!);
            this.buckets++;
          }
        }
      }
    }
    replayed.sort((a, b) => a[0].lastPublished - b[0].lastPublished);
    for (const [series, metrics] of replayed) this.recency.set(series, metrics);
  }

  /** MetricSink: data AWS services publish themselves, stored and made durable. */
  put(data: readonly MetricDatum[]): void {
    const byScope = new Map<string, { scope: MetricScope; samples: MetricSample[] }>();
    for (const d of data) {
      const key = `${d.accountId}/${d.region}`;
      let entry = byScope.get(key);
      if (!entry) {
        entry = { scope: { accountId: d.accountId, region: d.region }, samples: [] };
        byScope.set(key, entry);
      }
      entry.samples.push({
        namespace: d.namespace,
        metricName: d.metricName,
        dimensions: Object.entries(d.dimensions),
        unit: d.unit,
        timestamp: d.timestamp.getTime(),
        highResolution: d.storageResolution === 1,
        contribution: { kind: "values", values: [d.value] },
      });
    }
    try {
      for (const { scope, samples } of byScope.values()) this.record(scope, samples);
    } catch (err) {
      // Publishers run outside requests (Lambda's platform metrics); a stopped store drops their data.
      if (!isClosedError(err)) throw err;
      return;
    }
    this.state.flush().catch((err: unknown) => report("could not persist metrics", err));
  }

  /** Stores samples (validated already); durable with the state store's next flush. */
  record(scope: MetricScope, samples: readonly MetricSample[]): void {
    const now = this.now();
    const metrics = this.scope(scope);
    const drafts = new Map<string, Draft>();
    const touched = new Set<Series>();
    const oldest = now - this.retention.hourMs;
    const highResolutionSince = now - this.retention.highResolutionMs;
    const rolledUpBefore = floorTo(now - this.retention.minuteMs, HOUR_MS);
    for (const sample of samples) {
      if (sample.timestamp < oldest || !hasData(sample.contribution)) continue;
      const dimensions = sortDimensions(sample.dimensions);
      const key = seriesKey(sample.namespace, sample.metricName, dimensions);
      let series = metrics.get(key);
      if (!series) {
        series = metrics.create(sample.namespace, sample.metricName, dimensions, now);
        this.bytes += seriesBytes(metrics, series);
      }
      series.lastPublished = Math.max(series.lastPublished, now);
      touched.add(series);
      const add = (resolution: Resolution, highResolution: boolean) => {
        const time = floorTo(sample.timestamp, RESOLUTION_MS[resolution]);
        const draft = draftFor(drafts, metrics, series!, resolution, time);
        let aggregate = draft.row.find((a) => a.u === sample.unit);
        if (!aggregate) {
          aggregate = emptyAggregate(sample.unit);
          draft.row.push(aggregate);
        }
        addContribution(aggregate, sample.contribution);
        if (highResolution && resolution === "m") aggregate.r = 1;
      };
      if (sample.highResolution && sample.timestamp >= highResolutionSince) add("s", true);
      // Hours already rolled up take late data directly.
      if (floorTo(sample.timestamp, HOUR_MS) < rolledUpBefore) add("h", false);
      else add("m", sample.highResolution);
    }
    for (const draft of drafts.values())
      this.writeBucket(metrics, draft.series, draft.resolution, draft.time, draft.row);
    for (const series of touched) {
      if (
        series.lastPublished - series.storedLastPublished >= LAST_PUBLISHED_GRANULARITY_MS ||
        !metrics.seriesTable.has(series.id.toString(36))
      ) {
        this.bytes -= seriesBytes(metrics, series, true);
        metrics.writeSeries(series);
        this.bytes += seriesBytes(metrics, series);
      }
      this.recency.delete(series);
      this.recency.set(series, metrics);
    }
    this.evict(touched);
  }

  /** The series with exactly these dimensions, if any data was published to it. */
  findSeries(
    scope: MetricScope,
    namespace: string,
    metricName: string,
    dimensions: readonly DimensionPair[],
  ): Series | undefined {
    return this.scopes.get(scopeKey(scope))?.find(namespace, metricName, sortDimensions(dimensions));
  }

  /** Every series of the scope, ordered by namespace, name and dimensions. */
  listSeries(scope: MetricScope): readonly Series[] {
    return this.scopes.get(scopeKey(scope))?.all() ?? [];
  }

  /** A series' data grouped into periods (see period-query.ts). */
  periods(series: Series, query: PeriodQuery): PeriodData[] {
    return collectPeriods(series, query);
  }

  /**
   * One retention pass: drops 1-second buckets older than the high-resolution retention, rolls
   * whole hours of minute buckets older than the minute retention into hourly buckets, drops
   * hourly buckets older than the hour retention, and series left without data. Returns the
   * number of buckets changed.
   */
  expire(now = this.now()): number {
    const highResolutionBefore = now - this.retention.highResolutionMs;
    const rolledUpBefore = floorTo(now - this.retention.minuteMs, HOUR_MS);
    const hoursBefore = now - this.retention.hourMs;
    let changed = 0;
    for (const metrics of this.scopes.values()) {
      for (const series of [...metrics.all()]) {
        for (const time of series.buckets.s.before(highResolutionBefore)) {
          this.deleteBucket(metrics, series, "s", time);
          changed++;
        }
        changed += this.rollUp(metrics, series, rolledUpBefore);
        for (const time of series.buckets.h.before(hoursBefore)) {
          this.deleteBucket(metrics, series, "h", time);
          changed++;
        }
        if (series.bucketCount === 0) this.removeSeries(metrics, series);
      }
    }
    return changed;
  }

  /** Runs expire() every `intervalMs` on a timer that never keeps the process alive. */
  startExpiry(intervalMs = EXPIRY_INTERVAL_MS): void {
    this.stopExpiry();
    this.timer = setInterval(() => {
      try {
        if (this.expire() > 0)
          this.state.flush().catch((err: unknown) => report("could not persist metric expiry", err));
      } catch (err) {
        // The state store refuses writes once closed: nothing left to expire.
        if (isClosedError(err)) this.stopExpiry();
        else report("metric expiry failed", err);
      }
    }, intervalMs);
    this.timer.unref();
  }

  stopExpiry(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  stats(): MetricStoreStats {
    return { series: this.recency.size, buckets: this.buckets, bytes: this.bytes };
  }

  private scope(scope: MetricScope): ScopeMetrics {
    const key = scopeKey(scope);
    let metrics = this.scopes.get(key);
    if (!metrics) {
      metrics = new ScopeMetrics(this.state, scope);
      this.scopes.set(key, metrics);
    }
    return metrics;
  }

  /** Merges every whole hour of minute buckets before `before` into that hour's bucket. */
  private rollUp(metrics: ScopeMetrics, series: Series, before: number): number {
    const minutes = series.buckets.m.before(before);
    if (minutes.length === 0) return 0;
    const hours = new Map<number, BucketRow>();
    for (const time of minutes) {
      const hour = floorTo(time, HOUR_MS);
      let row = hours.get(hour);
      if (!row) {
        row = (series.buckets.h.get(hour) ?? []).map(cloneAggregate);
        hours.set(hour, row);
      }
      for (const aggregate of series.buckets.m.get(time)!) mergeInto(row, aggregate);
      this.deleteBucket(metrics, series, "m", time);
    }
    for (const [hour, row] of hours) this.writeBucket(metrics, series, "h", hour, row);
    return minutes.length + hours.size;
  }

  private writeBucket(
    metrics: ScopeMetrics,
    series: Series,
    resolution: Resolution,
    time: number,
    row: BucketRow,
  ): void {
    const table = metrics.bucketTables[resolution];
    const key = metrics.bucketKey(series, resolution, time);
    const previous = series.buckets[resolution].get(time);
    if (previous) this.bytes -= rowBytes(table.name, key, previous);
    else this.buckets++;
    table.set(key, row);
    series.buckets[resolution].set(time, row);
    this.bytes += rowBytes(table.name, key, row);
  }

  private deleteBucket(metrics: ScopeMetrics, series: Series, resolution: Resolution, time: number): void {
    const row = series.buckets[resolution].get(time);
    if (!row) return;
    const table = metrics.bucketTables[resolution];
    const key = metrics.bucketKey(series, resolution, time);
    table.delete(key);
    series.buckets[resolution].delete(time);
    this.bytes -= rowBytes(table.name, key, row);
    this.buckets--;
  }

  private removeSeries(metrics: ScopeMetrics, series: Series): void {
    for (const resolution of RESOLUTIONS) {
      for (const time of series.buckets[resolution].all())
        this.deleteBucket(metrics, series, resolution, time);
    }
    this.bytes -= seriesBytes(metrics, series, true);
    metrics.remove(series);
    this.recency.delete(series);
  }

  /** Drops the series written least recently until the records fit in maxBytes again. */
  private evict(keep: ReadonlySet<Series>): void {
    if (this.bytes <= this.maxBytes) return;
    // Deleting the entry being visited is safe while iterating a Map: no copy of a long list.
    for (const [series, metrics] of this.recency) {
      if (this.bytes <= this.maxBytes) break;
      if (!keep.has(series)) this.removeSeries(metrics, series);
    }
  }
}

interface Draft {
  series: Series;
  resolution: Resolution;
  time: number;
  row: Aggregate[];
}

/** The copy of a bucket this write changes: made on first touch, written once at the end. */
function draftFor(
  drafts: Map<string, Draft>,
  metrics: ScopeMetrics,
  series: Series,
  resolution: Resolution,
  time: number,
): Draft {
  const key = metrics.bucketKey(series, resolution, time);
  let draft = drafts.get(key);
  if (!draft) {
    const stored = series.buckets[resolution].get(time);
    draft = { series, resolution, time, row: stored ? stored.map(cloneAggregate) : [] };
    drafts.set(key, draft);
  }
  return draft;
}

function mergeInto(row: Aggregate[], aggregate: Aggregate): void {
  const same = row.find((a) => a.u === aggregate.u);
  if (same) mergeAggregate(same, aggregate, true);
  else row.push(cloneAggregate(aggregate));
}

function hasData(c: Contribution): boolean {
  if (c.kind === "statistics") return c.sampleCount > 0;
  return c.values.some((_, i) => (c.counts?.[i] ?? 1) > 0);
}

function floorTo(time: number, step: number): number {
  return Math.floor(time / step) * step;
}

function scopeKey(scope: MetricScope): string {
  return `${scope.accountId}/${scope.region}`;
}

function isClosedError(err: unknown): boolean {
  return /state store is clos/.test((err as Error)?.message ?? "");
}

function report(what: string, err: unknown): void {
  const message = (err as Error)?.message ?? String(err);
  if (/closed|closing/.test(message)) return;
  process.stderr.write(`darkroom: ${what}: ${message}\n`);
}
