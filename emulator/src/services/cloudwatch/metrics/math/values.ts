import { MathError } from "./parse.ts";

/** A time series: values at period starts (ms), ascending; a missing timestamp is a gap. */
export interface TimeSeries {
  label: string;
  times: number[];
  values: number[];
  periodMs: number;
}

/** What a metric math (sub)expression evaluates to. */
export type MathValue =
  | { kind: "scalar"; value: number }
  | { kind: "series"; series: TimeSeries }
  | { kind: "array"; items: TimeSeries[] }
  | { kind: "keyword"; name: string }
  | { kind: "string"; value: string };

/** What evaluation needs beyond the expression: the time range and the request's metrics. */
export interface MathContext {
  start: number;
  end: number;
  now: number;
  /** For TIME_SERIES and friends when no series gives a period. */
  defaultPeriodMs: number;
  /** Another query's value, by id. */
  resolve(id: string): MathValue;
  /** The request's metric (MetricStat) queries, in request order, optionally those whose id contains `filter`. */
  metrics(filter?: string): TimeSeries[];
  /** The period starts of a series' grid over the time range. */
  grid(periodMs: number): number[];
  /** Set when data points were dropped for being NaN or infinite. */
  dropped: boolean;
}

export const scalar = (value: number): MathValue => ({ kind: "scalar", value });
export const seriesValue = (series: TimeSeries): MathValue => ({ kind: "series", series });
export const arrayValue = (items: TimeSeries[]): MathValue => ({ kind: "array", items });

export function emptySeries(label: string, periodMs: number): TimeSeries {
  return { label, times: [], values: [], periodMs };
}

/** Builds a series from (time, value) pairs in time order, dropping values that are not finite. */
export function buildSeries(
  label: string,
  periodMs: number,
  points: Iterable<[number, number]>,
  ctx: MathContext,
): TimeSeries {
  const out = emptySeries(label, periodMs);
  for (const [t, v] of points) {
    if (Number.isFinite(v)) {
      out.times.push(t);
      out.values.push(v);
    } else ctx.dropped = true;
  }
  return out;
}

/** The value of `s` at each time, or undefined. */
export function lookup(s: TimeSeries): Map<number, number> {
  const m = new Map<number, number>();
  s.times.forEach((t, i) => {
    m.set(t, s.values[i]!);
  });
  return m;
}

/** Every timestamp of the series, ascending, without repeats. */
export function unionTimes(series: readonly TimeSeries[]): number[] {
  const all = new Set<number>();
  for (const s of series) for (const t of s.times) all.add(t);
  return [...all].sort((a, b) => a - b);
}

export function describe(v: MathValue): string {
  switch (v.kind) {
    case "scalar":
      return "a number";
    case "series":
      return "a time series";
    case "array":
      return "an array of time series";
    case "keyword":
      return v.name;
    case "string":
      return "a string";
  }
}

export function expectSeries(v: MathValue, fn: string): TimeSeries {
  if (v.kind !== "series") throw new MathError(`${fn} expects a time series, not ${describe(v)}`);
  return v.series;
}

export function expectScalar(v: MathValue, fn: string): number {
  if (v.kind !== "scalar") throw new MathError(`${fn} expects a number, not ${describe(v)}`);
  return v.value;
}

export function expectArray(v: MathValue, fn: string): TimeSeries[] {
  if (v.kind !== "array") throw new MathError(`${fn} expects an array of time series, not ${describe(v)}`);
  return v.items;
}
