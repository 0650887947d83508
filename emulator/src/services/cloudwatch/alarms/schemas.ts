import { z } from "zod";
import {
  actionArn,
  alarmName,
  bool,
  dimensions,
  double,
  integer,
  list,
  metricDataQueries,
  metricName,
  namespace,
  nextToken,
  oneOf,
  standardUnit,
  tags,
  text,
  timestamp,
} from "../fields.ts";

/** Input schemas of the alarm operations, with the constraints of CloudWatch's model. */

/** AWS lists these enum values in this order in its validation messages. */
export const stateValue = oneOf(["INSUFFICIENT_DATA", "ALARM", "OK"]);
export const statistic = oneOf(["Maximum", "SampleCount", "Sum", "Minimum", "Average"]);
export const comparisonOperator = oneOf([
  "GreaterThanOrEqualToThreshold",
  "GreaterThanThreshold",
  "LessThanThreshold",
  "LessThanOrEqualToThreshold",
  "LessThanLowerOrGreaterThanUpperThreshold",
  "LessThanLowerThreshold",
  "GreaterThanUpperThreshold",
]);
const alarmType = oneOf(["CompositeAlarm", "MetricAlarm"]);
const actions = list(actionArn, 5);
const alarmNames = list(alarmName, 100);
const maxRecords = integer(1, 100);

export const putMetricAlarm = z.object({
  AlarmName: alarmName,
  AlarmDescription: text({ min: 0, max: 1024 }).optional(),
  ActionsEnabled: bool.optional(),
  OKActions: actions.optional(),
  AlarmActions: actions.optional(),
  InsufficientDataActions: actions.optional(),
  MetricName: metricName.optional(),
  Namespace: namespace.optional(),
  Statistic: statistic.optional(),
  ExtendedStatistic: text().optional(),
  Dimensions: dimensions.optional(),
  Period: integer(1).optional(),
  Unit: standardUnit.optional(),
  EvaluationPeriods: integer(1),
  DatapointsToAlarm: integer(1).optional(),
  Threshold: double.optional(),
  ComparisonOperator: comparisonOperator,
  TreatMissingData: text({ min: 1, max: 255 }).optional(),
  EvaluateLowSampleCountPercentile: text({ min: 1, max: 255 }).optional(),
  Metrics: metricDataQueries.optional(),
  Tags: tags.optional(),
  ThresholdMetricId: text({ min: 1, max: 255 }).optional(),
  EvaluationInterval: integer(10, 3600).optional(),
});
export type PutMetricAlarmInput = z.infer<typeof putMetricAlarm>;

export const putCompositeAlarm = z.object({
  AlarmName: alarmName,
  AlarmRule: text({ min: 1, max: 10240 }),
  AlarmDescription: text({ min: 0, max: 1024 }).optional(),
  ActionsEnabled: bool.optional(),
  AlarmActions: actions.optional(),
  OKActions: actions.optional(),
  InsufficientDataActions: actions.optional(),
  Tags: tags.optional(),
  ActionsSuppressor: text({ min: 1, max: 1600 }).optional(),
  ActionsSuppressorWaitPeriod: integer().optional(),
  ActionsSuppressorExtensionPeriod: integer().optional(),
});
export type PutCompositeAlarmInput = z.infer<typeof putCompositeAlarm>;

export const describeAlarms = z.object({
  AlarmNames: alarmNames.optional(),
  AlarmNamePrefix: text({ min: 1, max: 255 }).optional(),
  AlarmTypes: list(alarmType).optional(),
  ChildrenOfAlarmName: alarmName.optional(),
  ParentsOfAlarmName: alarmName.optional(),
  StateValue: stateValue.optional(),
  ActionPrefix: text({ min: 1, max: 1024 }).optional(),
  MaxRecords: maxRecords.optional(),
  NextToken: nextToken.optional(),
});
export type DescribeAlarmsInput = z.infer<typeof describeAlarms>;

export const describeAlarmsForMetric = z.object({
  MetricName: metricName,
  Namespace: namespace,
  Statistic: statistic.optional(),
  ExtendedStatistic: text().optional(),
  Dimensions: dimensions.optional(),
  Period: integer(1).optional(),
  Unit: standardUnit.optional(),
});
export type DescribeAlarmsForMetricInput = z.infer<typeof describeAlarmsForMetric>;

export const alarmNameList = z.object({ AlarmNames: alarmNames });

export const setAlarmState = z.object({
  AlarmName: alarmName,
  StateValue: stateValue,
  StateReason: text({ min: 0, max: 1023 }),
  StateReasonData: text({ min: 0, max: 4000 }).optional(),
});
export type SetAlarmStateInput = z.infer<typeof setAlarmState>;

export const describeAlarmHistory = z.object({
  AlarmName: alarmName.optional(),
  AlarmContributorId: text({ min: 1, max: 16 }).optional(),
  AlarmTypes: list(alarmType).optional(),
  HistoryItemType: oneOf([
    "ConfigurationUpdate",
    "StateUpdate",
    "Action",
    "AlarmContributorStateUpdate",
    "AlarmContributorAction",
  ]).optional(),
  StartDate: timestamp.optional(),
  EndDate: timestamp.optional(),
  MaxRecords: maxRecords.optional(),
  NextToken: nextToken.optional(),
  ScanBy: oneOf(["TimestampDescending", "TimestampAscending"]).optional(),
});
export type DescribeAlarmHistoryInput = z.infer<typeof describeAlarmHistory>;
