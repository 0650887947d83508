import { describe, expect, it } from "vitest";
import { evaluateRule, parseAlarmRule, ruleAlarms } from "../src/services/cloudwatch/alarms/alarm-rule.ts";
import {
  decide,
  type Slot,
  type TreatMissingData,
} from "../src/services/cloudwatch/alarms/evaluation/decide.ts";
import { stateReason, stateReasonData } from "../src/services/cloudwatch/alarms/evaluation/reason.ts";
import { alarmPeriod, evaluationWindow } from "../src/services/cloudwatch/alarms/evaluation/window.ts";
import { javaDouble, longTimestamp, reasonTimestamp } from "../src/services/cloudwatch/alarms/format.ts";
import type { MetricAlarmRecord, StateValue } from "../src/services/cloudwatch/alarms/model.ts";
import type { MetricDataQuery } from "../src/services/cloudwatch/fields.ts";

/*
 * The evaluation rules on their own, against the tables of the CloudWatch user guide's
 * "How alarm state is evaluated when data is missing" (evaluation range 5, N = 3).
 * Datapoints are written as there, oldest first: 0 not breaching, X breaching, - missing.
 */

const MINUTE = 60_000;
const T0 = Date.UTC(2026, 10, 23, 10, 0, 0);

function slots(pattern: string): Slot[] {
  return pattern.split(" ").map((c, i) => {
    const timestamp = T0 + i * MINUTE;
    if (c === "-") return { timestamp };
    return { timestamp, point: { timestamp, value: c === "X" ? 10 : 0, sampleCount: 1 } };
  });
}

/** The state after evaluating `pattern`, or "retain" when the alarm keeps its state. */
function outcome(pattern: string, m: number, treat: TreatMissingData): StateValue | "retain" {
  const d = decide({
    slots: slots(pattern),
    evaluationPeriods: 3,
    datapointsToAlarm: m,
    treatMissingData: treat,
    breaches: (p) => p.value > 5,
  });
  if (d.kind === "retain") return "retain";
  return d.kind === "insufficient" ? "INSUFFICIENT_DATA" : d.value;
}

const TREATMENTS: TreatMissingData[] = ["missing", "ignore", "breaching", "notBreaching"];

describe("alarm evaluation with missing data, as the user guide's tables say", () => {
  it.each([
    ["0 - X - X", ["OK", "OK", "OK", "OK"]],
    ["0 - - - -", ["OK", "OK", "OK", "OK"]],
    ["- - - - -", ["INSUFFICIENT_DATA", "retain", "ALARM", "OK"]],
    ["0 X X - X", ["ALARM", "ALARM", "ALARM", "ALARM"]],
    ["- - X - -", ["ALARM", "retain", "ALARM", "OK"]],
  ])("3 of 3: %s", (pattern, expected) => {
    expect(TREATMENTS.map((t) => outcome(pattern, 3, t))).toEqual(expected);
  });

  it.each([
    ["0 - X - X", ["ALARM", "ALARM", "ALARM", "ALARM"]],
    ["0 0 X 0 X", ["ALARM", "ALARM", "ALARM", "ALARM"]],
    ["0 - X - -", ["OK", "OK", "ALARM", "OK"]],
    ["- - - - 0", ["OK", "OK", "ALARM", "OK"]],
    ["- - - X -", ["ALARM", "retain", "ALARM", "OK"]],
  ])("2 of 3: %s", (pattern, expected) => {
    expect(TREATMENTS.map((t) => outcome(pattern, 2, t))).toEqual(expected);
  });

  it("does not go to ALARM prematurely on - - - - X or - - - X - (3 of 3)", () => {
    expect(outcome("- - - - X", 3, "missing")).toBe("OK");
    expect(outcome("- - - X -", 3, "missing")).toBe("OK");
  });

  it("counts M out of N: 3 of 5 breaching alarms, 2 of 5 do not", () => {
    const five = (pattern: string) =>
      decide({
        slots: slots(pattern),
        evaluationPeriods: 5,
        datapointsToAlarm: 3,
        treatMissingData: "missing",
        breaches: (p) => p.value > 5,
      });
    expect(five("0 0 X 0 X X 0")).toMatchObject({ kind: "state", value: "ALARM" });
    expect(five("0 0 X 0 X 0 0")).toMatchObject({ kind: "state", value: "OK" });
  });
});

