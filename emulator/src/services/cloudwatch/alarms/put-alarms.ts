import type { RequestContext } from "../../../gateway/context.ts";
import { AwsError } from "../../../protocol/aws-error.ts";
import { parseAlarmRule, ruleAlarms } from "./alarm-rule.ts";
import { recordConfigurationUpdate } from "./history.ts";
import { validatePutMetricAlarm } from "./metric-alarm-validation.ts";
import type { AlarmRecord, AlarmState, CompositeAlarmRecord, MetricAlarmRecord } from "./model.ts";
import type { PutCompositeAlarmInput, PutMetricAlarmInput } from "./schemas.ts";
import { configurationJson } from "./shapes.ts";
import type { AlarmStateChanges, Transition } from "./state-changes.ts";
import { AlarmTables } from "./tables.ts";

/** PutMetricAlarm and PutCompositeAlarm: create, or overwrite the configuration and keep the state. */

const MAX_TAGS = 50;

function initialState(now: number): AlarmState {
  return {
    value: "INSUFFICIENT_DATA",
    reason: "Unchecked: Initial alarm creation",
    updatedAt: now,
    transitionedAt: now,
  };
}

function checkTags(tags: Array<{ Key: string; Value: string }> | undefined): void {
  if (tags && tags.length > MAX_TAGS) {
    throw new AwsError("LimitExceeded", `The maximum number of tags is ${MAX_TAGS}.`, 400, {
      shape: "LimitExceededFault",
    });
  }
}

/** Fields both kinds of alarm share; an update keeps the state and the tags, as on AWS. */
function base(
  tables: AlarmTables,
  input: PutMetricAlarmInput | PutCompositeAlarmInput,
  existing: AlarmRecord | undefined,
  now: number,
) {
  return {
    name: input.AlarmName,
    arn: tables.arn(input.AlarmName),
    ...(input.AlarmDescription !== undefined ? { description: input.AlarmDescription } : {}),
    actionsEnabled: input.ActionsEnabled ?? true,
    okActions: input.OKActions ?? [],
    alarmActions: input.AlarmActions ?? [],
    insufficientDataActions: input.InsufficientDataActions ?? [],
    configUpdatedAt: now,
    state: existing?.state ?? initialState(now),
    tags: existing?.tags ?? input.Tags ?? [],
  };
}

function defined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

export function putMetricAlarm(input: PutMetricAlarmInput, ctx: RequestContext): void {
  validatePutMetricAlarm(input);
  checkTags(input.Tags);
  const tables = new AlarmTables(ctx.runtime.store, ctx);
  const existing = tables.alarms.get(input.AlarmName);
  if (existing && existing.kind !== "metric") {
    throw new AwsError(
      "ValidationError",
      `The alarm ${input.AlarmName} already exists as a composite alarm.`,
      400,
    );
  }
  const math = input.Metrics !== undefined && input.Metrics.length > 0;
  const record: MetricAlarmRecord = defined({
    kind: "metric" as const,
    ...base(tables, input, existing, Date.now()),
    metricName: input.MetricName,
    namespace: input.Namespace,
    statistic: input.Statistic,
    extendedStatistic: input.ExtendedStatistic,
    dimensions: math ? [] : (input.Dimensions ?? []),
    period: input.Period,
    unit: input.Unit,
    evaluationPeriods: input.EvaluationPeriods,
    datapointsToAlarm: input.DatapointsToAlarm,
    threshold: input.Threshold,
    comparisonOperator: input.ComparisonOperator,
    treatMissingData: input.TreatMissingData,
    evaluateLowSampleCountPercentile: input.EvaluateLowSampleCountPercentile,
    metrics: math ? input.Metrics : undefined,
    thresholdMetricId: input.ThresholdMetricId,
    evaluationInterval: input.EvaluationInterval,
  });
  tables.alarms.set(record.name, record);
  recordConfigurationUpdate(tables, record, existing, configurationJson);
}

const RULE_WHITESPACE = /^\s|\s$/;

export async function putCompositeAlarm(
  input: PutCompositeAlarmInput,
  ctx: RequestContext,
  changes: AlarmStateChanges,
): Promise<Transition[]> {
  checkTags(input.Tags);
  if (RULE_WHITESPACE.test(input.AlarmRule)) {
    throw new AwsError(
      "ValidationError",
      "AlarmRule must not contain leading or trailing whitespace or be null",
      400,
    );
  }
  const rule = parseAlarmRule(input.AlarmRule);
  const tables = new AlarmTables(ctx.runtime.store, ctx);
  const missing = ruleAlarms(rule).filter((ref) => tables.find(ref) === undefined && ref !== input.AlarmName);
  if (missing.length > 0) {
    throw new AwsError(
      "ValidationError",
      `Could not save the composite alarm as alarms [${missing.join(", ")}] in the alarm rule do not exist`,
      400,
    );
  }
  const suppressorPeriods = [input.ActionsSuppressorWaitPeriod, input.ActionsSuppressorExtensionPeriod];
  if (input.ActionsSuppressor !== undefined && suppressorPeriods.some((p) => p === undefined)) {
    throw new AwsError(
      "ValidationError",
      "ActionsSuppressorWaitPeriod and ActionsSuppressorExtensionPeriod are required when ActionsSuppressor is set.",
      400,
    );
  }
  const existing = tables.alarms.get(input.AlarmName);
  if (existing && existing.kind !== "composite") {
    throw new AwsError(
      "ValidationError",
      `The alarm ${input.AlarmName} already exists as a metric alarm.`,
      400,
    );
  }
  const now = Date.now();
  const record: CompositeAlarmRecord = defined({
    kind: "composite" as const,
    ...base(tables, input, existing, now),
    alarmRule: input.AlarmRule,
    actionsSuppressor: input.ActionsSuppressor,
    actionsSuppressorWaitPeriod: input.ActionsSuppressorWaitPeriod,
    actionsSuppressorExtensionPeriod: input.ActionsSuppressorExtensionPeriod,
  });
  tables.alarms.set(record.name, record);
  recordConfigurationUpdate(tables, record, existing, configurationJson);
  // A composite is evaluated as soon as it is created or updated.
  const transitions: Transition[] = [];
  await changes.evaluateComposite(tables, record.name, now, transitions);
  return transitions;
}
