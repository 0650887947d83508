import {
  type CloudWatchClient,
  DescribeAlarmHistoryCommand,
  DescribeAlarmsCommand,
  PutMetricAlarmCommand,
  type PutMetricAlarmCommandInput,
  SetAlarmStateCommand,
} from "@aws-sdk/client-cloudwatch";
import { FilterLogEventsCommand } from "@aws-sdk/client-cloudwatch-logs";
import {
  AddPermissionCommand,
  CreateFunctionCommand,
  type LambdaClient,
  waitUntilFunctionActiveV2,
} from "@aws-sdk/client-lambda";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningEmulator, startEmulator } from "../src/index.ts";
import { type Alarms, createAlarms } from "../src/services/cloudwatch/alarms/operations.ts";
import type { MetricDataQuery } from "../src/services/cloudwatch/fields.ts";
import type { MetricDataResult, MetricReader } from "../src/services/cloudwatch/metric-reader.ts";
import type { ServiceMessage } from "../src/services/sns/index.ts";
import { uniqueName } from "./support/clients.ts";
import { cloudWatchClient, successRateAlarm } from "./support/cloudwatch.ts";
import { eventually, lambdaClient, TEST_ROLE, zipOf } from "./support/lambda.ts";
import { logsClient } from "./support/logs-client.ts";

/*
 * The evaluation engine over alarms made through the API, with the metric store replaced
 * by fixed series (a reader that answers GetMetricData from them), and SNS by a recorder:
 * M out of N, a percentile alarm, a success-rate math alarm, the four TreatMissingData
 * modes, history and reason text, the SNS notification; and a Lambda alarm action
 * through the emulator's own Lambda.
 */

const MINUTE = 60_000;
/** Evaluations happen "at" 10:07:30: the range of a 5-period alarm is 10:01 to 10:08. */
const AT = Date.UTC(2026, 10, 23, 10, 7, 30);
const minute = (m: number) => Date.UTC(2026, 10, 23, 10, m);

/** Series by "namespace/metric/stat" (or "expression/<id>"), each as minute → value. */
class FixedSeries implements MetricReader {
  readonly series = new Map<string, Map<number, number>>();

  set(key: string, points: Record<number, number>): void {
    this.series.set(key, new Map(Object.entries(points).map(([m, v]) => [minute(Number(m)), v])));
  }

  metricData(
    _scope: unknown,
    queries: readonly MetricDataQuery[],
    start: Date,
    end: Date,
  ): MetricDataResult[] {
    return queries
      .filter((q) => q.ReturnData !== false)
      .map((q) => {
        const key = q.MetricStat
          ? `${q.MetricStat.Metric.Namespace}/${q.MetricStat.Metric.MetricName}/${q.MetricStat.Stat}`
          : `expression/${q.Id}`;
        const points = [...(this.series.get(key) ?? new Map<number, number>())]
          .filter(([t]) => t >= start.getTime() && t < end.getTime())
          .sort(([a], [b]) => b - a);
        return {
          Id: q.Id,
          Label: q.Id,
          Timestamps: points.map(([t]) => new Date(t)),
          Values: points.map(([, v]) => v),
          StatusCode: "Complete" as const,
        };
      });
  }
}

let emulator: RunningEmulator;
let cw: CloudWatchClient;
let lambda: LambdaClient;
let alarms: Alarms;
const reader = new FixedSeries();
const published: ServiceMessage[] = [];

beforeAll(async () => {
  emulator = await startEmulator({ port: 0, persist: false, alarmIntervalSeconds: 86_400 });
  cw = cloudWatchClient(emulator.url);
  lambda = lambdaClient(emulator.url);
  alarms = createAlarms({
    runtime: emulator.runtime,
    metrics: reader,
    sns: { publish: async (m) => void published.push(m) },
    lambdaQueue: undefined,
  });
});
afterAll(async () => {
  alarms.close();
  cw.destroy();
  lambda.destroy();
  await emulator.stop();
});

