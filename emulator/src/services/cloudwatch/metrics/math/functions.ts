import { mapValues } from "./operators.ts";
import { MathError } from "./parse.ts";
import {
  arrayValue,
  buildSeries,
  describe,
  emptySeries,
  expectArray,
  expectScalar,
  expectSeries,
  lookup,
  type MathContext,
  type MathValue,
  scalar,
  seriesValue,
  type TimeSeries,
  unionTimes,
} from "./values.ts";

type MathFunction = (args: MathValue[], ctx: MathContext) => MathValue;

function arity(name: string, args: MathValue[], min: number, max = min): void {
  if (args.length < min || args.length > max) {
    const wanted = min === max ? `${min}` : `${min} to ${max}`;
    throw new MathError(`${name} takes ${wanted} argument${max === 1 ? "" : "s"}, not ${args.length}`);
  }
}

/** A function of each value: series and arrays of series keep their shape. */
function perValue(name: string, f: (x: number) => number): MathFunction {
  return (args, ctx) => {
    arity(name, args, 1);
    if (args[0]!.kind === "scalar") throw new MathError(`${name} expects a time series, not a number`);
    return mapValues(args[0]!, f, name, ctx);
  };
}

/** Scalar over one series' values; a series over an array, one value per timestamp. */
function reducer(
  name: string,
  reduce: (values: number[], width: number) => number,
  missingAsZero: boolean,
): MathFunction {
  return (args, ctx) => {
    arity(name, args, 1);
    const v = args[0]!;
    if (v.kind === "series") return scalar(reduce(v.series.values, v.series.values.length));
    const items = expectArray(v, name);
    const maps = items.map(lookup);
    const periodMs = Math.min(...items.map((s) => s.periodMs), ctx.defaultPeriodMs);
    const points = unionTimes(items).map((t): [number, number] => {
      const values: number[] = [];
      for (const m of maps) {
        const x = m.get(t);
        if (x !== undefined) values.push(x);
        else if (missingAsZero) values.push(0);
      }
      return [t, reduce(values, items.length)];
    });
    return seriesValue(buildSeries(name, periodMs, points, ctx));
  };
}

const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);
const stddev = (values: number[]) => {
  if (values.length === 0) return Number.NaN;
  const mean = sum(values) / values.length;
  return Math.sqrt(sum(values.map((v) => (v - mean) ** 2)) / values.length);
};

/** Series-to-series functions of consecutive points (RATE, DIFF...), over a series or each of an array. */
function sequential(
  name: string,
  f: (s: TimeSeries, ctx: MathContext) => Array<[number, number]>,
): MathFunction {
  return (args, ctx) => {
    arity(name, args, 1);
    const one = (s: TimeSeries) => buildSeries(s.label, s.periodMs, f(s, ctx), ctx);
    const v = args[0]!;
    if (v.kind === "series") return seriesValue(one(v.series));
    return arrayValue(expectArray(v, name).map(one));
  };
}

function pairs(s: TimeSeries, f: (i: number) => number): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (let i = 1; i < s.times.length; i++) out.push([s.times[i]!, f(i)]);
  return out;
}

/** A non-sparse series over the grid whose values come from each timestamp (UTC). */
function fromTimestamp(name: string, f: (d: Date) => number): MathFunction {
  return (args, ctx) => {
    arity(name, args, 1);
    const s = expectSeries(args[0]!, name);
    return seriesValue(
      buildSeries(
        name,
        s.periodMs,
        ctx.grid(s.periodMs).map((t): [number, number] => [t, f(new Date(t))]),
        ctx,
      ),
    );
  };
}

function fill(args: MathValue[], ctx: MathContext): MathValue {
  arity("FILL", args, 2);
  const [target, filler] = args as [MathValue, MathValue];
  const one = (s: TimeSeries): TimeSeries => {
    const known = lookup(s);
    const grid = ctx.grid(s.periodMs);
    let values: Array<number | undefined> = grid.map((t) => known.get(t));
    if (filler.kind === "scalar") values = values.map((v) => v ?? filler.value);
    else if (filler.kind === "series") {
      const other = lookup(filler.series);
      values = values.map((v, i) => v ?? other.get(grid[i]!));
    } else if (filler.kind === "keyword" && filler.name === "REPEAT") {
      let last: number | undefined;
      values = values.map((v) => {
        last = v ?? last;
        return last;
      });
    } else if (filler.kind === "keyword" && filler.name === "LINEAR") {
      values = linear(grid, values);
    } else {
      throw new MathError(
        `FILL cannot fill with ${describe(filler)}; use a number, a time series, REPEAT or LINEAR`,
      );
    }
    const points: Array<[number, number]> = [];
    values.forEach((v, i) => {
      if (v !== undefined) points.push([grid[i]!, v]);
    });
    return buildSeries(s.label, s.periodMs, points, ctx);
  };
  if (target.kind === "series") return seriesValue(one(target.series));
  return arrayValue(expectArray(target, "FILL").map(one));
}

