import type { MetricDataQuery } from "../../fields.ts";
import { javaDouble, longTimestamp, regionName } from "../format.ts";
import type { AlarmRecord, AlarmState, MetricAlarmRecord } from "../model.ts";
import type { AlarmScope } from "../tables.ts";

/**
 * The text CloudWatch sends to email subscribers of an alarm's topic, in place of the JSON
 * other protocols get: what a person reads in the inbox. Laid out as AWS's alarm emails are.
 */
export function alarmEmail(scope: AlarmScope, alarm: AlarmRecord, previous: AlarmState): string {
  const when = longTimestamp(alarm.state.updatedAt);
  const region = regionName(scope.region);
  const lines = [
    `You are receiving this email because your Amazon CloudWatch Alarm "${alarm.name}" in the ${region} region has entered the ${alarm.state.value} state, because "${alarm.state.reason}" at "${when}".`,
    "",
    "Alarm Details:",
    field("Name", alarm.name),
    field("Description", alarm.description ?? ""),
    field("State Change", `${previous.value} -> ${alarm.state.value}`),
    field("Reason for State Change", alarm.state.reason),
    field("Timestamp", when),
    field("AWS Account", scope.accountId),
    field("Alarm Arn", alarm.arn),
    "",
  ];
  if (alarm.kind === "composite") {
    lines.push("Alarm Rule:", `- ${alarm.alarmRule}`, "");
  } else {
    lines.push("Threshold:", `- ${thresholdSentence(alarm)}`, "", ...monitored(alarm), "");
  }
  lines.push(
    "State Change Actions:",
    `- OK: ${actionList(alarm.okActions)}`,
    `- ALARM: ${actionList(alarm.alarmActions)}`,
    `- INSUFFICIENT_DATA: ${actionList(alarm.insufficientDataActions)}`,
  );
  return lines.join("\n");
}

function field(name: string, value: string, width = 28): string {
  return `- ${`${name}:`.padEnd(width)}${value}`;
}

function actionList(actions: readonly string[]): string {
  return actions.length === 0 ? "" : `[${actions.join(", ")}]`;
}

function thresholdSentence(alarm: MetricAlarmRecord): string {
  const threshold =
    alarm.threshold !== undefined ? javaDouble(alarm.threshold) : `the band ${alarm.thresholdMetricId ?? ""}`;
  const period = alarm.period ?? alarm.metrics?.find((m) => m.MetricStat)?.MetricStat?.Period ?? 60;
  const m = alarm.datapointsToAlarm ?? alarm.evaluationPeriods;
  return `The alarm is in the ALARM state when the metric is ${alarm.comparisonOperator} ${threshold} for at least ${m} of the last ${alarm.evaluationPeriods} period(s) of ${period} seconds.`;
}

function monitored(alarm: MetricAlarmRecord): string[] {
  const width = 37;
  const missing = field("TreatMissingData", alarm.treatMissingData ?? "missing", width);
  if (alarm.metrics) {
    return ["Monitored Metrics:", ...alarm.metrics.map(queryLine), missing];
  }
  const dimensions = alarm.dimensions.map((d) => `${d.Name} = ${d.Value}`).join(", ");
  return [
    "Monitored Metric:",
    field("MetricNamespace", alarm.namespace ?? "", width),
    field("MetricName", alarm.metricName ?? "", width),
    field("Dimensions", `[${dimensions}]`, width),
    field("Period", `${alarm.period ?? 60} seconds`, width),
    field("Statistic", alarm.extendedStatistic ?? alarm.statistic ?? "", width),
    field("Unit", alarm.unit ?? "not specified", width),
    missing,
  ];
}

function queryLine(query: MetricDataQuery): string {
  if (query.Expression !== undefined) return `- ${query.Id}: ${query.Expression}`;
  const stat = query.MetricStat;
  const metric = stat ? `${stat.Metric.Namespace ?? ""} ${stat.Metric.MetricName ?? ""}` : "";
  return `- ${query.Id}: ${metric} ${stat?.Stat ?? ""} over ${stat?.Period ?? 60} seconds`.trimEnd();
}
