import { aggregateCells, type BucketRow } from "./aggregate.ts";
import type { ScopeMetrics, SeriesRecord } from "./scope-metrics.ts";
import type { Series } from "./series.ts";

/**
 * Upper bounds of the bytes the store's rows take as state-log records, which the store's size
 * bound counts: every number is charged as the longest JSON number, so the real records are
 * smaller (about half, for typical buckets).
 */

/** Bytes of a state-log mutation record around its table name, key and JSON (frame header included). */
const RECORD_OVERHEAD = 30;
/** JSON of an aggregate apart from its numbers and unit. */
const AGGREGATE_OVERHEAD = 80;
/** The longest JSON number (e.g. -2.2250738585072014e-308) and its comma. */
const NUMBER_BYTES = 25;

/** An upper bound of the bytes a bucket row's record takes in the state log. */
export function rowBytes(table: string, key: string, row: BucketRow): number {
  let bytes = RECORD_OVERHEAD + table.length + key.length + 2;
  for (const a of row) bytes += AGGREGATE_OVERHEAD + a.u.length + NUMBER_BYTES * aggregateCells(a);
  return bytes;
}

/** The bytes of a series' record; `stored` measures the record as last written. */
export function seriesBytes(metrics: ScopeMetrics, series: Series, stored = false): number {
  const record: SeriesRecord = {
    ns: series.namespace,
    m: series.metricName,
    d: series.dimensions.map(([n, v]) => [n, v]),
    last: stored ? series.storedLastPublished : series.lastPublished,
  };
  return (
    RECORD_OVERHEAD +
    metrics.seriesTable.name.length +
    series.id.toString(36).length +
    Buffer.byteLength(JSON.stringify(record), "utf8")
  );
}
