import type { Aggregate } from "./aggregate.ts";
import type { Series } from "./series.ts";

/** Which of a series' data to aggregate, and into which periods. */
export interface PeriodQuery {
  /** Start of the first period (ms), already aligned. */
  start: number;
  /** Exclusive end (ms). */
  end: number;
  periodMs: number;
  /** Only data with this unit, when set. */
  unit?: string | undefined;
}

/** One period's data: the stored aggregates that fall in it, by unit (statistics merge them). */
export interface PeriodData {
  time: number;
  units: Map<string, Aggregate[]>;
}

/**
 * The periods of [start, end) that have data, ascending. A bucket counts in the period its
 * start falls in. Periods that are whole minutes read the minute buckets and, for data older
 * than minute retention, the hourly rollups; shorter periods read the 1-second buckets of
 * high-resolution data plus the minute buckets of regular data.
 */
export function collectPeriods(series: Series, q: PeriodQuery): PeriodData[] {
  const slots = new Map<number, PeriodData>();
  const take = (time: number, row: readonly Aggregate[], skipHighResolution: boolean) => {
    const slot = q.start + Math.floor((time - q.start) / q.periodMs) * q.periodMs;
    for (const aggregate of row) {
      if (q.unit !== undefined && aggregate.u !== q.unit) continue;
      if (skipHighResolution && aggregate.r) continue;
      let data = slots.get(slot);
      if (!data) {
        data = { time: slot, units: new Map() };
        slots.set(slot, data);
      }
      const parts = data.units.get(aggregate.u);
      if (parts) parts.push(aggregate);
      else data.units.set(aggregate.u, [aggregate]);
    }
  };
  if (q.periodMs % 60_000 !== 0) {
    for (const [time, row] of series.buckets.s.range(q.start, q.end)) take(time, row, false);
    for (const [time, row] of series.buckets.m.range(q.start, q.end)) take(time, row, true);
  } else {
    for (const [time, row] of series.buckets.m.range(q.start, q.end)) take(time, row, false);
    for (const [time, row] of series.buckets.h.range(q.start, q.end)) take(time, row, false);
  }
  return [...slots.values()].sort((a, b) => a.time - b.time);
}
