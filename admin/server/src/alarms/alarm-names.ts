import { z } from "zod";

/** CloudWatch's limits for an alarm name: 1 to 255 characters, none of them a control character. */
export const MAX_ALARM_NAME_LENGTH = 255;

export const alarmNameSchema = z
  .string()
  .min(1, "must not be empty")
  .max(MAX_ALARM_NAME_LENGTH, `must be at most ${MAX_ALARM_NAME_LENGTH} characters`)
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is refused
  .refine((name) => !/[\u0000-\u001f\u007f]/.test(name), "must not contain control characters");

/** Whether an alarm belongs to the stack: its name starts with the stack's prefix (`darkroom-`). */
export function isStackAlarm(name: string, prefix: string): boolean {
  return name.startsWith(prefix) && name.length > prefix.length;
}
