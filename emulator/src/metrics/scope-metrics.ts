import type { StateStore } from "../state/store.ts";
import type { Table } from "../state/table.ts";
import type { BucketRow } from "./aggregate.ts";
import {
  type DimensionPair,
  RESOLUTION_MS,
  RESOLUTIONS,
  type Resolution,
  Series,
  seriesKey,
} from "./series.ts";

/** Every account and region that has metrics, so a restart finds their tables. */
const SCOPES_TABLE = "cloudwatch/metrics/scopes";

export interface MetricScope {
  accountId: string;
  region: string;
}

/** A series' row: what identifies it, and when data was last published to it. */
export interface SeriesRecord {
  ns: string;
  m: string;
  d: DimensionPair[];
  last: number;
}

/**
 * One account's metrics in one region. Series rows are keyed by a short id; bucket rows
 * ("<id>:<start / bucket size>", base 36) go to one table per resolution, so a restart
 * rebuilds every series' index from four tables.
 */
export class ScopeMetrics {
  readonly scope: MetricScope;
  readonly seriesTable: Table<SeriesRecord>;
  readonly bucketTables: Record<Resolution, Table<BucketRow>>;
  private readonly byKey = new Map<string, Series>();
  private readonly byId = new Map<number, Series>();
  private nextId = 1;
  private sorted: Series[] | null = null;

  constructor(store: StateStore, scope: MetricScope) {
    this.scope = scope;
    const prefix = `cloudwatch/metrics/${scope.accountId}/${scope.region}`;
    this.seriesTable = store.table<SeriesRecord>(`${prefix}/series`);
    this.bucketTables = {
      s: store.table<BucketRow>(`${prefix}/1s`),
      m: store.table<BucketRow>(`${prefix}/1m`),
      h: store.table<BucketRow>(`${prefix}/1h`),
    };
    const scopes = store.table<MetricScope>(SCOPES_TABLE);
    const key = `${scope.accountId}/${scope.region}`;
    if (!scopes.has(key)) scopes.set(key, { accountId: scope.accountId, region: scope.region });
  }

  static scopes(store: StateStore): MetricScope[] {
    return [...store.table<MetricScope>(SCOPES_TABLE).values()];
  }

  get(key: string): Series | undefined {
    return this.byKey.get(key);
  }

  find(namespace: string, metricName: string, dimensions: readonly DimensionPair[]): Series | undefined {
    return this.byKey.get(seriesKey(namespace, metricName, dimensions));
  }

  /** Creates a series; its row is written by the caller. */
  create(namespace: string, metricName: string, dimensions: readonly DimensionPair[], now: number): Series {
    const series = new Series(this.nextId++, namespace, metricName, dimensions, now);
    this.add(series);
    return series;
  }

  remove(series: Series): void {
    this.byKey.delete(series.key);
    this.byId.delete(series.id);
    this.seriesTable.delete(series.id.toString(36));
    this.sorted = null;
  }

  /** Every series, in ListMetrics order; cached until one is added or removed. */
  all(): readonly Series[] {
    this.sorted ??= [...this.byKey.values()].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    return this.sorted;
  }

  writeSeries(series: Series): SeriesRecord {
    const record: SeriesRecord = {
      ns: series.namespace,
      m: series.metricName,
      d: series.dimensions.map(([n, v]) => [n, v]),
      last: series.lastPublished,
    };
    this.seriesTable.set(series.id.toString(36), record);
    series.storedLastPublished = series.lastPublished;
    return record;
  }

  bucketKey(series: Series, resolution: Resolution, time: number): string {
    return `${series.id.toString(36)}:${(time / RESOLUTION_MS[resolution]).toString(36)}`;
  }

  /** Rebuilds the series and their indexes from the tables; returns the series, rows dropped when orphaned. */
  replay(): Series[] {
    for (const [key, record] of this.seriesTable.entries()) {
      const id = Number.parseInt(key, 36);
      this.add(new Series(id, record.ns, record.m, record.d, record.last));
      this.nextId = Math.max(this.nextId, id + 1);
    }
    for (const resolution of RESOLUTIONS) {
      const table = this.bucketTables[resolution];
      const orphans: string[] = [];
      for (const [key, row] of table.entries()) {
        const [id, index] = key.split(":");
        const series = this.byId.get(Number.parseInt(id ?? "", 36));
        if (!series || index === undefined) orphans.push(key);
        else series.buckets[resolution].load(Number.parseInt(index, 36) * RESOLUTION_MS[resolution], row);
      }
      for (const key of orphans) table.delete(key);
    }
    for (const series of this.byId.values()) for (const r of RESOLUTIONS) series.buckets[r].sortAfterLoad();
    return [...this.byId.values()];
  }

  private add(series: Series): void {
    this.byKey.set(series.key, series);
    this.byId.set(series.id, series);
    this.sorted = null;
  }
}
