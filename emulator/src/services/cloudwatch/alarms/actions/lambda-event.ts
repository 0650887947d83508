import { createHash } from "node:crypto";
import type { MetricDataQuery } from "../../fields.ts";
import { awsTimestamp } from "../format.ts";
import type { AlarmRecord, AlarmState, MetricAlarmRecord } from "../model.ts";
import type { AlarmScope } from "../tables.ts";

/**
 * The event a Lambda alarm action receives: source "aws.cloudwatch", the alarm, its new
 * and previous state, and its configuration (metrics in lower camel case, dimensions as
 * a map; a composite alarm's rule and suppressor).
 */

function stateJson(state: AlarmState) {
  return {
    value: state.value,
    reason: state.reason,
    reasonData: state.reasonData,
    timestamp: awsTimestamp(state.updatedAt),
  };
}

function metricQuery(query: MetricDataQuery) {
  const stat = query.MetricStat;
  return {
    id: query.Id,
    expression: query.Expression,
    label: query.Label,
    metricStat: stat && {
      metric: {
        namespace: stat.Metric.Namespace,
        name: stat.Metric.MetricName,
        dimensions: Object.fromEntries((stat.Metric.Dimensions ?? []).map((d) => [d.Name, d.Value])),
      },
      period: stat.Period,
      stat: stat.Stat,
      unit: stat.Unit,
    },
    period: query.Period,
    returnData: query.ReturnData ?? true,
  };
}

/** A single-metric alarm is described as one query whose id AWS makes up: stable per alarm here. */
function singleMetricQuery(alarm: MetricAlarmRecord): MetricDataQuery {
  const hex = createHash("sha256").update(alarm.arn).digest("hex");
  const id = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
  return {
    Id: id,
    MetricStat: {
      Metric: { Namespace: alarm.namespace, MetricName: alarm.metricName, Dimensions: alarm.dimensions },
      Period: alarm.period ?? 60,
      Stat: alarm.statistic ?? alarm.extendedStatistic ?? "Average",
      Unit: alarm.unit,
    },
    ReturnData: true,
  };
}

function configuration(alarm: AlarmRecord) {
  if (alarm.kind === "composite") {
    return {
      description: alarm.description,
      alarmRule: alarm.alarmRule,
      actionsSuppressor: alarm.actionsSuppressor,
      actionsSuppressorWaitPeriod: alarm.actionsSuppressorWaitPeriod,
      actionsSuppressorExtensionPeriod: alarm.actionsSuppressorExtensionPeriod,
    };
  }
  const queries = alarm.metrics ?? [singleMetricQuery(alarm)];
  return { description: alarm.description, metrics: queries.map(metricQuery) };
}

export function alarmLambdaEvent(scope: AlarmScope, alarm: AlarmRecord, previous: AlarmState): string {
  return JSON.stringify({
    source: "aws.cloudwatch",
    alarmArn: alarm.arn,
    accountId: scope.accountId,
    time: awsTimestamp(alarm.state.updatedAt),
    region: scope.region,
    alarmData: {
      alarmName: alarm.name,
      state: stateJson(alarm.state),
      previousState: stateJson(previous),
      configuration: configuration(alarm),
    },
  });
}