/** Gaps between two known values get the straight line between them; leading and trailing gaps stay. */
function linear(grid: number[], values: Array<number | undefined>): Array<number | undefined> {
  const out = values.slice();
  let previous = -1;
  values.forEach((v, i) => {
    if (v === undefined) return;
    if (previous >= 0 && i - previous > 1) {
      const from = values[previous]!;
      for (let j = previous + 1; j < i; j++) {
        out[j] = from + ((v - from) * (grid[j]! - grid[previous]!)) / (grid[i]! - grid[previous]!);
      }
    }
    previous = i;
  });
  return out;
}

/**
 * IF(condition, whenTrue[, whenFalse]), as CloudWatch documents it: per timestamp of a series
 * condition, a missing whenTrue value counts as 0, and a missing (or omitted) whenFalse drops
 * the point; a scalar condition picks one argument whole.
 */
function ifFunction(args: MathValue[], ctx: MathContext): MathValue {
  arity("IF", args, 2, 3);
  const [condition, whenTrue, whenFalse] = args as [MathValue, MathValue, MathValue | undefined];
  for (const v of [whenTrue, whenFalse]) {
    if (v && v.kind !== "scalar" && v.kind !== "series")
      throw new MathError(`IF cannot return ${describe(v)}`);
  }
  if (condition.kind === "scalar") {
    if (condition.value !== 0) return whenTrue;
    return whenFalse ?? seriesValue(emptySeries("IF", ctx.defaultPeriodMs));
  }
  const c = expectSeries(condition, "IF");
  const yes = whenTrue.kind === "series" ? lookup(whenTrue.series) : null;
  const no = whenFalse?.kind === "series" ? lookup(whenFalse.series) : null;
  const points: Array<[number, number]> = [];
  c.times.forEach((t, i) => {
    if (c.values[i] !== 0) {
      points.push([t, whenTrue.kind === "scalar" ? whenTrue.value : (yes!.get(t) ?? 0)]);
      return;
    }
    if (whenFalse?.kind === "scalar") points.push([t, whenFalse.value]);
    else {
      const v = no?.get(t);
      if (v !== undefined) points.push([t, v]);
    }
  });
  return seriesValue(buildSeries(c.label, c.periodMs, points, ctx));
}

const SORT_FUNCTIONS: Record<string, (values: number[]) => number> = {
  AVG: (v) => (v.length ? sum(v) / v.length : Number.NaN),
  SUM: sum,
  MIN: (v) => Math.min(...v),
  MAX: (v) => Math.max(...v),
};

function sort(args: MathValue[]): MathValue {
  arity("SORT", args, 3, 4);
  const items = expectArray(args[0]!, "SORT");
  const by = args[1]!;
  const order = args[2]!;
  const f = by.kind === "keyword" ? SORT_FUNCTIONS[by.name] : undefined;
  if (!f) throw new MathError("SORT sorts by AVG, SUM, MIN or MAX");
  if (order.kind !== "keyword" || (order.name !== "ASC" && order.name !== "DESC")) {
    throw new MathError("SORT's order is ASC or DESC");
  }
  const keyed = items.map((s) => ({ s, key: s.values.length ? f(s.values) : Number.NEGATIVE_INFINITY }));
  keyed.sort((a, b) => (order.name === "ASC" ? a.key - b.key : b.key - a.key));
  const limit = args[3] ? expectScalar(args[3], "SORT") : keyed.length;
  return arrayValue(keyed.slice(0, limit).map((k) => k.s));
}