function alarm(overrides: Partial<MetricAlarmRecord> = {}): MetricAlarmRecord {
  return {
    kind: "metric",
    name: "errors",
    arn: "arn:aws:cloudwatch:us-east-1:000000000000:alarm:errors",
    actionsEnabled: true,
    okActions: [],
    alarmActions: [],
    insufficientDataActions: [],
    configUpdatedAt: T0,
    state: { value: "INSUFFICIENT_DATA", reason: "", updatedAt: T0, transitionedAt: T0 },
    tags: [],
    namespace: "AWS/Lambda",
    metricName: "Errors",
    statistic: "Sum",
    dimensions: [],
    period: 60,
    evaluationPeriods: 1,
    threshold: 3,
    comparisonOperator: "GreaterThanOrEqualToThreshold",
    ...overrides,
  };
}

function decideFor(
  a: MetricAlarmRecord,
  values: Array<number | undefined>,
  treat: TreatMissingData = "missing",
) {
  const s: Slot[] = values.map((v, i) => {
    const timestamp = T0 + i * MINUTE;
    return v === undefined ? { timestamp } : { timestamp, point: { timestamp, value: v, sampleCount: 2 } };
  });
  return decide({
    slots: s,
    evaluationPeriods: a.evaluationPeriods,
    datapointsToAlarm: a.datapointsToAlarm ?? a.evaluationPeriods,
    treatMissingData: treat,
    breaches: (p) => p.value >= (a.threshold ?? 0),
  });
}

