import { z } from "zod";
import type { AlarmTransition } from "../alarms/alarm-transition.ts";
import { ALARM_STATES } from "../repositories/alarms.repository.ts";

const stateSchema = z.enum(ALARM_STATES);

/** The fields of CloudWatch's alarm notification (the JSON it publishes to SNS) the console shows. */
const notificationSchema = z.object({
  AlarmName: z.string().min(1),
  AlarmDescription: z.string().nullable().optional(),
  NewStateValue: stateSchema,
  OldStateValue: stateSchema,
  NewStateReason: z.string(),
  /** `2025-03-01T12:00:00.000+0000`: Java's offset without a colon. */
  StateChangeTime: z.string(),
});

export interface AlarmNotification extends AlarmTransition {
  description: string | null;
}

/** AWS's `+0000` offsets as ISO 8601 UTC; null when it is not a time. */
function isoTime(text: string): string | null {
  const time = Date.parse(text.replace(/([+-]\d{2})(\d{2})$/, "$1:$2"));
  return Number.isNaN(time) ? null : new Date(time).toISOString();
}

/** The alarm a published message reports, or null when the message is not an alarm notification. */
export function parseAlarmNotification(message: string): AlarmNotification | null {
  let json: unknown;
  try {
    json = JSON.parse(message);
  } catch {
    return null;
  }
  const parsed = notificationSchema.safeParse(json);
  if (!parsed.success) return null;
  const at = isoTime(parsed.data.StateChangeTime);
  if (at === null) return null;
  return {
    alarmName: parsed.data.AlarmName,
    state: parsed.data.NewStateValue,
    previousState: parsed.data.OldStateValue,
    reason: parsed.data.NewStateReason,
    at,
    description: parsed.data.AlarmDescription ?? null,
  };
}
