import type { AlarmActions } from "./actions/dispatch.ts";
import type { TriggeringChild } from "./actions/notification.ts";
import { compositeOutcome, namesAlarm } from "./composite-state.ts";
import { recordStateUpdate } from "./history.ts";
import { type AlarmRecord, type AlarmState, alarmTypeOf, type StateValue } from "./model.ts";
import type { AlarmTables } from "./tables.ts";

/** A state change, as POST /_darkroom/cloudwatch/evaluate reports it. */
export interface Transition {
  accountId: string;
  region: string;
  alarmName: string;
  alarmType: "MetricAlarm" | "CompositeAlarm";
  from: StateValue;
  to: StateValue;
  reason: string;
  timestamp: string;
}

export interface NextState {
  value: StateValue;
  reason: string;
  reasonData?: string;
}

/**
 * Changes alarm states the way CloudWatch does: a new value records a StateUpdate history
 * item, runs the actions of the new state (unless actions are disabled or suppressed) and
 * re-evaluates the composite alarms whose rules name the alarm, and theirs in turn.
 */
export class AlarmStateChanges {
  private readonly actions: AlarmActions;

  constructor(actions: AlarmActions) {
    this.actions = actions;
  }

  /**
   * Moves `alarm` to `next` at `at` (epoch ms). The same value changes nothing, except that
   * SetAlarmState (`manual`) still replaces the reason, as on AWS.
   */
  async change(
    tables: AlarmTables,
    alarmName: string,
    next: NextState,
    at: number,
    transitions: Transition[],
    options: { manual?: boolean; children?: TriggeringChild[]; visited?: Set<string> } = {},
  ): Promise<void> {
    const alarm = tables.alarms.get(alarmName);
    if (!alarm) return;
    const previous = alarm.state;
    if (previous.value === next.value) {
      if (options.manual) {
        const state: AlarmState = { ...previous, reason: next.reason };
        if (next.reasonData !== undefined) state.reasonData = next.reasonData;
        else delete state.reasonData;
        tables.alarms.set(alarm.name, { ...alarm, state });
      }
      return;
    }
    const state: AlarmState = { value: next.value, reason: next.reason, updatedAt: at, transitionedAt: at };
    if (next.reasonData !== undefined) state.reasonData = next.reasonData;
    let updated: AlarmRecord = { ...alarm, state };
    const suppressedBy = this.suppressor(tables, updated);
    if (updated.kind === "composite") {
      const { actionsSuppressedBy: _by, actionsSuppressedReason: _reason, ...rest } = updated;
      updated = suppressedBy
        ? {
            ...rest,
            actionsSuppressedBy: "Alarm",
            actionsSuppressedReason: `Alarm ${suppressedBy} is in ALARM state`,
          }
        : rest;
    }
    tables.alarms.set(updated.name, updated);
    recordStateUpdate(tables, updated, previous, at);
    transitions.push({
      accountId: tables.scope.accountId,
      region: tables.scope.region,
      alarmName: updated.name,
      alarmType: alarmTypeOf(updated),
      from: previous.value,
      to: updated.state.value,
      reason: updated.state.reason,
      timestamp: new Date(at).toISOString(),
    });
    if (updated.actionsEnabled && !suppressedBy) {
      await this.actions.run(tables, updated, previous, options.children ?? []);
    }
    await this.reevaluateParents(tables, updated, at, transitions, options.visited ?? new Set());
  }

  /** Evaluates a composite alarm's rule now (at creation and on update, as AWS does). */
  async evaluateComposite(
    tables: AlarmTables,
    name: string,
    at: number,
    transitions: Transition[],
    trigger?: AlarmRecord,
    visited: Set<string> = new Set(),
  ): Promise<void> {
    const composite = tables.alarms.get(name);
    if (composite?.kind !== "composite") return;
    // A cycle of composites stops evaluating, as on AWS.
    if (visited.has(name)) return;
    visited.add(name);
    const outcome = compositeOutcome(tables, composite, trigger);
    await this.change(tables, name, outcome, at, transitions, { children: outcome.children, visited });
  }

  private async reevaluateParents(
    tables: AlarmTables,
    child: AlarmRecord,
    at: number,
    transitions: Transition[],
    visited: Set<string>,
  ): Promise<void> {
    const parents = [...tables.alarms.values()].filter(
      (a) => a.kind === "composite" && a.name !== child.name && namesAlarm(tables, a, child),
    );
    for (const parent of parents) {
      await this.evaluateComposite(tables, parent.name, at, transitions, child, visited);
    }
  }

  /** The suppressor alarm holding back a composite's actions (the "Alarm" case), if any. */
  private suppressor(tables: AlarmTables, alarm: AlarmRecord): string | undefined {
    if (alarm.kind !== "composite" || alarm.actionsSuppressor === undefined) return undefined;
    const suppressor = tables.find(alarm.actionsSuppressor);
    return suppressor?.state.value === "ALARM" ? suppressor.name : undefined;
  }
}
