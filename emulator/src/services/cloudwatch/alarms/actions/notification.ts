import type { MetricDataQuery } from "../../fields.ts";
import { awsTimestamp, regionName } from "../format.ts";
import { double, type JavaJson, javaJson } from "../java-json.ts";
import type { AlarmRecord, AlarmState, CompositeAlarmRecord, MetricAlarmRecord } from "../model.ts";
import type { AlarmScope } from "../tables.ts";
import { alarmEmail } from "./alarm-email.ts";

/**
 * The message CloudWatch publishes to an SNS topic when an alarm changes state, field for
 * field and in AWS's order: dimensions as {value, name}, the statistic upper-cased, doubles
 * as Java writes them, and a composite alarm's rule and triggering children in place of
 * the Trigger.
 */

export interface Notification {
  subject: string;
  /** The JSON every protocol but email gets. */
  message: string;
  /** The text email subscribers get instead. */
  email: string;
}

/** Who set the composite's state off, for its TriggeringChildren. */
export interface TriggeringChild {
  arn: string;
  value: string;
  timestamp: number;
}

function dimensionsJson(dimensions: MetricAlarmRecord["dimensions"]): JavaJson {
  return dimensions.map((d) => ({ value: d.Value, name: d.Name }));
}

function metricQueryJson(query: MetricDataQuery): JavaJson {
  const stat = query.MetricStat;
  return {
    Expression: query.Expression,
    Id: query.Id,
    Label: query.Label,
    MetricStat: stat && {
      Metric: {
        Dimensions: dimensionsJson(stat.Metric.Dimensions ?? []),
        MetricName: stat.Metric.MetricName,
        Namespace: stat.Metric.Namespace,
      },
      Period: stat.Period,
      Stat: stat.Stat,
      Unit: stat.Unit,
    },
    Period: query.Period,
    ReturnData: query.ReturnData ?? true,
  };
}

function triggerJson(alarm: MetricAlarmRecord): JavaJson {
  const common = {
    EvaluationPeriods: alarm.evaluationPeriods,
    DatapointsToAlarm: alarm.datapointsToAlarm,
    ComparisonOperator: alarm.comparisonOperator,
    Threshold: alarm.threshold !== undefined ? double(alarm.threshold) : undefined,
    ThresholdMetricId: alarm.thresholdMetricId,
    TreatMissingData: alarm.treatMissingData ?? "",
    EvaluateLowSampleCountPercentile: alarm.evaluateLowSampleCountPercentile ?? "",
  };
  if (alarm.metrics) {
    const period = alarm.metrics.find((m) => m.MetricStat)?.MetricStat?.Period;
    return { Period: period, ...common, Metrics: alarm.metrics.map(metricQueryJson) };
  }
  const extended = alarm.extendedStatistic !== undefined;
  return {
    MetricName: alarm.metricName,
    Namespace: alarm.namespace,
    StatisticType: extended ? "ExtendedStatistic" : "Statistic",
    Statistic: extended ? undefined : (alarm.statistic ?? "").toUpperCase(),
    ExtendedStatistic: alarm.extendedStatistic,
    Unit: alarm.unit ?? null,
    Dimensions: dimensionsJson(alarm.dimensions),
    Period: alarm.period,
    ...common,
  };
}

function compositeJson(alarm: CompositeAlarmRecord, children: TriggeringChild[]): JavaJson {
  return {
    AlarmRule: alarm.alarmRule,
    TriggeringChildren: children.map((c) => ({
      Arn: c.arn,
      State: { Value: c.value, Timestamp: awsTimestamp(c.timestamp) },
    })),
  };
}

export function alarmNotification(
  scope: AlarmScope,
  alarm: AlarmRecord,
  previous: AlarmState,
  children: TriggeringChild[],
): Notification {
  const region = regionName(scope.region);
  const head: Record<string, JavaJson> = {
    AlarmName: alarm.name,
    AlarmDescription: alarm.description ?? null,
    AWSAccountId: scope.accountId,
    AlarmConfigurationUpdatedTimestamp: awsTimestamp(alarm.configUpdatedAt),
    NewStateValue: alarm.state.value,
    NewStateReason: alarm.state.reason,
    StateChangeTime: awsTimestamp(alarm.state.updatedAt),
    Region: region,
    AlarmArn: alarm.arn,
    OldStateValue: previous.value,
    OKActions: alarm.okActions,
    AlarmActions: alarm.alarmActions,
    InsufficientDataActions: alarm.insufficientDataActions,
  };
  const tail = alarm.kind === "metric" ? { Trigger: triggerJson(alarm) } : compositeJson(alarm, children);
  return {
    subject: `${alarm.state.value}: "${alarm.name}" in ${region}`,
    message: javaJson({ ...head, ...(tail as Record<string, JavaJson>) }),
    email: alarmEmail(scope, alarm, previous),
  };
}
