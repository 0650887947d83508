import type { StateStore } from "../../../../state/store.ts";
import type { MetricReader } from "../../metric-reader.ts";
import type { AlarmActions } from "../actions/dispatch.ts";
import type { MetricAlarmRecord } from "../model.ts";
import type { AlarmStateChanges, Transition } from "../state-changes.ts";
import { AlarmTables } from "../tables.ts";
import { type Datapoint, decide, type TreatMissingData } from "./decide.ts";
import { stateReason, stateReasonData } from "./reason.ts";
import { type AlarmSeries, evaluationWindow, readSeries } from "./window.ts";

export interface EvaluationReport {
  evaluatedAt: string;
  /** Metric alarms evaluated (composite alarms follow their children). */
  evaluated: number;
  transitions: Transition[];
  /** Alarms whose metrics could not be read, e.g. a bad math expression. */
  errors: Array<{ accountId: string; region: string; alarmName: string; message: string }>;
}

const TREATMENTS = new Set<string>(["missing", "ignore", "breaching", "notBreaching"]);
const PRUNE_EVERY_MS = 3600_000;

function treatment(alarm: MetricAlarmRecord): TreatMissingData {
  if (alarm.treatMissingData !== undefined && TREATMENTS.has(alarm.treatMissingData)) {
    return alarm.treatMissingData as TreatMissingData;
  }
  // The guide: alarms on AWS/DynamoDB metrics ignore missing data unless told otherwise.
  return alarm.namespace === "AWS/DynamoDB" ? "ignore" : "missing";
}

function comparator(alarm: MetricAlarmRecord, series: AlarmSeries): (point: Datapoint) => boolean {
  const t = alarm.threshold ?? 0;
  const lower = (p: Datapoint) => series.band?.lower.get(p.timestamp);
  const upper = (p: Datapoint) => series.band?.upper.get(p.timestamp);
  switch (alarm.comparisonOperator) {
    case "GreaterThanOrEqualToThreshold":
      return (p) => p.value >= t;
    case "GreaterThanThreshold":
      return (p) => p.value > t;
    case "LessThanThreshold":
      return (p) => p.value < t;
    case "LessThanOrEqualToThreshold":
      return (p) => p.value <= t;
    case "LessThanLowerThreshold":
      return (p) => p.value < (lower(p) ?? Number.NEGATIVE_INFINITY);
    case "GreaterThanUpperThreshold":
      return (p) => p.value > (upper(p) ?? Number.POSITIVE_INFINITY);
    case "LessThanLowerOrGreaterThanUpperThreshold":
      return (p) =>
        p.value < (lower(p) ?? Number.NEGATIVE_INFINITY) || p.value > (upper(p) ?? Number.POSITIVE_INFINITY);
    default:
      return () => false;
  }
}

/**
 * With EvaluateLowSampleCountPercentile "ignore", a percentile over too few samples leaves
 * the state alone: fewer than 10/(1-p) samples for p >= 0.5, fewer than 10/p below.
 */
function tooFewSamples(alarm: MetricAlarmRecord, points: Datapoint[]): boolean {
  if (alarm.evaluateLowSampleCountPercentile !== "ignore") return false;
  const m = /^p(\d+(?:\.\d+)?)$/.exec(alarm.extendedStatistic ?? "");
  if (!m) return false;
  const p = Number(m[1]) / 100;
  const needed = p >= 0.5 ? 10 / (1 - p) : 10 / p;
  return points.some((pt) => (pt.sampleCount ?? 0) < needed);
}

/**
 * Evaluates metric alarms against their metrics at an instant. Evaluations run one at a
 * time. The schedule never evaluates an alarm at an earlier instant than the last
 * evaluation did, so an evaluation a test asked for "as of" a later time is not undone.
 */
export class AlarmEvaluator {
  private readonly store: StateStore;
  private readonly metrics: MetricReader;
  private readonly changes: AlarmStateChanges;
  private readonly actions: AlarmActions;
  private readonly lastEvaluated = new Map<string, number>();
  private queue: Promise<unknown> = Promise.resolve();
  private lastPrune = 0;

  constructor(deps: {
    store: StateStore;
    metrics: MetricReader;
    changes: AlarmStateChanges;
    actions: AlarmActions;
  }) {
    this.store = deps.store;
    this.metrics = deps.metrics;
    this.changes = deps.changes;
    this.actions = deps.actions;
  }

  /** Every metric alarm of every account and region (those `only` accepts), at `at` (epoch ms). */
  evaluateAll(
    at: number,
    options: { scheduled: boolean; only?: ((alarm: MetricAlarmRecord) => boolean) | undefined },
  ): Promise<EvaluationReport> {
    const run = this.queue.then(() => this.run(at, options.scheduled, options.only));
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async run(
    at: number,
    scheduled: boolean,
    only: ((alarm: MetricAlarmRecord) => boolean) | undefined,
  ): Promise<EvaluationReport> {
    const report: EvaluationReport = {
      evaluatedAt: new Date(at).toISOString(),
      evaluated: 0,
      transitions: [],
      errors: [],
    };
    const prune = at - this.lastPrune > PRUNE_EVERY_MS;
    for (const scope of AlarmTables.scopes(this.store)) {
      const tables = new AlarmTables(this.store, scope);
      if (prune) tables.pruneHistory(at);
      const alarms = [...tables.alarms.values()].filter(
        (a): a is MetricAlarmRecord => a.kind === "metric" && (only === undefined || only(a)),
      );
      for (const alarm of alarms) {
        if (scheduled && (this.lastEvaluated.get(alarm.arn) ?? 0) > at) continue;
        this.lastEvaluated.set(alarm.arn, Math.max(at, this.lastEvaluated.get(alarm.arn) ?? 0));
        report.evaluated++;
        try {
          await this.evaluate(tables, alarm, at, report.transitions);
        } catch (err) {
          report.errors.push({ ...scope, alarmName: alarm.name, message: (err as Error).message });
        }
      }
    }
    if (prune) this.lastPrune = at;
    await this.store.flush();
    this.actions.kick();
    return report;
  }

  private async evaluate(
    tables: AlarmTables,
    alarm: MetricAlarmRecord,
    at: number,
    transitions: Transition[],
  ): Promise<void> {
    const window = evaluationWindow(alarm, at);
    const series = readSeries(this.metrics, tables.scope, alarm, window);
    const decision = decide({
      slots: window.slots.map((timestamp) => ({ timestamp, point: series.points.get(timestamp) })),
      evaluationPeriods: alarm.evaluationPeriods,
      datapointsToAlarm: alarm.datapointsToAlarm ?? alarm.evaluationPeriods,
      treatMissingData: treatment(alarm),
      breaches: comparator(alarm, series),
    });
    if (decision.kind === "retain") return;
    if (decision.kind === "state") {
      const real = decision.counted.flatMap((c) => (c.point ? [c.point] : []));
      if (tooFewSamples(alarm, real)) return;
    }
    const value = decision.kind === "insufficient" ? "INSUFFICIENT_DATA" : decision.value;
    await this.changes.change(
      tables,
      alarm.name,
      {
        value,
        reason: stateReason(alarm, decision),
        reasonData: stateReasonData(alarm, decision, at, window.period),
      },
      at,
      transitions,
    );
  }
}
