import {
  type CloudWatchClient,
  DescribeAlarmHistoryCommand,
  DescribeAlarmsCommand,
  type Dimension,
  type MetricAlarm,
  type MetricDataQuery,
  SetAlarmStateCommand,
} from "@aws-sdk/client-cloudwatch";
import {
  ALARM_STATES,
  type Alarm,
  type AlarmHistoryPage,
  type AlarmHistoryQuery,
  type AlarmState,
  type Alarms,
  InvalidNextTokenError,
  type MetricQuery,
  type MetricRef,
} from "./alarms.repository.ts";

/** DescribeAlarms' largest page. */
const ALARMS_PER_CALL = 100;

/** DescribeAlarms (every page), DescribeAlarmHistory and SetAlarmState. */
export class CloudWatchAlarms implements Alarms {
  readonly #cloudwatch: CloudWatchClient;

  constructor(cloudwatch: CloudWatchClient) {
    this.#cloudwatch = cloudwatch;
  }

  async describe(prefix: string): Promise<Alarm[]> {
    const alarms: Alarm[] = [];
    let nextToken: string | undefined;
    do {
      const page = await this.#cloudwatch.send(
        new DescribeAlarmsCommand({
          AlarmNamePrefix: prefix,
          AlarmTypes: ["MetricAlarm"],
          MaxRecords: ALARMS_PER_CALL,
          NextToken: nextToken,
        }),
      );
      alarms.push(...(page.MetricAlarms ?? []).map(toAlarm));
      nextToken = page.NextToken;
    } while (nextToken);
    return alarms.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  async history(query: AlarmHistoryQuery): Promise<AlarmHistoryPage> {
    try {
      const page = await this.#cloudwatch.send(
        new DescribeAlarmHistoryCommand({
          AlarmName: query.alarmName,
          HistoryItemType: query.stateUpdatesOnly ? "StateUpdate" : undefined,
          StartDate: query.since,
          MaxRecords: query.limit,
          NextToken: query.nextToken,
          ScanBy: "TimestampDescending",
        }),
      );
      return {
        items: (page.AlarmHistoryItems ?? []).map((item) => ({
          alarmName: item.AlarmName ?? "",
          timestamp: (item.Timestamp ?? new Date(0)).toISOString(),
          type: item.HistoryItemType ?? "",
          summary: item.HistorySummary ?? "",
          data: item.HistoryData ?? null,
        })),
        ...(page.NextToken ? { nextToken: page.NextToken } : {}),
      };
    } catch (error) {
      if ((error as Error).name === "InvalidNextToken")
        throw new InvalidNextTokenError((error as Error).message);
      throw error;
    }
  }

  async setState(name: string, state: AlarmState, reason: string): Promise<"set" | "not-found"> {
    try {
      await this.#cloudwatch.send(
        new SetAlarmStateCommand({ AlarmName: name, StateValue: state, StateReason: reason }),
      );
      return "set";
    } catch (error) {
      if ((error as Error).name === "ResourceNotFound") return "not-found";
      throw error;
    }
  }
}

function dimensions(list: Dimension[] | undefined): Record<string, string> {
  return Object.fromEntries((list ?? []).map((d) => [d.Name ?? "", d.Value ?? ""]));
}

function metricQuery(query: MetricDataQuery): MetricQuery {
  const stat = query.MetricStat;
  return {
    id: query.Id ?? "",
    expression: query.Expression ?? null,
    label: query.Label ?? null,
    returnData: query.ReturnData ?? true,
    metric: stat
      ? {
          namespace: stat.Metric?.Namespace ?? "",
          name: stat.Metric?.MetricName ?? "",
          dimensions: dimensions(stat.Metric?.Dimensions),
          stat: stat.Stat ?? "",
          period: stat.Period ?? 0,
        }
      : null,
  };
}

function state(value: string | undefined): AlarmState {
  return (ALARM_STATES as readonly string[]).includes(value ?? "")
    ? (value as AlarmState)
    : "INSUFFICIENT_DATA";
}

function toAlarm(alarm: MetricAlarm): Alarm {
  const metric: MetricRef | null =
    alarm.MetricName !== undefined
      ? { namespace: alarm.Namespace ?? "", name: alarm.MetricName, dimensions: dimensions(alarm.Dimensions) }
      : null;
  return {
    name: alarm.AlarmName ?? "",
    arn: alarm.AlarmArn ?? "",
    description: alarm.AlarmDescription ?? null,
    state: state(alarm.StateValue),
    reason: alarm.StateReason ?? "",
    updatedAt: (
      alarm.StateUpdatedTimestamp ??
      alarm.AlarmConfigurationUpdatedTimestamp ??
      new Date(0)
    ).toISOString(),
    threshold: alarm.Threshold ?? null,
    comparison: alarm.ComparisonOperator ?? "",
    evaluationPeriods: alarm.EvaluationPeriods ?? 1,
    datapointsToAlarm: alarm.DatapointsToAlarm ?? null,
    period: alarm.Period ?? null,
    statistic: alarm.Statistic ?? null,
    extendedStatistic: alarm.ExtendedStatistic ?? null,
    unit: alarm.Unit ?? null,
    metric,
    metrics: (alarm.Metrics ?? []).map(metricQuery),
    treatMissingData: alarm.TreatMissingData ?? null,
    actionsEnabled: alarm.ActionsEnabled ?? true,
    actions: {
      alarm: alarm.AlarmActions ?? [],
      ok: alarm.OKActions ?? [],
      insufficientData: alarm.InsufficientDataActions ?? [],
    },
  };
}