async function put(input: Partial<PutMetricAlarmCommandInput> & { AlarmName: string }): Promise<void> {
  await cw.send(
    new PutMetricAlarmCommand({
      Namespace: "Test",
      MetricName: input.AlarmName,
      Statistic: "Sum",
      Period: 60,
      EvaluationPeriods: 1,
      Threshold: 10,
      ComparisonOperator: "GreaterThanThreshold",
      ...input,
    }),
  );
}

async function state(name: string) {
  const out = await cw.send(new DescribeAlarmsCommand({ AlarmNames: [name] }));
  return out.MetricAlarms![0]!;
}

const evaluate = (at = AT) => alarms.evaluator.evaluateAll(at, { scheduled: false });

describe("M out of N", () => {
  it("goes to ALARM with 3 of 5 datapoints breaching, and stays OK with 2 of 5", async () => {
    const [three, two] = [uniqueName("three"), uniqueName("two")];
    reader.set(`Test/${three}/Sum`, { 3: 1, 4: 20, 5: 30, 6: 2, 7: 40 });
    reader.set(`Test/${two}/Sum`, { 3: 1, 4: 20, 5: 3, 6: 2, 7: 40 });
    for (const name of [three, two])
      await put({ AlarmName: name, EvaluationPeriods: 5, DatapointsToAlarm: 3 });
    const report = await evaluate();
    expect(report.transitions.filter((t) => t.alarmName === three || t.alarmName === two)).toEqual([
      expect.objectContaining({ alarmName: three, from: "INSUFFICIENT_DATA", to: "ALARM" }),
      expect.objectContaining({ alarmName: two, from: "INSUFFICIENT_DATA", to: "OK" }),
    ]);
    const alarm = await state(three);
    expect(alarm.StateReason).toBe(
      "Threshold Crossed: 3 out of the last 5 datapoints [40.0 (23/11/26 10:07:00), 30.0 (23/11/26 10:05:00), 20.0 (23/11/26 10:04:00)] were greater than the threshold (10.0) (minimum 3 datapoints for OK -> ALARM transition).",
    );
    expect(JSON.parse(alarm.StateReasonData!)).toEqual({
      version: "1.0",
      queryDate: "2026-11-23T10:07:30.000+0000",
      startDate: "2026-11-23T10:03:00.000+0000",
      statistic: "Sum",
      period: 60,
      recentDatapoints: [1, 20, 30, 2, 40],
      threshold: 10,
      evaluatedDatapoints: [
        { timestamp: "2026-11-23T10:07:00.000+0000", value: 40 },
        { timestamp: "2026-11-23T10:05:00.000+0000", value: 30 },
        { timestamp: "2026-11-23T10:04:00.000+0000", value: 20 },
      ],
    });
    expect(alarm.StateUpdatedTimestamp).toEqual(new Date(AT));
    expect((await state(two)).StateReason).toBe(
      "Threshold Crossed: 3 out of the last 5 datapoints [2.0 (23/11/26 10:06:00), 3.0 (23/11/26 10:05:00), 1.0 (23/11/26 10:03:00)] were not greater than the threshold (10.0) (minimum 3 datapoints for ALARM -> OK transition).",
    );
    const history = await cw.send(
      new DescribeAlarmHistoryCommand({ AlarmName: three, HistoryItemType: "StateUpdate" }),
    );
    expect(history.AlarmHistoryItems?.map((h) => [h.HistorySummary, h.Timestamp])).toEqual([
      ["Alarm updated from INSUFFICIENT_DATA to ALARM", new Date(AT)],
    ]);
    // The same data the next minute changes nothing: no new transition, no new history.
    expect((await evaluate(AT + 1000)).transitions.filter((t) => t.alarmName === three)).toEqual([]);
  });
});