describe("state reasons, in AWS's words", () => {
  it("names the datapoint, the threshold and the minimum for the transition", () => {
    const a = alarm({ datapointsToAlarm: 1 });
    const d = decideFor(a, [undefined, undefined, 5]);
    expect(stateReason(a, d)).toBe(
      "Threshold Crossed: 1 out of the last 1 datapoints [5.0 (23/11/26 10:02:00)] was greater than or equal to the threshold (3.0) (minimum 1 datapoint for OK -> ALARM transition).",
    );
    expect(JSON.parse(stateReasonData(a, d, T0 + 3 * MINUTE + 1234, 60)!)).toEqual({
      version: "1.0",
      queryDate: "2026-11-23T10:03:01.234+0000",
      startDate: "2026-11-23T10:02:00.000+0000",
      statistic: "Sum",
      period: 60,
      recentDatapoints: [5],
      threshold: 3,
      evaluatedDatapoints: [{ timestamp: "2026-11-23T10:02:00.000+0000", sampleCount: 2, value: 5 }],
    });
    expect(stateReasonData(a, d, T0, 60)).toContain('"threshold":3.0,');
  });

  it("without DatapointsToAlarm: '1 datapoint [...] was not ...'", () => {
    const a = alarm();
    expect(stateReason(a, decideFor(a, [undefined, undefined, 0.25]))).toBe(
      "Threshold Crossed: 1 datapoint [0.25 (23/11/26 10:02:00)] was not greater than or equal to the threshold (3.0).",
    );
  });

  it("counts the minimum for ALARM -> OK as N - M + 1, newest datapoint first", () => {
    const a = alarm({
      evaluationPeriods: 2,
      datapointsToAlarm: 2,
      comparisonOperator: "GreaterThanThreshold",
      threshold: 40,
    });
    const d = decideFor(a, [undefined, 1.5, 2]);
    expect(stateReason(a, d)).toBe(
      "Threshold Crossed: 2 out of the last 2 datapoints [2.0 (23/11/26 10:02:00), 1.5 (23/11/26 10:01:00)] were not greater than the threshold (40.0) (minimum 1 datapoint for ALARM -> OK transition).",
    );
  });

  it("lists only the five most recent of many datapoints, after the sentence", () => {
    const a = alarm({ evaluationPeriods: 6, datapointsToAlarm: 6 });
    const d = decideFor(a, [undefined, undefined, 4, 5, 6, 7, 8, 9]);
    expect(stateReason(a, d)).toBe(
      "Threshold Crossed: 6 out of the last 6 datapoints were greater than or equal to the threshold (3.0). The most recent datapoints which crossed the threshold: [9.0 (23/11/26 10:07:00), 8.0 (23/11/26 10:06:00), 7.0 (23/11/26 10:05:00), 6.0 (23/11/26 10:04:00), 5.0 (23/11/26 10:03:00)] (minimum 6 datapoints for OK -> ALARM transition).",
    );
  });

  it("says when missing periods were filled in", () => {
    const a = alarm({ evaluationPeriods: 2 });
    expect(stateReason(a, decideFor(a, [undefined, undefined, undefined, undefined], "breaching"))).toBe(
      "Threshold Crossed: no datapoints were received for 2 periods and 2 missing datapoints were treated as [Breaching].",
    );
    const b = alarm({ evaluationPeriods: 3 });
    // 1 good datapoint and 2 breaching fills are 2 of 3: not enough for 3 of 3.
    expect(stateReason(b, decideFor(b, [undefined, undefined, 1, undefined, undefined], "breaching"))).toBe(
      "Threshold Crossed: 1 datapoint [1.0 (23/11/26 10:02:00)] was not greater than or equal to the threshold (3.0) and 2 missing datapoints were treated as [Breaching].",
    );
    const c = alarm({ evaluationPeriods: 3, datapointsToAlarm: 2 });
    expect(stateReason(c, decideFor(c, [undefined, undefined, 1, undefined, undefined], "breaching"))).toBe(
      "Threshold Crossed: 1 datapoint was received for 3 periods and 2 missing datapoints were treated as [Breaching].",
    );
    expect(
      stateReason(b, decideFor(b, [undefined, undefined, 1, undefined, undefined], "notBreaching")),
    ).toBe(
      "Threshold Crossed: 1 datapoint [1.0 (23/11/26 10:02:00)] was not greater than or equal to the threshold (3.0) and 2 missing datapoints were treated as [NonBreaching].",
    );
  });

  it("reports insufficient data per evaluation period", () => {
    const a = alarm({ evaluationPeriods: 3 });
    const d = decideFor(a, [undefined, undefined, undefined, undefined, undefined]);
    expect(stateReason(a, d)).toBe("Insufficient Data: 3 datapoints were unknown.");
    expect(JSON.parse(stateReasonData(a, d, T0, 60)!).evaluatedDatapoints).toEqual([
      { timestamp: "2026-11-23T10:04:00.000+0000" },
      { timestamp: "2026-11-23T10:03:00.000+0000" },
      { timestamp: "2026-11-23T10:02:00.000+0000" },
    ]);
  });
});

/** A metric-math alarm (no period of its own) over `metrics`. */
function mathAlarm(metrics: MetricDataQuery[], evaluationPeriods = 1): MetricAlarmRecord {
  return alarm({
    period: undefined,
    namespace: undefined,
    metricName: undefined,
    statistic: undefined,
    evaluationPeriods,
    metrics,
  });
}

/** The success rate of two metrics, read over these periods. */
function rateAlarm(periods: [number, number], evaluationPeriods = 1): MetricAlarmRecord {
  const input = (Id: string, Period: number): MetricDataQuery => ({
    Id,
    MetricStat: { Metric: { Namespace: "Darkroom", MetricName: Id }, Period, Stat: "Sum" },
    ReturnData: false,
  });
  return mathAlarm(
    [
      input("success", periods[0]),
      input("finished", periods[1]),
      { Id: "rate", Expression: "100 * success / finished", ReturnData: true },
    ],
    evaluationPeriods,
  );
}

