import type { TriggeringChild } from "./actions/notification.ts";
import { evaluateRule, parseAlarmRule, ruleAlarms } from "./alarm-rule.ts";
import { awsTimestamp, longTimestamp } from "./format.ts";
import { javaJson } from "./java-json.ts";
import type { AlarmRecord, CompositeAlarmRecord, StateValue } from "./model.ts";
import type { AlarmTables } from "./tables.ts";

/** What a composite alarm's rule says now: ALARM when it holds, OK when not. */
export interface CompositeOutcome {
  value: StateValue;
  reason: string;
  reasonData: string;
  children: TriggeringChild[];
}

/** Whether `composite`'s rule names `child` (by name or ARN). */
export function namesAlarm(
  tables: AlarmTables,
  composite: CompositeAlarmRecord,
  child: AlarmRecord,
): boolean {
  try {
    return ruleAlarms(parseAlarmRule(composite.alarmRule)).some(
      (ref) => tables.find(ref)?.name === child.name,
    );
  } catch {
    return false;
  }
}

/**
 * The composite's state given its children's, with AWS's reason: "<child ARN>
 * transitioned to ALARM at Friday 04 August, 2023 12:54:46 UTC", naming the child whose
 * change set it off (or, at creation, the first child the rule names).
 */
export function compositeOutcome(
  tables: AlarmTables,
  composite: CompositeAlarmRecord,
  trigger: AlarmRecord | undefined,
): CompositeOutcome {
  const rule = parseAlarmRule(composite.alarmRule);
  const holds = evaluateRule(rule, (ref) => tables.find(ref)?.state.value);
  const named = ruleAlarms(rule)
    .map((ref) => tables.find(ref))
    .filter((a): a is AlarmRecord => a !== undefined);
  const child = trigger ?? named[0];
  const children: TriggeringChild[] = child
    ? [{ arn: child.arn, value: child.state.value, timestamp: child.state.transitionedAt }]
    : [];
  const reason = child
    ? `${child.arn} transitioned to ${child.state.value} at ${longTimestamp(child.state.transitionedAt)}`
    : `Alarm rule evaluated to ${holds ? "TRUE" : "FALSE"}`;
  const reasonData = javaJson({
    triggeringAlarms: children.map((c) => ({
      arn: c.arn,
      state: { value: c.value, timestamp: awsTimestamp(c.timestamp) },
    })),
  });
  return { value: holds ? "ALARM" : "OK", reason, reasonData, children };
}
