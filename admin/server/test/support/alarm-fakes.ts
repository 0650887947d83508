import {
  type Alarm,
  type AlarmHistoryEntry,
  type AlarmHistoryPage,
  type AlarmHistoryQuery,
  type AlarmState,
  type Alarms,
  InvalidNextTokenError,
} from "../../src/repositories/alarms.repository.ts";
import type { AlertInbox, InboxNotification } from "../../src/repositories/alert-inbox.repository.ts";

/** A metric alarm as DescribeAlarms would describe the stack's, with the fields a test cares about. */
export function alarmNamed(name: string, overrides: Partial<Alarm> = {}): Alarm {
  return {
    name,
    arn: `arn:aws:cloudwatch:us-east-1:000000000000:alarm:${name}`,
    description: `the ${name} alarm`,
    state: "OK",
    reason: "Threshold Crossed: no datapoints were received",
    updatedAt: "2025-03-01T00:00:00.000Z",
    threshold: 5,
    comparison: "GreaterThanOrEqualToThreshold",
    evaluationPeriods: 1,
    datapointsToAlarm: null,
    period: 300,
    statistic: "Sum",
    extendedStatistic: null,
    unit: null,
    metric: { namespace: "AWS/Lambda", name: "Errors", dimensions: { FunctionName: "darkroom-processor" } },
    metrics: [],
    treatMissingData: "notBreaching",
    actionsEnabled: true,
    actions: {
      alarm: ["arn:aws:sns:us-east-1:000000000000:darkroom-critical-alerts"],
      ok: ["arn:aws:sns:us-east-1:000000000000:darkroom-critical-alerts"],
      insufficientData: [],
    },
    ...overrides,
  };
}

/** A StateUpdate history item, with CloudWatch's HistoryData. */
export function stateUpdate(
  alarmName: string,
  from: AlarmState,
  to: AlarmState,
  at: string,
): AlarmHistoryEntry {
  return {
    alarmName,
    timestamp: at,
    type: "StateUpdate",
    summary: `Alarm updated from ${from} to ${to}`,
    data: JSON.stringify({
      version: "1.0",
      oldState: { stateValue: from, stateReason: "before" },
      newState: { stateValue: to, stateReason: `went ${to}` },
    }),
  };
}

/**
 * CloudWatch's alarms in memory: DescribeAlarms by prefix, the history newest first with offset
 * tokens (as opaque to callers as AWS's), and SetAlarmState recording its StateUpdate as AWS does.
 */
export class FakeAlarms implements Alarms {
  readonly alarms = new Map<string, Alarm>();
  /** Every alarm's history, any order; read newest first. */
  readonly entries: AlarmHistoryEntry[] = [];
  readonly historyQueries: AlarmHistoryQuery[] = [];

  add(...alarms: Alarm[]): void {
    for (const alarm of alarms) this.alarms.set(alarm.name, alarm);
  }

  async describe(prefix: string): Promise<Alarm[]> {
    return [...this.alarms.values()]
      .filter((a) => a.name.startsWith(prefix))
      .sort((a, b) => a.name.localeCompare(b.name));
  }

  async history(query: AlarmHistoryQuery): Promise<AlarmHistoryPage> {
    this.historyQueries.push(query);
    const offset = query.nextToken === undefined ? 0 : Number(query.nextToken.replace(/^token-/, ""));
    if (!Number.isInteger(offset)) throw new InvalidNextTokenError("The service cannot find the token");
    const matching = this.entries
      .filter((e) => query.alarmName === undefined || e.alarmName === query.alarmName)
      .filter((e) => !query.stateUpdatesOnly || e.type === "StateUpdate")
      .filter((e) => query.since === undefined || Date.parse(e.timestamp) >= query.since.getTime())
      .sort((a, b) => (a.timestamp < b.timestamp ? 1 : a.timestamp > b.timestamp ? -1 : 0));
    const items = matching.slice(offset, offset + query.limit);
    return {
      items,
      ...(offset + query.limit < matching.length ? { nextToken: `token-${offset + query.limit}` } : {}),
    };
  }

  async setState(
    name: string,
    state: AlarmState,
    reason: string,
    at = new Date(),
  ): Promise<"set" | "not-found"> {
    const alarm = this.alarms.get(name);
    if (alarm === undefined) return "not-found";
    this.alarms.set(name, { ...alarm, state, reason, updatedAt: at.toISOString() });
    if (alarm.state !== state) this.entries.push(stateUpdate(name, alarm.state, state, at.toISOString()));
    return "set";
  }
}

/** The emulator's inbox, as the alert topics' deliveries: oldest first, `since` inclusive. */
export class FakeAlertInbox implements AlertInbox {
  readonly delivered: InboxNotification[] = [];

  async notifications(since?: number): Promise<InboxNotification[]> {
    return this.delivered
      .filter((n) => since === undefined || Date.parse(n.timestamp) >= since)
      .sort((a, b) => (a.timestamp < b.timestamp ? -1 : a.timestamp > b.timestamp ? 1 : 0));
  }
}
