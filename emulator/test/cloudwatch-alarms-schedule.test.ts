import {
  type CloudWatchClient,
  DescribeAlarmsCommand,
  PutMetricDataCommand,
} from "@aws-sdk/client-cloudwatch";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningEmulator, startEmulator } from "../src/index.ts";
import { evaluationTicks, subMinute } from "../src/services/cloudwatch/alarms/evaluation/schedule.ts";
import type { MetricAlarmRecord } from "../src/services/cloudwatch/alarms/model.ts";
import { uniqueName } from "./support/clients.ts";
import { cloudWatchClient, successRateAlarm } from "./support/cloudwatch.ts";
import { eventually } from "./support/lambda.ts";

/*
 * When the schedule evaluates alarms: all of them once an interval, and those of 10, 20 or
 * 30 s periods (metric math over such metrics included) six times as often, as AWS evaluates
 * them every 10 s. The second part runs the emulator's own timers.
 */

const math = (period: number): Partial<MetricAlarmRecord> => ({
  metrics: [
    { Id: "m", MetricStat: { Metric: { Namespace: "N", MetricName: "M" }, Period: period, Stat: "Sum" } },
  ],
});

describe("the evaluation schedule", () => {
  it("adds a tick for sub-minute alarms, six to the interval and at most once a second", () => {
    expect(evaluationTicks(60).map((t) => [t.everyMs, t.only])).toEqual([
      [60_000, undefined],
      [10_000, subMinute],
    ]);
    expect(evaluationTicks(86_400).map((t) => t.everyMs)).toEqual([86_400_000, 14_400_000]);
    expect(evaluationTicks(3).map((t) => t.everyMs)).toEqual([3000, 1000]);
    expect(evaluationTicks(1).map((t) => t.everyMs)).toEqual([1000]);
  });

  it.each([
    ["a 10 s alarm", { period: 10 }, true],
    ["a 30 s alarm", { period: 30 }, true],
    ["a minute alarm", { period: 60 }, false],
    ["metric math over 10 s metrics", math(10), true],
    ["metric math over 20 s metrics", math(20), true],
    ["metric math over 300 s metrics", math(300), false],
  ])("counts %s as sub-minute: %s", (_, alarm, expected) => {
    expect(subMinute(alarm as MetricAlarmRecord)).toBe(expected);
  });
});

describe("the emulator's schedule", () => {
  let emulator: RunningEmulator;
  let cw: CloudWatchClient;
  let bootedAt: number;

  beforeAll(async () => {
    bootedAt = Date.now();
    // Every alarm each 30 s, sub-minute ones each 5 s.
    emulator = await startEmulator({ port: 0, persist: false, alarmIntervalSeconds: 30 });
    cw = cloudWatchClient(emulator.url);
  });
  afterAll(async () => {
    cw.destroy();
    await emulator.stop();
  });

  it("evaluates a metric-math alarm over 10 s metrics on the sub-minute tick, a minute one not yet", async () => {
    const ns = uniqueName("ns");
    const started = Date.now();
    const datum = (MetricName: string, Value: number) => ({
      MetricName,
      Value,
      Timestamp: new Date(started - 1000),
      StorageResolution: 1,
      Unit: "Count" as const,
    });
    await cw.send(
      new PutMetricDataCommand({ Namespace: ns, MetricData: [datum("Total", 10), datum("Errors", 5)] }),
    );
    for (const [name, period] of [
      [`${ns}-10s`, 10],
      [`${ns}-60s`, 60],
    ] as const) {
      await cw.send(successRateAlarm({ name, namespace: ns, period }));
    }
    const stateOf = async (name: string) =>
      (await cw.send(new DescribeAlarmsCommand({ AlarmNames: [name] }))).MetricAlarms![0]!.StateValue;
    await eventually(async () => expect(await stateOf(`${ns}-10s`)).toBe("ALARM"), 12_000);
    // The emulator started under 30 s ago: its first evaluation of every alarm is still to come.
    expect(Date.now() - bootedAt).toBeLessThan(28_000);
    expect(await stateOf(`${ns}-60s`)).toBe("INSUFFICIENT_DATA");
  }, 30_000);
});
