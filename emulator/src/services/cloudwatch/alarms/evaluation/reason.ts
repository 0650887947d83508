import { awsTimestamp, javaDouble, reasonTimestamp } from "../format.ts";
import { double, type JavaJson, javaJson } from "../java-json.ts";
import type { MetricAlarmRecord } from "../model.ts";
import type { Counted, Decision } from "./decide.ts";

/**
 * The StateReason and StateReasonData CloudWatch writes for an evaluation, e.g.
 * "Threshold Crossed: 1 out of the last 1 datapoints [5.0 (23/11/26 10:01:00)] was greater
 * than or equal to the threshold (3.0) (minimum 1 datapoint for OK -> ALARM transition)."
 */

const PHRASES: Record<string, string> = {
  GreaterThanOrEqualToThreshold: "greater than or equal to the threshold",
  GreaterThanThreshold: "greater than the threshold",
  LessThanThreshold: "less than the threshold",
  LessThanOrEqualToThreshold: "less than or equal to the threshold",
  LessThanLowerOrGreaterThanUpperThreshold: "outside the band of the thresholds",
  LessThanLowerThreshold: "less than the lower threshold",
  GreaterThanUpperThreshold: "greater than the upper threshold",
};

/** Past five datapoints AWS lists only the five most recent, after the sentence. */
const LISTED = 5;

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

function wasWere(n: number): string {
  return n === 1 ? "was" : "were";
}

function listed(points: Counted[]): string {
  return points.map((c) => `${javaDouble(c.point!.value)} (${reasonTimestamp(c.timestamp)})`).join(", ");
}

/** "the threshold (3.0)"; band alarms compare against a series, so no number follows. */
function comparison(alarm: MetricAlarmRecord, negated: boolean): string {
  const phrase = PHRASES[alarm.comparisonOperator] ?? alarm.comparisonOperator;
  const threshold =
    alarm.threshold !== undefined && alarm.thresholdMetricId === undefined
      ? ` (${javaDouble(alarm.threshold)})`
      : "";
  return `${negated ? "not " : ""}${phrase}${threshold}`;
}

export function stateReason(alarm: MetricAlarmRecord, decision: Decision): string {
  const n = alarm.evaluationPeriods;
  if (decision.kind === "insufficient")
    return `Insufficient Data: ${plural(n, "datapoint")} ${wasWere(n)} unknown.`;
  if (decision.kind !== "state") return "";
  const toAlarm = decision.value === "ALARM";
  const real = decision.counted.filter((c) => c.point !== undefined);
  const agreeing = real.filter((c) => c.breaching === toAlarm);
  const filled = decision.filled;
  const filledAs = decision.filledAs ?? "Missing";
  const filledText = `${plural(filled, "missing datapoint")} ${wasWere(filled)} treated as [${filledAs}]`;
  const crossed = comparison(alarm, !toAlarm);
  if (real.length === 0) {
    return `Threshold Crossed: no datapoints were received for ${plural(n, "period")} and ${filledText}.`;
  }
  if (filled > 0) {
    if (agreeing.length === 0) {
      return `Threshold Crossed: ${plural(real.length, "datapoint")} ${wasWere(real.length)} received for ${plural(n, "period")} and ${filledText}.`;
    }
    return `Threshold Crossed: ${plural(agreeing.length, "datapoint")} [${listed(agreeing)}] ${wasWere(agreeing.length)} ${crossed} and ${filledText}.`;
  }
  const k = agreeing.length;
  const many = k >= LISTED;
  const body = many
    ? ` were ${crossed}. The most recent datapoints which crossed the threshold: [${listed(agreeing.slice(0, LISTED))}]`
    : ` [${listed(agreeing)}] ${wasWere(k)} ${crossed}`;
  if (alarm.datapointsToAlarm === undefined) {
    return `Threshold Crossed: ${plural(k, "datapoint")}${body}.`;
  }
  const minimum = toAlarm ? alarm.datapointsToAlarm : n - alarm.datapointsToAlarm + 1;
  const direction = toAlarm ? "OK -> ALARM" : "ALARM -> OK";
  return `Threshold Crossed: ${k} out of the last ${n} datapoints${body} (minimum ${plural(minimum, "datapoint")} for ${direction} transition).`;
}

/** StateReasonData: the query, the recent values oldest first, and the datapoints that decided it. */
export function stateReasonData(
  alarm: MetricAlarmRecord,
  decision: Decision,
  queryDate: number,
  period: number,
): string | undefined {
  if (decision.kind === "retain") return undefined;
  const single = alarm.metrics === undefined;
  const head: Record<string, JavaJson> = { version: "1.0", queryDate: awsTimestamp(queryDate) };
  const tail = {
    unit: single ? alarm.unit : undefined,
    statistic: single ? (alarm.statistic ?? alarm.extendedStatistic) : undefined,
    period,
  };
  const threshold = alarm.threshold !== undefined ? double(alarm.threshold) : undefined;
  if (decision.kind === "insufficient") {
    return javaJson({
      ...head,
      ...tail,
      recentDatapoints: [],
      threshold,
      evaluatedDatapoints: decision.periods.map((t) => ({ timestamp: awsTimestamp(t) })),
    });
  }
  const real = decision.counted.filter((c) => c.point !== undefined);
  if (real.length === 0) {
    return javaJson({
      ...head,
      ...tail,
      recentDatapoints: [],
      threshold,
      evaluatedDatapoints: decision.counted.map((c) => ({ timestamp: awsTimestamp(c.timestamp) })),
    });
  }
  const toAlarm = decision.value === "ALARM";
  const m = alarm.datapointsToAlarm ?? alarm.evaluationPeriods;
  const minimum = toAlarm ? m : alarm.evaluationPeriods - m + 1;
  const deciding = real.filter((c) => c.breaching === toAlarm).slice(0, Math.max(1, minimum));
  const oldest = decision.counted[decision.counted.length - 1]!;
  return javaJson({
    ...head,
    startDate: awsTimestamp(oldest.timestamp),
    ...tail,
    recentDatapoints: [...real].reverse().map((c) => double(c.point!.value)),
    threshold,
    evaluatedDatapoints: deciding.map((c) => ({
      timestamp: awsTimestamp(c.timestamp),
      sampleCount: c.point!.sampleCount !== undefined ? double(c.point!.sampleCount) : undefined,
      value: double(c.point!.value),
    })),
  });
}
