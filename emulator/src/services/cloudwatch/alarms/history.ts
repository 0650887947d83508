import type { RequestContext } from "../../../gateway/context.ts";
import { AwsError } from "../../../protocol/aws-error.ts";
import { type JavaJson, javaJson, RawJson } from "./java-json.ts";
import { type AlarmRecord, type AlarmState, alarmTypeOf, type HistoryRecord } from "./model.ts";
import { readToken, writeToken } from "./paging.ts";
import type { DescribeAlarmHistoryInput } from "./schemas.ts";
import { AlarmTables } from "./tables.ts";

/** Writes the history items AWS writes: configuration updates, state updates and actions. */

function stateJson(state: AlarmState): JavaJson {
  return {
    stateValue: state.value,
    stateReason: state.reason,
    stateReasonData: state.reasonData !== undefined ? new RawJson(state.reasonData) : undefined,
  };
}

export function recordStateUpdate(
  tables: AlarmTables,
  alarm: AlarmRecord,
  previous: AlarmState,
  at: number,
): void {
  tables.addHistory({
    alarmName: alarm.name,
    alarmType: alarmTypeOf(alarm),
    timestamp: at,
    itemType: "StateUpdate",
    summary: `Alarm updated from ${previous.value} to ${alarm.state.value}`,
    data: javaJson({ version: "1.0", oldState: stateJson(previous), newState: stateJson(alarm.state) }),
  });
}

export function recordConfigurationUpdate(
  tables: AlarmTables,
  alarm: AlarmRecord,
  previous: AlarmRecord | undefined,
  configuration: (a: AlarmRecord) => JavaJson,
): void {
  const created = previous === undefined;
  tables.addHistory({
    alarmName: alarm.name,
    alarmType: alarmTypeOf(alarm),
    timestamp: alarm.configUpdatedAt,
    itemType: "ConfigurationUpdate",
    summary: `Alarm "${alarm.name}" ${created ? "created" : "updated"}`,
    data: javaJson(
      created
        ? { version: "1.0", type: "Create", createdAlarm: configuration(alarm) }
        : {
            version: "1.0",
            type: "Update",
            updatedAlarm: configuration(alarm),
            originalUpdatedAlarm: configuration(previous),
          },
    ),
  });
}

export function recordAction(
  tables: AlarmTables,
  alarm: AlarmRecord,
  action: string,
  at: number,
  outcome: { error?: string; published?: string },
): void {
  const failed = outcome.error !== undefined;
  tables.addHistory({
    alarmName: alarm.name,
    alarmType: alarmTypeOf(alarm),
    timestamp: at,
    itemType: "Action",
    summary: failed
      ? `Failed to execute action ${action}. Received error: "${outcome.error}"`
      : `Successfully executed action ${action}`,
    data: javaJson({
      actionState: failed ? "Failed" : "Succeeded",
      stateUpdateTimestamp: alarm.state.updatedAt,
      notificationResource: action,
      publishedMessage: outcome.published,
      error: outcome.error,
    }),
  });
}

/** Dates AWS accepts are compared as instants; history times are kept in milliseconds. */
export function describeAlarmHistory(input: DescribeAlarmHistoryInput, ctx: RequestContext) {
  const tables = new AlarmTables(ctx.runtime.store, ctx);
  const types = input.AlarmTypes && input.AlarmTypes.length > 0 ? input.AlarmTypes : ["MetricAlarm"];
  const start = input.StartDate?.getTime() ?? Number.NEGATIVE_INFINITY;
  const end = input.EndDate?.getTime() ?? Number.POSITIVE_INFINITY;
  if (start > end) {
    throw new AwsError("InvalidParameterValue", "StartDate must be before EndDate.", 400);
  }
  tables.pruneHistory(Date.now());
  // Newest first by default; the keys are in time order.
  let items: HistoryRecord[] = [...tables.history.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([, item]) => item)
    .filter(
      (item) =>
        (input.AlarmName === undefined || item.alarmName === input.AlarmName) &&
        // Naming an alarm returns its history whatever its type.
        (input.AlarmName !== undefined || types.includes(item.alarmType)) &&
        (input.HistoryItemType === undefined || item.itemType === input.HistoryItemType) &&
        item.timestamp >= start &&
        item.timestamp <= end,
    );
  if (input.ScanBy !== "TimestampAscending") items = items.reverse();
  const offset = input.NextToken !== undefined ? readToken(input.NextToken) : 0;
  const max = input.MaxRecords ?? 100;
  const page = items.slice(offset, offset + max);
  return {
    AlarmHistoryItems: page.map((item) => ({
      AlarmName: item.alarmName,
      AlarmType: item.alarmType,
      Timestamp: new Date(item.timestamp),
      HistoryItemType: item.itemType,
      HistorySummary: item.summary,
      HistoryData: item.data,
    })),
    NextToken: offset + max < items.length ? writeToken(offset + max) : undefined,
  };
}
