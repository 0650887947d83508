const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;

/** Periods CloudWatch accepts: 1, 5, 10, 20 or 30 seconds (high resolution), or whole minutes. */
export function isValidPeriod(seconds: number): boolean {
  return (
    seconds === 1 || seconds === 5 || seconds === 10 || seconds === 20 || seconds === 30 || seconds % 60 === 0
  );
}

/**
 * Where the first period starts, as CloudWatch rounds StartTime: sub-minute periods to a
 * multiple of the period; otherwise to the minute, or to 5 minutes when the start is 15 to 63
 * days ago, or to the hour beyond that.
 */
export function alignedStart(start: number, periodSeconds: number, now: number): number {
  if (periodSeconds < 60) return floorTo(start, periodSeconds * 1000);
  const age = now - start;
  const step = age > 63 * DAY_MS ? HOUR_MS : age > 15 * DAY_MS ? 5 * MINUTE_MS : MINUTE_MS;
  return floorTo(start, step);
}

/** The period starts of [start, end) after alignment, ascending. */
export function periodStarts(start: number, end: number, periodSeconds: number, now: number): number[] {
  const out: number[] = [];
  const step = periodSeconds * 1000;
  for (let t = alignedStart(start, periodSeconds, now); t < end; t += step) out.push(t);
  return out;
}

function floorTo(time: number, step: number): number {
  return Math.floor(time / step) * step;
}
