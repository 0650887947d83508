import { z } from "zod";
import { ALARM_STATES, type AlarmHistoryEntry, type AlarmState } from "../repositories/alarms.repository.ts";

/** One state change of an alarm: what the stream's `alarm` events and the history-based alerts carry. */
export interface AlarmTransition {
  alarmName: string;
  state: AlarmState;
  previousState: AlarmState;
  reason: string;
  /** When it changed (ISO 8601). */
  at: string;
}

const stateSchema = z.enum(ALARM_STATES);
/** A StateUpdate item's HistoryData: `{version, oldState: {stateValue, stateReason}, newState: {...}}`. */
const stateUpdateSchema = z.object({
  oldState: z.object({ stateValue: stateSchema }),
  newState: z.object({ stateValue: stateSchema, stateReason: z.string().default("") }),
});

/** The transition a StateUpdate history item records, or null for any other item (or unreadable data). */
export function transitionOf(entry: AlarmHistoryEntry): AlarmTransition | null {
  if (entry.type !== "StateUpdate" || entry.data === null) return null;
  let json: unknown;
  try {
    json = JSON.parse(entry.data);
  } catch {
    return null;
  }
  const parsed = stateUpdateSchema.safeParse(json);
  if (!parsed.success) return null;
  return {
    alarmName: entry.alarmName,
    state: parsed.data.newState.stateValue,
    previousState: parsed.data.oldState.stateValue,
    reason: parsed.data.newState.stateReason,
    at: entry.timestamp,
  };
}
