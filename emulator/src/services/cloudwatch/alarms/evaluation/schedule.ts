import type { MetricAlarmRecord } from "../model.ts";
import { alarmPeriod } from "./window.ts";

/** One timer of the evaluation schedule: how often it runs, and which metric alarms it evaluates. */
export interface EvaluationTick {
  everyMs: number;
  /** Only the alarms this accepts; every alarm when absent. */
  only?: (alarm: MetricAlarmRecord) => boolean;
}

/** Alarms of 10, 20 or 30 s periods (high-resolution, or metric math over such metrics). */
export const subMinute = (alarm: MetricAlarmRecord): boolean => alarmPeriod(alarm) < 60;

/**
 * Every alarm once an interval (DARKROOM_ALARM_INTERVAL, a minute by default), and alarms of
 * sub-minute periods six times as often, at most once a second: AWS evaluates alarms every
 * minute but those of 10 or 30 s periods every 10 s, and one look a minute at a 10 s alarm
 * would miss most of its periods.
 */
export function evaluationTicks(intervalSeconds: number): EvaluationTick[] {
  const everyMs = intervalSeconds * 1000;
  const subMinuteMs = Math.max(1000, everyMs / 6);
  return subMinuteMs < everyMs ? [{ everyMs }, { everyMs: subMinuteMs, only: subMinute }] : [{ everyMs }];
}