describe("the period and range of a metric-math alarm", () => {
  it.each([
    ["10 s", [10, 10], 10],
    ["30 s", [30, 30], 30],
    ["20 and 30 s", [20, 30], 30],
    ["60 and 300 s", [60, 300], 300],
  ] as const)("runs at its metrics' period: %s", (_, periods, expected) => {
    expect(alarmPeriod(rateAlarm([...periods]))).toBe(expected);
  });

  it("takes a period named on a query, and a minute when no query names one", () => {
    const insights = (period?: number): MetricDataQuery => ({
      Id: "q",
      Expression: 'SELECT SUM(Errors) FROM "Darkroom"',
      ...(period !== undefined ? { Period: period } : {}),
      ReturnData: true,
    });
    expect(alarmPeriod(mathAlarm([insights(10)]))).toBe(10);
    expect(alarmPeriod(mathAlarm([insights()]))).toBe(60);
  });

  it("evaluates 10 s metrics over 10 s periods up to the end of the period in progress", () => {
    const at = T0 + 7 * MINUTE + 34_500;
    const w = evaluationWindow(rateAlarm([10, 10], 3), at);
    const end = T0 + 7 * MINUTE + 40_000;
    expect(w).toEqual({
      period: 10,
      start: end - 5 * 10_000,
      end,
      slots: [0, 1, 2, 3, 4].map((i) => end - (5 - i) * 10_000),
    });
  });

  it("evaluates 30 s metrics over 30 s periods", () => {
    const w = evaluationWindow(rateAlarm([30, 30]), T0 + 7 * MINUTE + 45_000);
    expect(w.period).toBe(30);
    expect(w.end).toBe(T0 + 8 * MINUTE);
    expect(w.slots).toEqual([T0 + 6 * MINUTE + 30_000, T0 + 7 * MINUTE, T0 + 7 * MINUTE + 30_000]);
  });

  it("evaluates 60 and 300 s metrics over 300 s periods, ending with the minute in progress", () => {
    const w = evaluationWindow(rateAlarm([60, 300]), T0 + 7 * MINUTE + 45_000);
    expect(w.period).toBe(300);
    expect(w.end).toBe(T0 + 8 * MINUTE);
    expect(w.slots).toEqual([T0 - 7 * MINUTE, T0 - 2 * MINUTE, T0 + 3 * MINUTE]);
  });
});

describe("CloudWatch's number and date formats", () => {
  it("writes doubles as Java does", () => {
    expect([5, 0, 0.25, 1223375, 1e7, 0.0001, -2.5, 3.4666088898518357].map(javaDouble)).toEqual([
      "5.0",
      "0.0",
      "0.25",
      "1223375.0",
      "1.0E7",
      "1.0E-4",
      "-2.5",
      "3.4666088898518357",
    ]);
  });

  it("writes reason and composite dates", () => {
    expect(reasonTimestamp(Date.UTC(2023, 7, 4, 12, 54, 46))).toBe("04/08/23 12:54:46");
    expect(longTimestamp(Date.UTC(2023, 7, 4, 12, 54, 46))).toBe("Friday 04 August, 2023 12:54:46 UTC");
  });
});

describe("composite alarm rules", () => {
  const states: Record<string, StateValue> = {
    cpu: "ALARM",
    disk: "OK",
    "deploy window": "INSUFFICIENT_DATA",
  };
  const holds = (rule: string) => evaluateRule(parseAlarmRule(rule), (n) => states[n]);

  it("evaluates states, constants, NOT, AND, OR and parentheses", () => {
    expect(holds("ALARM(cpu) AND OK(disk)")).toBe(true);
    expect(holds("ALARM(cpu) AND NOT OK(disk)")).toBe(false);
    expect(holds("(ALARM(disk) OR ALARM(cpu)) AND TRUE")).toBe(true);
    expect(holds('INSUFFICIENT_DATA("deploy window")')).toBe(true);
    expect(holds("ALARM(disk) OR ALARM(cpu) AND FALSE")).toBe(false);
    expect(holds("NOT ALARM(gone)")).toBe(true);
  });

  it("names its alarms once each, quoted or not", () => {
    expect(ruleAlarms(parseAlarmRule('ALARM("a b") OR OK(c) OR ALARM( c )'))).toEqual(["a b", "c"]);
  });

  it.each(["ALARM(a) AND", "ALARM(a", "(ALARM(a)", "ALARM()", "WARN(a)", "ALARM(a) ALARM(b)"])(
    "rejects %s",
    (rule) => {
      expect(() => parseAlarmRule(rule)).toThrow(/Error in alarm rule/);
    },
  );
});
