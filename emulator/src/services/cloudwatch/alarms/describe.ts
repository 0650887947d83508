import type { RequestContext } from "../../../gateway/context.ts";
import { AwsError } from "../../../protocol/aws-error.ts";
import { parseAlarmRule, ruleAlarms } from "./alarm-rule.ts";
import { namesAlarm } from "./composite-state.ts";
import type { AlarmRecord, CompositeAlarmRecord, MetricAlarmRecord } from "./model.ts";
import { readToken, writeToken } from "./paging.ts";
import type { DescribeAlarmsForMetricInput, DescribeAlarmsInput } from "./schemas.ts";
import { alarmSummaryShape, compositeAlarmShape, metricAlarmShape } from "./shapes.ts";
import { AlarmTables } from "./tables.ts";

/** DescribeAlarms and DescribeAlarmsForMetric. Alarms list in name order, metric alarms first. */

const DEFAULT_MAX_RECORDS = 50;

function byName(a: AlarmRecord, b: AlarmRecord): number {
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

function page<T>(items: T[], input: { MaxRecords?: number; NextToken?: string }) {
  const offset = input.NextToken !== undefined ? readToken(input.NextToken) : 0;
  const max = input.MaxRecords ?? DEFAULT_MAX_RECORDS;
  return {
    items: items.slice(offset, offset + max),
    nextToken: offset + max < items.length ? writeToken(offset + max) : undefined,
  };
}

function split(alarms: AlarmRecord[]) {
  return {
    MetricAlarms: alarms.filter((a): a is MetricAlarmRecord => a.kind === "metric"),
    CompositeAlarms: alarms.filter((a): a is CompositeAlarmRecord => a.kind === "composite"),
  };
}

/** ChildrenOfAlarmName and ParentsOfAlarmName: related alarms of both kinds, four fields each. */
function relatives(tables: AlarmTables, input: DescribeAlarmsInput) {
  const others = [
    input.AlarmNames?.length ? "AlarmNames" : undefined,
    input.AlarmNamePrefix,
    input.AlarmTypes?.length ? "AlarmTypes" : undefined,
    input.StateValue,
    input.ActionPrefix,
    input.ChildrenOfAlarmName !== undefined && input.ParentsOfAlarmName !== undefined ? "both" : undefined,
  ];
  if (others.some((v) => v !== undefined)) {
    throw new AwsError(
      "ValidationError",
      "ChildrenOfAlarmName and ParentsOfAlarmName cannot be combined with any other parameter except MaxRecords and NextToken.",
      400,
    );
  }
  let related: AlarmRecord[] = [];
  if (input.ChildrenOfAlarmName !== undefined) {
    const parent = tables.alarms.get(input.ChildrenOfAlarmName);
    if (parent?.kind === "composite") {
      related = ruleAlarms(parseAlarmRule(parent.alarmRule))
        .map((ref) => tables.find(ref))
        .filter((a): a is AlarmRecord => a !== undefined);
    }
  } else {
    const child = tables.alarms.get(input.ParentsOfAlarmName!);
    if (child) {
      related = [...tables.alarms.values()].filter(
        (a): a is CompositeAlarmRecord => a.kind === "composite" && namesAlarm(tables, a, child),
      );
    }
  }
  const { items, nextToken } = page(related.sort(byName), input);
  const { MetricAlarms, CompositeAlarms } = split(items);
  return {
    MetricAlarms: MetricAlarms.map(alarmSummaryShape),
    CompositeAlarms: CompositeAlarms.map(alarmSummaryShape),
    NextToken: nextToken,
  };
}

export function describeAlarms(input: DescribeAlarmsInput, ctx: RequestContext) {
  const tables = new AlarmTables(ctx.runtime.store, ctx);
  if (input.ChildrenOfAlarmName !== undefined || input.ParentsOfAlarmName !== undefined) {
    return relatives(tables, input);
  }
  if (input.AlarmNames?.length && input.AlarmNamePrefix !== undefined) {
    throw new AwsError(
      "ValidationError",
      "AlarmNames and AlarmNamePrefix cannot be specified together.",
      400,
    );
  }
  const types = input.AlarmTypes?.length ? input.AlarmTypes : ["MetricAlarm"];
  const names = input.AlarmNames?.length ? new Set(input.AlarmNames) : undefined;
  const prefix = input.ActionPrefix;
  const matching = [...tables.alarms.values()].filter(
    (a) =>
      types.includes(a.kind === "metric" ? "MetricAlarm" : "CompositeAlarm") &&
      (names === undefined || names.has(a.name)) &&
      (input.AlarmNamePrefix === undefined || a.name.startsWith(input.AlarmNamePrefix)) &&
      (input.StateValue === undefined || a.state.value === input.StateValue) &&
      (prefix === undefined ||
        [...a.okActions, ...a.alarmActions, ...a.insufficientDataActions].some((x) => x.startsWith(prefix))),
  );
  const ordered = [
    ...matching.filter((a) => a.kind === "metric").sort(byName),
    ...matching.filter((a) => a.kind === "composite").sort(byName),
  ];
  const { items, nextToken } = page(ordered, input);
  const { MetricAlarms, CompositeAlarms } = split(items);
  return {
    MetricAlarms: MetricAlarms.map(metricAlarmShape),
    CompositeAlarms: CompositeAlarms.map(compositeAlarmShape),
    NextToken: nextToken,
  };
}

function sameDimensions(a: MetricAlarmRecord["dimensions"], b: MetricAlarmRecord["dimensions"]): boolean {
  const key = (ds: typeof a) =>
    ds
      .map((d) => `${d.Name}\u0000${d.Value}`)
      .sort()
      .join("\u0001");
  return key(a) === key(b);
}

export function describeAlarmsForMetric(input: DescribeAlarmsForMetricInput, ctx: RequestContext) {
  const tables = new AlarmTables(ctx.runtime.store, ctx);
  const alarms = [...tables.alarms.values()]
    .filter(
      (a): a is MetricAlarmRecord =>
        a.kind === "metric" &&
        a.metrics === undefined &&
        a.metricName === input.MetricName &&
        a.namespace === input.Namespace &&
        (input.Statistic === undefined || a.statistic === input.Statistic) &&
        (input.ExtendedStatistic === undefined || a.extendedStatistic === input.ExtendedStatistic) &&
        (input.Dimensions === undefined || sameDimensions(a.dimensions, input.Dimensions)) &&
        (input.Period === undefined || a.period === input.Period) &&
        (input.Unit === undefined || a.unit === input.Unit),
    )
    .sort(byName);
  return { MetricAlarms: alarms.map(metricAlarmShape) };
}