describe("a p95 latency alarm", () => {
  it("alarms above the threshold and recovers below it", async () => {
    const name = uniqueName("p95");
    await put({
      AlarmName: name,
      Statistic: undefined,
      ExtendedStatistic: "p95",
      Threshold: 250,
      EvaluationPeriods: 2,
    });
    reader.set(`Test/${name}/p95`, { 6: 300, 7: 410.5 });
    reader.set(`Test/${name}/SampleCount`, { 6: 400, 7: 500 });
    await evaluate();
    const alarm = await state(name);
    expect(alarm.StateValue).toBe("ALARM");
    expect(alarm.StateReason).toBe(
      "Threshold Crossed: 2 datapoints [410.5 (23/11/26 10:07:00), 300.0 (23/11/26 10:06:00)] were greater than the threshold (250.0).",
    );
    expect(JSON.parse(alarm.StateReasonData!).evaluatedDatapoints[0]).toEqual({
      timestamp: "2026-11-23T10:07:00.000+0000",
      sampleCount: 500,
      value: 410.5,
    });
    reader.set(`Test/${name}/p95`, { 6: 300, 7: 410.5, 8: 120, 9: 250 });
    await evaluate(AT + 2 * MINUTE);
    expect((await state(name)).StateValue).toBe("OK");
  });

  it("ignores too few samples when told to", async () => {
    const name = uniqueName("p99-low");
    await put({
      AlarmName: name,
      Statistic: undefined,
      ExtendedStatistic: "p99",
      EvaluateLowSampleCountPercentile: "ignore",
    });
    // p99 needs 10 / (1 - 0.99) = 1000 samples.
    reader.set(`Test/${name}/p99`, { 7: 500 });
    reader.set(`Test/${name}/SampleCount`, { 7: 999 });
    await evaluate();
    expect((await state(name)).StateValue).toBe("INSUFFICIENT_DATA");
    reader.set(`Test/${name}/SampleCount`, { 7: 1000 });
    await evaluate();
    expect((await state(name)).StateValue).toBe("ALARM");
  });
});

describe("a success-rate metric-math alarm: 100*(total-errors)/total < 95", () => {
  it("alarms when the rate falls below 95 and recovers above it", async () => {
    const name = uniqueName("success-rate");
    await cw.send(
      successRateAlarm({
        name,
        namespace: "AWS/Lambda",
        period: 60,
        metrics: { total: "Invocations", errors: "Errors" },
        label: "Success rate",
      }),
    );
    reader.set("expression/rate", { 7: 90 });
    await evaluate();
    const alarm = await state(name);
    expect(alarm.StateValue).toBe("ALARM");
    expect(alarm.StateReason).toBe(
      "Threshold Crossed: 1 datapoint [90.0 (23/11/26 10:07:00)] was less than the threshold (95.0).",
    );
    expect(JSON.parse(alarm.StateReasonData!)).not.toHaveProperty("statistic");
    reader.set("expression/rate", { 7: 90, 8: 99.5 });
    await evaluate(AT + MINUTE);
    expect((await state(name)).StateValue).toBe("OK");
  });
});

