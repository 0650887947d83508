import { type BinaryOp, MathError } from "./parse.ts";
import {
  arrayValue,
  buildSeries,
  describe,
  lookup,
  type MathContext,
  type MathValue,
  scalar,
  seriesValue,
  type TimeSeries,
  unionTimes,
} from "./values.ts";

function apply(op: BinaryOp, x: number, y: number): number {
  switch (op) {
    case "+":
      return x + y;
    case "-":
      return x - y;
    case "*":
      return x * y;
    case "/":
      return x / y;
    case "^":
      return x ** y;
    case "==":
      return x === y ? 1 : 0;
    case "!=":
      return x !== y ? 1 : 0;
    case "<":
      return x < y ? 1 : 0;
    case "<=":
      return x <= y ? 1 : 0;
    case ">":
      return x > y ? 1 : 0;
    case ">=":
      return x >= y ? 1 : 0;
    case "AND":
      return x !== 0 && y !== 0 ? 1 : 0;
    case "OR":
      return x !== 0 || y !== 0 ? 1 : 0;
  }
}

function withScalar(
  op: BinaryOp,
  s: TimeSeries,
  k: number,
  scalarFirst: boolean,
  ctx: MathContext,
): TimeSeries {
  return buildSeries(
    s.label,
    s.periodMs,
    s.times.map((t, i): [number, number] => [
      t,
      scalarFirst ? apply(op, k, s.values[i]!) : apply(op, s.values[i]!, k),
    ]),
    ctx,
  );
}

/** Two series meet on the union of their timestamps; a missing value counts as 0, as CloudWatch documents. */
function withSeries(op: BinaryOp, a: TimeSeries, b: TimeSeries, ctx: MathContext): TimeSeries {
  const av = lookup(a);
  const bv = lookup(b);
  return buildSeries(
    a.label,
    Math.min(a.periodMs, b.periodMs),
    unionTimes([a, b]).map((t): [number, number] => [t, apply(op, av.get(t) ?? 0, bv.get(t) ?? 0)]),
    ctx,
  );
}

/** Arithmetic, comparison and logic between scalars, series and arrays of series (element-wise). */
export function binary(op: BinaryOp, a: MathValue, b: MathValue, ctx: MathContext): MathValue {
  if (a.kind === "scalar" && b.kind === "scalar") return scalar(apply(op, a.value, b.value));
  if (a.kind === "series" && b.kind === "scalar")
    return seriesValue(withScalar(op, a.series, b.value, false, ctx));
  if (a.kind === "scalar" && b.kind === "series")
    return seriesValue(withScalar(op, b.series, a.value, true, ctx));
  if (a.kind === "series" && b.kind === "series") return seriesValue(withSeries(op, a.series, b.series, ctx));
  if (a.kind === "array" && (b.kind === "scalar" || b.kind === "series")) {
    return arrayValue(a.items.map((item) => elementOf(binary(op, seriesValue(item), b, ctx))));
  }
  if (b.kind === "array" && (a.kind === "scalar" || a.kind === "series")) {
    return arrayValue(b.items.map((item) => elementOf(binary(op, a, seriesValue(item), ctx))));
  }
  throw new MathError(`Operator ${op} cannot combine ${describe(a)} and ${describe(b)}`);
}

export function unary(op: "-" | "NOT", v: MathValue, ctx: MathContext): MathValue {
  const f = op === "-" ? (x: number) => -x : (x: number) => (x === 0 ? 1 : 0);
  return mapValues(v, f, op === "-" ? "Unary -" : "NOT", ctx);
}

/** Applies `f` to a scalar, every value of a series, or every value of every series of an array. */
export function mapValues(v: MathValue, f: (x: number) => number, name: string, ctx: MathContext): MathValue {
  const mapSeries = (s: TimeSeries) =>
    buildSeries(
      s.label,
      s.periodMs,
      s.times.map((t, i): [number, number] => [t, f(s.values[i]!)]),
      ctx,
    );
  if (v.kind === "scalar") return scalar(f(v.value));
  if (v.kind === "series") return seriesValue(mapSeries(v.series));
  if (v.kind === "array") return arrayValue(v.items.map(mapSeries));
  throw new MathError(`${name} cannot take ${describe(v)}`);
}

function elementOf(v: MathValue): TimeSeries {
  if (v.kind !== "series") throw new MathError("Expected a time series");
  return v.series;
}