export const FUNCTIONS: Record<string, MathFunction> = {
  ABS: perValue("ABS", Math.abs),
  CEIL: perValue("CEIL", Math.ceil),
  FLOOR: perValue("FLOOR", Math.floor),
  LOG: perValue("LOG", Math.log),
  LOG10: perValue("LOG10", Math.log10),
  SUM: reducer("SUM", sum, true),
  AVG: reducer("AVG", (v, width) => sum(v) / width, true),
  MIN: reducer("MIN", (v) => (v.length ? Math.min(...v) : Number.NaN), false),
  MAX: reducer("MAX", (v) => (v.length ? Math.max(...v) : Number.NaN), false),
  STDDEV: reducer("STDDEV", stddev, false),
  DATAPOINT_COUNT: (args, ctx) => {
    arity("DATAPOINT_COUNT", args, 1);
    const v = args[0]!;
    if (v.kind === "series") return scalar(v.series.times.length);
    return reducer("DATAPOINT_COUNT", (values) => values.length, false)(args, ctx);
  },
  METRIC_COUNT: (args) => {
    arity("METRIC_COUNT", args, 1);
    return scalar(expectArray(args[0]!, "METRIC_COUNT").length);
  },
  METRICS: (args, ctx) => {
    arity("METRICS", args, 0, 1);
    const filter = args[0];
    if (filter && filter.kind !== "string") throw new MathError("METRICS takes a string");
    return arrayValue(ctx.metrics(filter?.value));
  },
  FILL: fill,
  IF: ifFunction,
  PERIOD: (args) => {
    arity("PERIOD", args, 1);
    return scalar(expectSeries(args[0]!, "PERIOD").periodMs / 1000);
  },
  RATE: sequential("RATE", (s) =>
    pairs(s, (i) => (s.values[i]! - s.values[i - 1]!) / ((s.times[i]! - s.times[i - 1]!) / 1000)),
  ),
  DIFF: sequential("DIFF", (s) => pairs(s, (i) => s.values[i]! - s.values[i - 1]!)),
  DIFF_TIME: sequential("DIFF_TIME", (s) => pairs(s, (i) => (s.times[i]! - s.times[i - 1]!) / 1000)),
  RUNNING_SUM: sequential("RUNNING_SUM", (s) => {
    let total = 0;
    return s.times.map((t, i): [number, number] => {
      total += s.values[i]!;
      return [t, total];
    });
  }),
  TIME_SERIES: (args, ctx) => {
    arity("TIME_SERIES", args, 1);
    const k = expectScalar(args[0]!, "TIME_SERIES");
    const grid = ctx.grid(ctx.defaultPeriodMs);
    return seriesValue(
      buildSeries(
        "TIME_SERIES",
        ctx.defaultPeriodMs,
        grid.map((t): [number, number] => [t, k]),
        ctx,
      ),
    );
  },
  FIRST: (args) => {
    arity("FIRST", args, 1);
    const items = expectArray(args[0]!, "FIRST");
    if (items.length === 0) throw new MathError("FIRST of an empty array");
    return seriesValue(items[0]!);
  },
  LAST: (args) => {
    arity("LAST", args, 1);
    const items = expectArray(args[0]!, "LAST");
    if (items.length === 0) throw new MathError("LAST of an empty array");
    return seriesValue(items[items.length - 1]!);
  },
  SORT: sort,
  SLICE: (args) => {
    arity("SLICE", args, 2, 3);
    const items = expectArray(args[0]!, "SLICE");
    const from = expectScalar(args[1]!, "SLICE");
    const to = args[2] ? expectScalar(args[2], "SLICE") : items.length;
    return arrayValue(items.slice(from, to));
  },
  REMOVE_EMPTY: (args) => {
    arity("REMOVE_EMPTY", args, 1);
    return arrayValue(expectArray(args[0]!, "REMOVE_EMPTY").filter((s) => s.times.length > 0));
  },
  EPOCH: fromTimestamp("EPOCH", (d) => Math.floor(d.getTime() / 1000)),
  MINUTE: fromTimestamp("MINUTE", (d) => d.getUTCMinutes()),
  HOUR: fromTimestamp("HOUR", (d) => d.getUTCHours()),
  // ISO weekday: Monday is 1, Sunday 7.
  DAY: fromTimestamp("DAY", (d) => ((d.getUTCDay() + 6) % 7) + 1),
  DATE: fromTimestamp("DATE", (d) => d.getUTCDate()),
  MONTH: fromTimestamp("MONTH", (d) => d.getUTCMonth() + 1),
  YEAR: fromTimestamp("YEAR", (d) => d.getUTCFullYear()),
};
