/** One alarm's series as the backend answers it (GET /api/alarms/series), what a sparkline needs. */
export interface SparkSeries {
  label: string;
  threshold: number | null;
  comparison: string;
  /** Seconds per bucket: buckets this far apart are joined by a line, others are gaps. */
  period: number | null;
  unit: string | null;
  points: { t: number; v: number }[];
  problem: string | null;
}

export interface SparkShape {
  /** One SVG path per run of consecutive buckets (two or more). */
  lines: string[];
  /** Buckets alone between gaps: a line cannot show them. */
  dots: { x: number; y: number }[];
  /** The newest bucket, marked. */
  last: { x: number; y: number } | null;
  /** Where the threshold runs, or null when the alarm has none (an anomaly band). */
  thresholdY: number | null;
}

/** Inner margin, so strokes and dots at the edges are not cut. */
const PAD = 3;

/**
 * The sparkline's geometry in a `width` × `height` box: time from `from` to `to` (epoch ms)
 * across, values upward, the scale taking in the threshold so its line is always in view.
 */
export function sparkShape(
  series: SparkSeries,
  window: { from: number; to: number },
  box: { width: number; height: number },
): SparkShape {
  const values = series.points.map((p) => p.v);
  if (series.threshold !== null) values.push(series.threshold);
  if (values.length === 0 || box.width <= 2 * PAD)
    return { lines: [], dots: [], last: null, thresholdY: null };
  let low = Math.min(...values);
  let high = Math.max(...values);
  if (low === high) {
    const spread = Math.abs(low) > 0 ? Math.abs(low) * 0.1 : 1;
    low -= spread;
    high += spread;
  }
  const span = Math.max(window.to - window.from, 1);
  const x = (t: number) => round(PAD + ((t - window.from) / span) * (box.width - 2 * PAD));
  const y = (v: number) => round(box.height - PAD - ((v - low) / (high - low)) * (box.height - 2 * PAD));

  const runs: { t: number; v: number }[][] = [];
  const step = series.period === null ? Number.POSITIVE_INFINITY : series.period * 1000;
  for (const point of series.points) {
    const run = runs.at(-1);
    const previous = run?.at(-1);
    if (run && previous && point.t - previous.t <= step) run.push(point);
    else runs.push([point]);
  }
  const newest = series.points.at(-1);
  return {
    lines: runs
      .filter((run) => run.length > 1)
      .map((run) => run.map((p, i) => `${i === 0 ? "M" : "L"}${x(p.t)} ${y(p.v)}`).join(" ")),
    dots: runs.filter((run) => run.length === 1).map(([p]) => ({ x: x(p!.t), y: y(p!.v) })),
    last: newest ? { x: x(newest.t), y: y(newest.v) } : null,
    thresholdY: series.threshold === null ? null : y(series.threshold),
  };
}

const round = (n: number) => Math.round(n * 10) / 10;

const SIDES: Record<string, string> = {
  GreaterThanThreshold: "above it",
  GreaterThanOrEqualToThreshold: "at or above it",
  LessThanThreshold: "below it",
  LessThanOrEqualToThreshold: "at or below it",
};

const number = new Intl.NumberFormat("en", { maximumFractionDigits: 2 });

/** The sparkline in words, for screen readers: "Errors, last 3 h: last value 3, threshold 5 (ALARM at or above it)". */
export function sparkText(series: SparkSeries, hours: number): string {
  if (series.problem !== null) return `${series.label}: not drawn (${series.problem})`;
  const unit = series.unit && series.unit !== "None" && series.unit !== "Count" ? ` ${series.unit}` : "";
  const newest = series.points.at(-1);
  const last = newest ? `last value ${number.format(newest.v)}${unit}` : "no data";
  const side = SIDES[series.comparison];
  const threshold =
    series.threshold === null
      ? "no fixed threshold"
      : `threshold ${number.format(series.threshold)}${unit}${side ? ` (ALARM ${side})` : ""}`;
  const count = series.points.length === 1 ? "; 1 point" : newest ? `; ${series.points.length} points` : "";
  return `${series.label}, last ${hours} h: ${last}, ${threshold}${count}`;
}

/** The few words beside the sparkline: "last 3 · threshold 5", or "no data in 3 h · threshold 5". */
export function sparkCaption(series: SparkSeries, hours: number): string {
  if (series.problem !== null) return `not drawn: ${series.problem}`;
  const newest = series.points.at(-1);
  const last = newest ? `last ${number.format(newest.v)}` : `no data in ${hours} h`;
  return series.threshold === null ? last : `${last} · threshold ${number.format(series.threshold)}`;
}