describe("TreatMissingData with no data at all", () => {
  it("missing: INSUFFICIENT_DATA; ignore: keeps the state; breaching: ALARM; notBreaching: OK", async () => {
    const names = Object.fromEntries(
      ["missing", "ignore", "breaching", "notBreaching"].map((t) => [
        t,
        uniqueName(`tmd-${t.toLowerCase()}`),
      ]),
    );
    for (const [treat, name] of Object.entries(names)) {
      await put({ AlarmName: name, TreatMissingData: treat, EvaluationPeriods: 2 });
      await cw.send(new SetAlarmStateCommand({ AlarmName: name, StateValue: "OK", StateReason: "start" }));
    }
    for (const treat of ["ignore", "notBreaching"]) {
      await cw.send(
        new SetAlarmStateCommand({ AlarmName: names[treat]!, StateValue: "ALARM", StateReason: "kept" }),
      );
    }
    await evaluate();
    const after = Object.fromEntries(
      await Promise.all(Object.entries(names).map(async ([t, n]) => [t, await state(n)] as const)),
    );
    expect(after.missing).toMatchObject({
      StateValue: "INSUFFICIENT_DATA",
      StateReason: "Insufficient Data: 2 datapoints were unknown.",
    });
    expect(after.ignore).toMatchObject({ StateValue: "ALARM", StateReason: "kept" });
    expect(after.breaching).toMatchObject({
      StateValue: "ALARM",
      StateReason:
        "Threshold Crossed: no datapoints were received for 2 periods and 2 missing datapoints were treated as [Breaching].",
    });
    expect(after.notBreaching).toMatchObject({
      StateValue: "OK",
      StateReason:
        "Threshold Crossed: no datapoints were received for 2 periods and 2 missing datapoints were treated as [NonBreaching].",
    });
  });
});

