import type { RequestContext } from "../../../gateway/context.ts";
import { AwsError } from "../../../protocol/aws-error.ts";
import { namesAlarm } from "./composite-state.ts";
import type { AlarmRecord } from "./model.ts";
import type { SetAlarmStateInput } from "./schemas.ts";
import type { AlarmStateChanges, Transition } from "./state-changes.ts";
import { AlarmTables } from "./tables.ts";

/** DeleteAlarms, SetAlarmState, EnableAlarmActions and DisableAlarmActions. */

export function deleteAlarms(input: { AlarmNames: string[] }, ctx: RequestContext): void {
  const tables = new AlarmTables(ctx.runtime.store, ctx);
  const doomed = input.AlarmNames.map((n) => tables.alarms.get(n)).filter(
    (a): a is AlarmRecord => a !== undefined,
  );
  if (doomed.filter((a) => a.kind === "composite").length > 1) {
    throw new AwsError(
      "ValidationError",
      "You can delete at most one composite alarm in one operation.",
      400,
    );
  }
  const leaving = new Set(doomed.map((a) => a.name));
  // A child stays while a composite that is not being deleted too still names it.
  const needed = doomed.filter((child) =>
    [...tables.alarms.values()].some(
      (a) => a.kind === "composite" && !leaving.has(a.name) && namesAlarm(tables, a, child),
    ),
  );
  if (needed.length > 0) {
    const names = needed.map((a) => a.name).join(",");
    throw new AwsError(
      "ValidationError",
      needed.length === 1
        ? `Cannot delete ${names} as there are composite alarm(s) depending on it.`
        : `Cannot delete ${names} as there are composite alarm(s) depending on them.`,
      400,
    );
  }
  // Names that do not exist are skipped; the others are still deleted.
  for (const alarm of doomed) tables.alarms.delete(alarm.name);
}

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

export async function setAlarmState(
  input: SetAlarmStateInput,
  ctx: RequestContext,
  changes: AlarmStateChanges,
): Promise<Transition[]> {
  const tables = new AlarmTables(ctx.runtime.store, ctx);
  if (input.StateReasonData !== undefined && !isJson(input.StateReasonData)) {
    throw new AwsError("InvalidFormat", "Unknown", 400, { shape: "InvalidFormatFault" });
  }
  if (!tables.alarms.has(input.AlarmName)) {
    throw new AwsError("ResourceNotFound", `Alarm ${input.AlarmName} not found`, 404);
  }
  const transitions: Transition[] = [];
  await changes.change(
    tables,
    input.AlarmName,
    { value: input.StateValue, reason: input.StateReason, reasonData: input.StateReasonData },
    Date.now(),
    transitions,
    { manual: true },
  );
  return transitions;
}

export function setActionsEnabled(names: string[], enabled: boolean, ctx: RequestContext): void {
  const tables = new AlarmTables(ctx.runtime.store, ctx);
  for (const name of names) {
    const alarm = tables.alarms.get(name);
    if (alarm && alarm.actionsEnabled !== enabled)
      tables.alarms.set(name, { ...alarm, actionsEnabled: enabled });
  }
}
