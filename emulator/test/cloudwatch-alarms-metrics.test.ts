import {
  type CloudWatchClient,
  DescribeAlarmsCommand,
  PutMetricAlarmCommand,
  type PutMetricAlarmCommandInput,
  PutMetricDataCommand,
} from "@aws-sdk/client-cloudwatch";
import { CreateTopicCommand, SNSClient, SubscribeCommand } from "@aws-sdk/client-sns";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningEmulator, startEmulator } from "../src/index.ts";
import { clientConfig, uniqueName } from "./support/clients.ts";
import { cloudWatchClient, evaluate, successRateAlarm } from "./support/cloudwatch.ts";
import { eventually } from "./support/lambda.ts";

/*
 * Alarms over real data: PutMetricData through the JS SDK into the metric store, the
 * evaluation asked for "as of" a chosen minute, and an alarm's notification delivered by
 * SNS to a subscriber. The same rules as cloudwatch-alarms-evaluation.test.ts, end to end.
 */

const MINUTE = 60_000;
let emulator: RunningEmulator;
let cw: CloudWatchClient;
let sns: SNSClient;
/** A minute half an hour ago: data goes into the minutes after it, evaluations happen in them. */
let base: number;

beforeAll(async () => {
  emulator = await startEmulator({ port: 0, persist: false, alarmIntervalSeconds: 86_400 });
  cw = cloudWatchClient(emulator.url);
  sns = new SNSClient(clientConfig(emulator.url));
  base = Math.floor(Date.now() / MINUTE) * MINUTE - 30 * MINUTE;
});
afterAll(async () => {
  cw.destroy();
  sns.destroy();
  await emulator.stop();
});

/** Puts `values` at `base` + minute (several values per minute, as separate datums). */
async function putData(namespace: string, metric: string, byMinute: Record<number, number[]>): Promise<void> {
  const MetricData = Object.entries(byMinute).flatMap(([m, values]) =>
    values.map((Value) => ({
      MetricName: metric,
      Value,
      Timestamp: new Date(base + Number(m) * MINUTE + 5_000),
      Unit: "Count" as const,
    })),
  );
  for (let i = 0; i < MetricData.length; i += 1000) {
    await cw.send(
      new PutMetricDataCommand({ Namespace: namespace, MetricData: MetricData.slice(i, i + 1000) }),
    );
  }
}

async function put(input: Partial<PutMetricAlarmCommandInput> & { AlarmName: string }): Promise<void> {
  await cw.send(
    new PutMetricAlarmCommand({
      Period: 60,
      EvaluationPeriods: 1,
      ComparisonOperator: "GreaterThanThreshold",
      Threshold: 10,
      ...input,
    }),
  );
}

const stateOf = async (name: string) =>
  (await cw.send(new DescribeAlarmsCommand({ AlarmNames: [name] }))).MetricAlarms![0]!;
/** "As of" minute `m` (its 30th second): the newest period is minute m. */
const at = (m: number) => new Date(base + m * MINUTE + 30_000);

