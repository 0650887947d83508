import type { Dimension, MetricDataQuery, StandardUnit } from "../fields.ts";

/**
 * Alarms as the state store keeps them: JSON-plain, times in epoch milliseconds. The
 * API shapes (MetricAlarm, CompositeAlarm) are built from these by describe.ts.
 */

export type StateValue = "OK" | "ALARM" | "INSUFFICIENT_DATA";
export const STATE_VALUES = ["OK", "ALARM", "INSUFFICIENT_DATA"] as const;

export interface AlarmState {
  value: StateValue;
  reason: string;
  /** JSON text, as StateReasonData carries it. */
  reasonData?: string;
  /** StateUpdatedTimestamp: the last change of value or reason. */
  updatedAt: number;
  /** StateTransitionedTimestamp: the last change of value. */
  transitionedAt: number;
}

interface AlarmBase {
  name: string;
  arn: string;
  description?: string;
  actionsEnabled: boolean;
  okActions: string[];
  alarmActions: string[];
  insufficientDataActions: string[];
  configUpdatedAt: number;
  state: AlarmState;
  tags: Array<{ Key: string; Value: string }>;
}

export interface MetricAlarmRecord extends AlarmBase {
  kind: "metric";
  metricName?: string;
  namespace?: string;
  statistic?: string;
  extendedStatistic?: string;
  dimensions: Dimension[];
  period?: number;
  unit?: StandardUnit;
  evaluationPeriods: number;
  datapointsToAlarm?: number;
  threshold?: number;
  comparisonOperator: string;
  treatMissingData?: string;
  evaluateLowSampleCountPercentile?: string;
  /** A metric-math alarm's queries, as PutMetricAlarm took them. */
  metrics?: MetricDataQuery[];
  thresholdMetricId?: string;
  evaluationInterval?: number;
}

export interface CompositeAlarmRecord extends AlarmBase {
  kind: "composite";
  alarmRule: string;
  actionsSuppressor?: string;
  actionsSuppressorWaitPeriod?: number;
  actionsSuppressorExtensionPeriod?: number;
  /** Set while the suppressor held back the actions of the last transition. */
  actionsSuppressedBy?: "WaitPeriod" | "ExtensionPeriod" | "Alarm";
  actionsSuppressedReason?: string;
}

export type AlarmRecord = MetricAlarmRecord | CompositeAlarmRecord;

export type AlarmType = "MetricAlarm" | "CompositeAlarm";
export type HistoryItemType = "ConfigurationUpdate" | "StateUpdate" | "Action";

/** One DescribeAlarmHistory item; kept after the alarm is deleted, as on AWS. */
export interface HistoryRecord {
  alarmName: string;
  alarmType: AlarmType;
  timestamp: number;
  itemType: HistoryItemType;
  summary: string;
  /** JSON text, as HistoryData carries it. */
  data: string;
}

export function alarmTypeOf(alarm: AlarmRecord): AlarmType {
  return alarm.kind === "metric" ? "MetricAlarm" : "CompositeAlarm";
}