describe("actions", () => {
  it("publishes AWS's alarm notification to an SNS topic, and records the action", async () => {
    const name = uniqueName("notify");
    const topic = "arn:aws:sns:us-east-1:000000000000:alerts";
    await put({
      AlarmName: name,
      AlarmDescription: "Too many errors",
      Dimensions: [{ Name: "FunctionName", Value: "thumbnailer" }],
      Threshold: 3,
      ComparisonOperator: "GreaterThanOrEqualToThreshold",
      DatapointsToAlarm: 1,
      TreatMissingData: "notBreaching",
      AlarmActions: [topic],
      OKActions: [topic],
    });
    reader.set(`Test/${name}/Sum`, { 7: 5 });
    await evaluate();
    const sent = published.filter((m) => m.message.includes(`"${name}"`));
    expect(sent.map((m) => [m.topicArn, m.subject])).toEqual([
      [topic, `ALARM: "${name}" in US East (N. Virginia)`],
    ]);
    const message = sent[0]!.message;
    expect(Object.keys(JSON.parse(message))).toEqual([
      "AlarmName",
      "AlarmDescription",
      "AWSAccountId",
      "AlarmConfigurationUpdatedTimestamp",
      "NewStateValue",
      "NewStateReason",
      "StateChangeTime",
      "Region",
      "AlarmArn",
      "OldStateValue",
      "OKActions",
      "AlarmActions",
      "InsufficientDataActions",
      "Trigger",
    ]);
    expect(JSON.parse(message)).toMatchObject({
      AlarmName: name,
      AlarmDescription: "Too many errors",
      AWSAccountId: "000000000000",
      NewStateValue: "ALARM",
      NewStateReason: `Threshold Crossed: 1 out of the last 1 datapoints [5.0 (23/11/26 10:07:00)] was greater than or equal to the threshold (3.0) (minimum 1 datapoint for OK -> ALARM transition).`,
      StateChangeTime: "2026-11-23T10:07:30.000+0000",
      Region: "US East (N. Virginia)",
      AlarmArn: `arn:aws:cloudwatch:us-east-1:000000000000:alarm:${name}`,
      OldStateValue: "INSUFFICIENT_DATA",
      OKActions: [topic],
      AlarmActions: [topic],
      InsufficientDataActions: [],
    });
    expect(message).toContain(
      `"Trigger":{"MetricName":"${name}","Namespace":"Test","StatisticType":"Statistic","Statistic":"SUM","Unit":null,"Dimensions":[{"value":"thumbnailer","name":"FunctionName"}],"Period":60,"EvaluationPeriods":1,"DatapointsToAlarm":1,"ComparisonOperator":"GreaterThanOrEqualToThreshold","Threshold":3.0,"TreatMissingData":"notBreaching","EvaluateLowSampleCountPercentile":""}`,
    );
    const actions = await cw.send(
      new DescribeAlarmHistoryCommand({ AlarmName: name, HistoryItemType: "Action" }),
    );
    expect(actions.AlarmHistoryItems?.map((h) => h.HistorySummary)).toEqual([
      `Successfully executed action ${topic}`,
    ]);

    // Data stops: notBreaching counts the gap as good once the datapoint leaves the range.
    await evaluate(AT + 3 * MINUTE);
    expect(published.filter((m) => m.message.includes(`"${name}"`)).map((m) => m.subject)).toEqual([
      `ALARM: "${name}" in US East (N. Virginia)`,
      `OK: "${name}" in US East (N. Virginia)`,
    ]);
  });

  it("invokes a Lambda function whose policy lets CloudWatch alarms invoke it, with the alarm event", async () => {
    const fn = uniqueName("on-alarm");
    await lambda.send(
      new CreateFunctionCommand({
        FunctionName: fn,
        Runtime: "nodejs22.x",
        Role: TEST_ROLE,
        Handler: "index.handler",
        Code: {
          ZipFile: zipOf({
            "index.mjs":
              'export const handler = async (e) => { console.log("ALARM_EVENT " + JSON.stringify(e)); };',
          }),
        },
      }),
    );
    await waitUntilFunctionActiveV2({ client: lambda, maxWaitTime: 30 }, { FunctionName: fn });
    const functionArn = `arn:aws:lambda:us-east-1:000000000000:function:${fn}`;
    const [allowed, refused] = [uniqueName("lambda-allowed"), uniqueName("lambda-refused")];
    await lambda.send(
      new AddPermissionCommand({
        FunctionName: fn,
        StatementId: "alarms",
        Action: "lambda:InvokeFunction",
        Principal: "lambda.alarms.cloudwatch.amazonaws.com",
        SourceArn: `arn:aws:cloudwatch:us-east-1:000000000000:alarm:${allowed}`,
      }),
    );
    for (const name of [allowed, refused]) {
      await put({ AlarmName: name, AlarmDescription: "calls a function", AlarmActions: [functionArn] });
      // SetAlarmState fires the actions of the new state, as on AWS.
      await cw.send(
        new SetAlarmStateCommand({ AlarmName: name, StateValue: "ALARM", StateReason: "testing" }),
      );
    }
    const logs = logsClient(emulator.url);
    const event = await eventually(async () => {
      const out = await logs.send(
        new FilterLogEventsCommand({ logGroupName: `/aws/lambda/${fn}`, filterPattern: '"ALARM_EVENT"' }),
      );
      expect(out.events).toHaveLength(1);
      return JSON.parse(out.events![0]!.message!.slice(out.events![0]!.message!.indexOf("{"))) as Record<
        string,
        unknown
      >;
    }, 30_000);
    logs.destroy();
    expect(event).toMatchObject({
      source: "aws.cloudwatch",
      alarmArn: `arn:aws:cloudwatch:us-east-1:000000000000:alarm:${allowed}`,
      accountId: "000000000000",
      region: "us-east-1",
      alarmData: {
        alarmName: allowed,
        state: { value: "ALARM", reason: "testing" },
        previousState: { value: "INSUFFICIENT_DATA", reason: "Unchecked: Initial alarm creation" },
        configuration: {
          description: "calls a function",
          metrics: [
            {
              metricStat: {
                metric: { namespace: "Test", name: allowed, dimensions: {} },
                period: 60,
                stat: "Sum",
              },
              returnData: true,
            },
          ],
        },
      },
    });
    expect(String(event.time)).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+0000$/);
    const history = async (name: string) =>
      (
        await cw.send(new DescribeAlarmHistoryCommand({ AlarmName: name, HistoryItemType: "Action" }))
      ).AlarmHistoryItems?.map((h) => h.HistorySummary);
    expect(await history(allowed)).toEqual([`Successfully executed action ${functionArn}`]);
    expect((await history(refused))?.[0]).toMatch(
      new RegExp(`^Failed to execute action ${functionArn}\\. Received error: `),
    );
  });
});
