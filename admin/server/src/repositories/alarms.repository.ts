/** CloudWatch's three alarm states. */
export const ALARM_STATES = ["OK", "ALARM", "INSUFFICIENT_DATA"] as const;
export type AlarmState = (typeof ALARM_STATES)[number];

/** A metric, as an alarm names it. */
export interface MetricRef {
  namespace: string;
  name: string;
  dimensions: Record<string, string>;
}

/** One line of a metric-math alarm: a metric with its statistic, or an expression over the others. */
export interface MetricQuery {
  id: string;
  expression: string | null;
  label: string | null;
  returnData: boolean;
  metric: (MetricRef & { stat: string; period: number }) | null;
}

/** A metric alarm, as DescribeAlarms describes it. */
export interface Alarm {
  name: string;
  arn: string;
  description: string | null;
  state: AlarmState;
  reason: string;
  /** When the state last changed (ISO 8601). */
  updatedAt: string;
  threshold: number | null;
  comparison: string;
  evaluationPeriods: number;
  datapointsToAlarm: number | null;
  /** Seconds; null for metric-math alarms, whose lines carry their own. */
  period: number | null;
  statistic: string | null;
  extendedStatistic: string | null;
  unit: string | null;
  /** The one metric watched, or null when the alarm evaluates `metrics` (metric math). */
  metric: MetricRef | null;
  metrics: MetricQuery[];
  treatMissingData: string | null;
  actionsEnabled: boolean;
  actions: { alarm: string[]; ok: string[]; insufficientData: string[] };
}

/** One item of an alarm's history; `data` is CloudWatch's JSON (for a state update: old and new state). */
export interface AlarmHistoryEntry {
  alarmName: string;
  timestamp: string;
  type: string;
  summary: string;
  data: string | null;
}

export interface AlarmHistoryQuery {
  /** One alarm; otherwise every alarm of the account and region (CloudWatch filters no prefix). */
  alarmName?: string;
  /** Only state changes (HistoryItemType StateUpdate). */
  stateUpdatesOnly?: boolean;
  /** Items at or after this time. */
  since?: Date;
  /** 1 to 100 (DescribeAlarmHistory's MaxRecords). */
  limit: number;
  nextToken?: string;
}

export interface AlarmHistoryPage {
  /** Newest first. */
  items: AlarmHistoryEntry[];
  nextToken?: string;
}

/** CloudWatch refused a NextToken (expired, or not its own): the client's cursor, a 400. */
export class InvalidNextTokenError extends Error {
  override readonly name = "InvalidNextTokenError";
}

/** The alarms of the target's CloudWatch. */
export interface Alarms {
  /** Every metric alarm whose name starts with `prefix`, all pages, by name. */
  describe(prefix: string): Promise<Alarm[]>;
  history(query: AlarmHistoryQuery): Promise<AlarmHistoryPage>;
  /** SetAlarmState: the state holds until the next evaluation; "not-found" when there is no such alarm. */
  setState(name: string, state: AlarmState, reason: string): Promise<"set" | "not-found">;
}
