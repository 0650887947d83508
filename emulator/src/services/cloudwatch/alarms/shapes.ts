import { awsTimestamp } from "./format.ts";
import { double, type JavaJson } from "./java-json.ts";
import type { AlarmRecord, CompositeAlarmRecord, MetricAlarmRecord } from "./model.ts";

/** The API's MetricAlarm and CompositeAlarm, and the alarm as history's HistoryData writes it. */

function common(alarm: AlarmRecord) {
  return {
    AlarmName: alarm.name,
    AlarmArn: alarm.arn,
    AlarmDescription: alarm.description,
    AlarmConfigurationUpdatedTimestamp: new Date(alarm.configUpdatedAt),
    ActionsEnabled: alarm.actionsEnabled,
    OKActions: alarm.okActions,
    AlarmActions: alarm.alarmActions,
    InsufficientDataActions: alarm.insufficientDataActions,
    StateValue: alarm.state.value,
    StateReason: alarm.state.reason,
    StateReasonData: alarm.state.reasonData,
    StateUpdatedTimestamp: new Date(alarm.state.updatedAt),
  };
}

export function metricAlarmShape(alarm: MetricAlarmRecord) {
  return {
    ...common(alarm),
    MetricName: alarm.metricName,
    Namespace: alarm.namespace,
    Statistic: alarm.statistic,
    ExtendedStatistic: alarm.extendedStatistic,
    Dimensions: alarm.metrics ? undefined : alarm.dimensions,
    Period: alarm.period,
    Unit: alarm.unit,
    EvaluationPeriods: alarm.evaluationPeriods,
    DatapointsToAlarm: alarm.datapointsToAlarm,
    Threshold: alarm.threshold,
    ComparisonOperator: alarm.comparisonOperator,
    TreatMissingData: alarm.treatMissingData,
    EvaluateLowSampleCountPercentile: alarm.evaluateLowSampleCountPercentile,
    Metrics: alarm.metrics,
    ThresholdMetricId: alarm.thresholdMetricId,
    StateTransitionedTimestamp: new Date(alarm.state.transitionedAt),
    EvaluationInterval: alarm.evaluationInterval,
  };
}

export function compositeAlarmShape(alarm: CompositeAlarmRecord) {
  return {
    ...common(alarm),
    AlarmRule: alarm.alarmRule,
    StateTransitionedTimestamp: new Date(alarm.state.transitionedAt),
    ActionsSuppressedBy: alarm.actionsSuppressedBy,
    ActionsSuppressedReason: alarm.actionsSuppressedReason,
    ActionsSuppressor: alarm.actionsSuppressor,
    ActionsSuppressorWaitPeriod: alarm.actionsSuppressorWaitPeriod,
    ActionsSuppressorExtensionPeriod: alarm.actionsSuppressorExtensionPeriod,
  };
}

/** Only these four, when DescribeAlarms lists children or parents. */
export function alarmSummaryShape(alarm: AlarmRecord) {
  return {
    AlarmName: alarm.name,
    AlarmArn: alarm.arn,
    StateValue: alarm.state.value,
    StateUpdatedTimestamp: new Date(alarm.state.updatedAt),
  };
}

/** The alarm inside a ConfigurationUpdate item: lower camel case, "okactions" as AWS spells it. */
export function configurationJson(alarm: AlarmRecord): JavaJson {
  const head: Record<string, JavaJson | undefined> = {
    alarmName: alarm.name,
    alarmDescription: alarm.description,
    alarmArn: alarm.arn,
    alarmConfigurationUpdatedTimestamp: awsTimestamp(alarm.configUpdatedAt),
  };
  const body: Record<string, JavaJson | undefined> =
    alarm.kind === "composite"
      ? { alarmRule: alarm.alarmRule }
      : {
          namespace: alarm.namespace,
          metricName: alarm.metricName,
          statistic: alarm.statistic,
          extendedStatistic: alarm.extendedStatistic,
          period: alarm.period,
          unit: alarm.unit,
          dimensions: alarm.metrics
            ? undefined
            : alarm.dimensions.map((d) => ({ value: d.Value, name: d.Name })),
          threshold: alarm.threshold !== undefined ? double(alarm.threshold) : undefined,
          thresholdMetricId: alarm.thresholdMetricId,
          comparisonOperator: alarm.comparisonOperator,
          evaluationPeriods: alarm.evaluationPeriods,
          datapointsToAlarm: alarm.datapointsToAlarm,
          treatMissingData: alarm.treatMissingData,
          evaluateLowSampleCountPercentile: alarm.evaluateLowSampleCountPercentile,
        };
  return {
    ...head,
    ...body,
    stateValue: alarm.state.value,
    stateUpdatedTimestamp: awsTimestamp(alarm.state.updatedAt),
    actionsEnabled: alarm.actionsEnabled,
    alarmActions: alarm.alarmActions,
    insufficientDataActions: alarm.insufficientDataActions,
    okactions: alarm.okActions,
  };
}