describe("alarms over PutMetricData", () => {
  it("3 of 5 breaching Sum datapoints alarm; 2 of 5 do not", async () => {
    const ns = uniqueName("ns");
    await putData(ns, "three", { 1: [1], 2: [15, 10], 3: [30], 4: [2], 5: [40] });
    await putData(ns, "two", { 1: [1], 2: [15, 10], 3: [3], 4: [2], 5: [40] });
    for (const m of ["three", "two"]) {
      await put({
        AlarmName: `${ns}-${m}`,
        Namespace: ns,
        MetricName: m,
        Statistic: "Sum",
        EvaluationPeriods: 5,
        DatapointsToAlarm: 3,
      });
    }
    await evaluate(emulator.url, at(5));
    const three = await stateOf(`${ns}-three`);
    expect(three.StateValue).toBe("ALARM");
    expect(three.StateReason).toMatch(
      /^Threshold Crossed: 3 out of the last 5 datapoints \[40\.0 \(.+\), 30\.0 \(.+\), 25\.0 \(.+\)\] were greater than the threshold \(10\.0\) \(minimum 3 datapoints for OK -> ALARM transition\)\.$/,
    );
    expect(JSON.parse(three.StateReasonData!).evaluatedDatapoints[2]).toMatchObject({
      sampleCount: 2,
      value: 25,
    });
    expect((await stateOf(`${ns}-two`)).StateValue).toBe("OK");
  });

  it("a p95 alarm: over the threshold alarms, under it recovers", async () => {
    const ns = uniqueName("ns");
    // 100 samples a minute: 1..100 ms in minute 1 (p95 about 95), ten times that in minute 2.
    const ramp = (scale: number) => Array.from({ length: 100 }, (_, i) => (i + 1) * scale);
    await putData(ns, "latency", { 1: ramp(10), 2: ramp(1) });
    const name = `${ns}-p95`;
    await put({
      AlarmName: name,
      Namespace: ns,
      MetricName: "latency",
      ExtendedStatistic: "p95",
      Threshold: 500,
    });
    await evaluate(emulator.url, at(1));
    expect((await stateOf(name)).StateValue).toBe("ALARM");
    await evaluate(emulator.url, at(2));
    const recovered = await stateOf(name);
    expect(recovered.StateValue).toBe("OK");
    expect(JSON.parse(recovered.StateReasonData!).recentDatapoints[0]).toBeLessThan(500);
  });

  it("a success-rate math alarm, 100*(total-errors)/total < 95, on both sides of 95", async () => {
    const ns = uniqueName("ns");
    await putData(ns, "Invocations", { 1: [100], 2: [200] });
    await putData(ns, "Errors", { 1: [10], 2: [2] });
    const name = `${ns}-success`;
    await cw.send(
      successRateAlarm({
        name,
        namespace: ns,
        period: 60,
        metrics: { total: "Invocations", errors: "Errors" },
      }),
    );
    await evaluate(emulator.url, at(1));
    const alarm = await stateOf(name);
    expect(alarm.StateValue).toBe("ALARM");
    expect(alarm.StateReason).toMatch(
      /^Threshold Crossed: 1 datapoint \[90\.0 \(.+\)\] was less than the threshold \(95\.0\)\.$/,
    );
    await evaluate(emulator.url, at(2));
    expect((await stateOf(name)).StateValue).toBe("OK");
  });

  it("a success-rate math alarm over 10 s high-resolution metrics follows each 10 s period", async () => {
    const ns = uniqueName("ns");
    // Minute 1: 5 of 10 fail in its first 10 s, none of 10 twenty seconds later.
    const datum = (MetricName: string, Value: number, second: number) => ({
      MetricName,
      Value,
      Timestamp: new Date(base + MINUTE + second * 1000),
      StorageResolution: 1,
      Unit: "Count" as const,
    });
    await cw.send(
      new PutMetricDataCommand({
        Namespace: ns,
        MetricData: [
          datum("Total", 10, 5),
          datum("Errors", 5, 5),
          datum("Total", 10, 25),
          datum("Errors", 0, 25),
        ],
      }),
    );
    const name = `${ns}-success`;
    await cw.send(successRateAlarm({ name, namespace: ns, period: 10 }));
    // Over a whole minute the rate would be 75 % until minute 2: the alarm sees 10 s periods.
    await evaluate(emulator.url, new Date(base + MINUTE + 8_000));
    const alarmed = await stateOf(name);
    expect(alarmed.StateValue).toBe("ALARM");
    expect(JSON.parse(alarmed.StateReasonData!)).toMatchObject({
      period: 10,
      recentDatapoints: [50],
      startDate: new Date(base + MINUTE).toISOString().replace("Z", "+0000"),
    });
    await evaluate(emulator.url, new Date(base + MINUTE + 28_000));
    const recovered = await stateOf(name);
    expect(recovered.StateValue).toBe("OK");
    expect(JSON.parse(recovered.StateReasonData!).recentDatapoints).toEqual([100]);
  });

  it("notifies an SNS subscriber when the alarm fires", async () => {
    const ns = uniqueName("ns");
    const topicArn = (await sns.send(new CreateTopicCommand({ Name: uniqueName("alerts") }))).TopicArn!;
    // SMS subscriptions need no confirmation; the inbox keeps the text message.
    await sns.send(new SubscribeCommand({ TopicArn: topicArn, Protocol: "sms", Endpoint: "+15555550100" }));
    await putData(ns, "Errors", { 1: [5] });
    const name = `${ns}-errors`;
    await put({
      AlarmName: name,
      Namespace: ns,
      MetricName: "Errors",
      Statistic: "Sum",
      Threshold: 3,
      ComparisonOperator: "GreaterThanOrEqualToThreshold",
      AlarmActions: [topicArn],
    });
    await evaluate(emulator.url, at(1));
    const message = await eventually(async () => {
      const res = await fetch(
        `${emulator.url}/_darkroom/sns/messages?topicArn=${encodeURIComponent(topicArn)}`,
      );
      const { messages } = (await res.json()) as { messages: Array<{ body: string }> };
      expect(messages).toHaveLength(1);
      return JSON.parse(messages[0]!.body) as Record<string, unknown>;
    });
    expect(message).toMatchObject({
      AlarmName: name,
      NewStateValue: "ALARM",
      OldStateValue: "INSUFFICIENT_DATA",
      Region: "US East (N. Virginia)",
      Trigger: { MetricName: "Errors", Namespace: ns, Statistic: "SUM", Threshold: 3 },
    });
  });
});
