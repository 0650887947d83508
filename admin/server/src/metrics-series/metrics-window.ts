/** The limits of a metrics request: what GetMetricData serves well and a chart can draw. */
export const METRICS_LIMITS = {
  minPeriodSeconds: 60,
  maxPeriodSeconds: 86_400,
  /** Per series: a day at one minute. */
  maxPoints: 1_440,
  /** CloudWatch keeps one-minute data 15 days (the emulator, hourly data 15 days). */
  maxRangeMs: 15 * 86_400_000,
  maxAgeMs: 15 * 86_400_000,
  /** `to` may run a little ahead of this server's clock (the browser's differs). */
  futureSlackMs: 5 * 60_000,
  defaultRangeMs: 3 * 3_600_000,
} as const;

/** Periods tried, in order, when the client gives none: the first that keeps ≤ DEFAULT_POINTS points. */
const DEFAULT_PERIODS = [60, 300, 900, 3_600, 21_600, 86_400];
const DEFAULT_POINTS = 360;

export interface MetricsWindowInput {
  from?: string | undefined;
  to?: string | undefined;
  period?: number | undefined;
}

export interface MetricsWindow {
  /** Floored to a multiple of the period, so buckets fall on round times. */
  start: Date;
  end: Date;
  periodSeconds: number;
}

export type WindowIssue = { field: "from" | "to" | "period"; message: string };

/**
 * The window and period a request asks for, defaults filled in (the last 3 hours, a period giving
 * at most 360 points), or what is wrong with it. The DTO and the service call this same function.
 */
export function resolveMetricsWindow(
  input: MetricsWindowInput,
  now: number,
): { window: MetricsWindow } | { issue: WindowIssue } {
  const L = METRICS_LIMITS;
  const to = input.to === undefined ? now : Date.parse(input.to);
  const from = input.from === undefined ? to - L.defaultRangeMs : Date.parse(input.from);
  if (to > now + L.futureSlackMs)
    return { issue: { field: "to", message: "must not be more than 5 minutes in the future" } };
  if (from >= to) return { issue: { field: "to", message: "must be after from" } };
  if (from < now - L.maxAgeMs)
    return {
      issue: { field: "from", message: "must be within the last 15 days (CloudWatch keeps minutes 15 days)" },
    };
  if (to - from > L.maxRangeMs)
    return { issue: { field: "from", message: "the range must be at most 15 days" } };
  const range = to - from;
  const period =
    input.period ??
    DEFAULT_PERIODS.find((p) => Math.ceil(range / (p * 1000)) <= DEFAULT_POINTS) ??
    L.maxPeriodSeconds;
  const points = pointsOver(from, to, period);
  if (points > L.maxPoints) {
    // The shortest period that fits: flooring `from` to it can add a point, so try each minute.
    let fitting = Math.ceil((to - from) / 1000 / L.maxPoints / 60) * 60;
    while (pointsOver(from, to, fitting) > L.maxPoints) fitting += 60;
    return {
      issue: {
        field: "period",
        message: `${period} s gives ${points} points per series over this range; at most ${L.maxPoints}: use a period of at least ${fitting} s`,
      },
    };
  }
  return {
    window: { start: new Date(flooredStart(from, period)), end: new Date(to), periodSeconds: period },
  };
}

const flooredStart = (from: number, periodSeconds: number) =>
  Math.floor(from / (periodSeconds * 1000)) * periodSeconds * 1000;

/** Buckets from `from` floored to the period up to `to`. */
function pointsOver(from: number, to: number, periodSeconds: number): number {
  return Math.ceil((to - flooredStart(from, periodSeconds)) / (periodSeconds * 1000));
}
