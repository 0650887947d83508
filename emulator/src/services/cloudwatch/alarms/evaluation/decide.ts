import type { StateValue } from "../model.ts";

/**
 * CloudWatch's M-out-of-N rule with its missing-data handling, as the user guide's
 * "How alarm state is evaluated when data is missing" describes it, over the periods of
 * the evaluation range. Pure: tested against the guide's tables.
 */

export interface Datapoint {
  /** The period's start (epoch ms). */
  timestamp: number;
  value: number;
  sampleCount?: number;
}

/** One period of the evaluation range; `point` is absent when no data came in. */
export interface Slot {
  timestamp: number;
  point?: Datapoint;
}

export type TreatMissingData = "missing" | "ignore" | "breaching" | "notBreaching";

export interface DecisionInput {
  /** The evaluation range, oldest period first. */
  slots: readonly Slot[];
  evaluationPeriods: number;
  datapointsToAlarm: number;
  treatMissingData: TreatMissingData;
  breaches: (point: Datapoint) => boolean;
}

/** A datapoint the decision counted: real, or a missing period filled by TreatMissingData. */
export interface Counted {
  timestamp: number;
  point?: Datapoint;
  breaching: boolean;
}

export type Decision =
  /** Keep the current state (ignore, with no data or a premature breach). */
  | { kind: "retain" }
  /** Every period missing and missing data is just missing. */
  | { kind: "insufficient"; periods: number[] }
  | {
      kind: "state";
      value: Extract<StateValue, "OK" | "ALARM">;
      /** The datapoints weighed, newest first. */
      counted: Counted[];
      /** How many of them were missing periods filled in, and as what. */
      filled: number;
      filledAs?: "Breaching" | "NonBreaching";
    };

export function decide(input: DecisionInput): Decision {
  const { slots, breaches } = input;
  const n = input.evaluationPeriods;
  const m = input.datapointsToAlarm;
  const treat = input.treatMissingData;
  const real = slots.filter((s): s is Slot & { point: Datapoint } => s.point !== undefined);
  const lastN = slots.slice(-n);
  const newestFirst = <T>(xs: T[]) => [...xs].reverse();

  if (real.length === 0) {
    if (treat === "missing")
      return { kind: "insufficient", periods: newestFirst(lastN.map((s) => s.timestamp)) };
    if (treat === "ignore") return { kind: "retain" };
    const breaching = treat === "breaching";
    return {
      kind: "state",
      value: breaching ? "ALARM" : "OK",
      counted: newestFirst(lastN.map((s) => ({ timestamp: s.timestamp, breaching }))),
      filled: lastN.length,
      filledAs: breaching ? "Breaching" : "NonBreaching",
    };
  }

  const countedReal = (pts: typeof real): Counted[] =>
    pts.map((s) => ({ timestamp: s.timestamp, point: s.point, breaching: breaches(s.point) }));

  // Enough real datapoints: the most recent N decide, missing data plays no part.
  if (real.length >= n) {
    const counted = newestFirst(countedReal(real.slice(-n)));
    const breaching = counted.filter((c) => c.breaching).length;
    return { kind: "state", value: breaching >= m ? "ALARM" : "OK", counted, filled: 0 };
  }

  // Fewer than N: every real datapoint counts, and as few missing ones as needed fill up to N.
  const fill = n - real.length;
  const realCounted = countedReal(real);
  const breachingReal = realCounted.filter((c) => c.breaching).length;
  if (treat === "breaching" || treat === "notBreaching") {
    const breaching = treat === "breaching";
    const missingSlots = slots.filter((s) => s.point === undefined).slice(-fill);
    const counted = [
      ...realCounted,
      ...missingSlots.map((s) => ({ timestamp: s.timestamp, breaching })),
    ].sort((a, b) => b.timestamp - a.timestamp);
    const total = breachingReal + (breaching ? fill : 0);
    return {
      kind: "state",
      value: total >= m ? "ALARM" : "OK",
      counted,
      filled: fill,
      filledAs: breaching ? "Breaching" : "NonBreaching",
    };
  }
  const counted = newestFirst(realCounted);
  if (breachingReal >= m) return { kind: "state", value: "ALARM", counted, filled: fill };
  if (prematureAlarm(lastN, realCounted, m, breaches)) {
    return treat === "ignore" ? { kind: "retain" } : { kind: "state", value: "ALARM", counted, filled: fill };
  }
  return { kind: "state", value: "OK", counted, filled: fill };
}

/**
 * "Avoiding premature transitions to alarm state": with intermittent data, the alarm goes
 * to ALARM when the oldest breaching datapoint of the last N periods is at least M periods
 * old and everything newer is breaching or missing. A non-breaching datapoint anywhere in
 * the range keeps it OK (the guide's "0 - X - -" for 2 of 3).
 */
function prematureAlarm(
  lastN: readonly Slot[],
  realCounted: readonly Counted[],
  m: number,
  breaches: (point: Datapoint) => boolean,
): boolean {
  if (realCounted.some((c) => !c.breaching)) return false;
  const oldest = lastN.findIndex((s) => s.point !== undefined && breaches(s.point));
  if (oldest < 0) return false;
  const age = lastN.length - oldest;
  return age >= m;
}
