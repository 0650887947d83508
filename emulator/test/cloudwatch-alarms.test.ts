import {
  type CloudWatchClient,
  DeleteAlarmsCommand,
  DescribeAlarmHistoryCommand,
  DescribeAlarmsCommand,
  type DescribeAlarmsCommandInput,
  DescribeAlarmsForMetricCommand,
  DisableAlarmActionsCommand,
  EnableAlarmActionsCommand,
  ListTagsForResourceCommand,
  type MetricAlarm,
  PutCompositeAlarmCommand,
  PutMetricAlarmCommand,
  type PutMetricAlarmCommandInput,
  SetAlarmStateCommand,
  TagResourceCommand,
  UntagResourceCommand,
} from "@aws-sdk/client-cloudwatch";
import { cbor } from "@smithy/core/cbor";
import { XMLParser } from "fast-xml-parser";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningEmulator, startEmulator } from "../src/index.ts";
import { uniqueName } from "./support/clients.ts";
import { cborCall, cloudWatchClient, queryCall } from "./support/cloudwatch.ts";
import { expectAwsError } from "./support/expect-aws-error.ts";

/*
 * The alarm API on its own emulator (its schedule effectively off, so nothing changes an
 * alarm's state behind a test's back): the same alarm through all three protocols,
 * AWS's validation, the filters of DescribeAlarms, history, tags and composite alarms.
 */

let emulator: RunningEmulator;
let cw: CloudWatchClient;
beforeAll(async () => {
  emulator = await startEmulator({ port: 0, persist: false, alarmIntervalSeconds: 86_400 });
  cw = cloudWatchClient(emulator.url);
});
afterAll(async () => {
  cw.destroy();
  await emulator.stop();
});

const ACCOUNT = "000000000000";
const arnOf = (name: string) => `arn:aws:cloudwatch:us-east-1:${ACCOUNT}:alarm:${name}`;

function latencyAlarm(name: string): PutMetricAlarmCommandInput {
  return {
    AlarmName: name,
    AlarmDescription: "p95 latency of the thumbnailer",
    Namespace: "Darkroom/Thumbnails",
    MetricName: "Latency",
    Dimensions: [
      { Name: "Stage", Value: "prod" },
      { Name: "Function", Value: "thumbnailer" },
    ],
    ExtendedStatistic: "p95",
    Unit: "Milliseconds",
    Period: 60,
    EvaluationPeriods: 5,
    DatapointsToAlarm: 3,
    Threshold: 250.5,
    ComparisonOperator: "GreaterThanThreshold",
    TreatMissingData: "notBreaching",
    EvaluateLowSampleCountPercentile: "ignore",
    ActionsEnabled: false,
    AlarmActions: [`arn:aws:sns:us-east-1:${ACCOUNT}:pager`],
    OKActions: [`arn:aws:sns:us-east-1:${ACCOUNT}:pager`],
    InsufficientDataActions: [],
  };
}

async function describeOne(name: string): Promise<MetricAlarm> {
  const out = await cw.send(new DescribeAlarmsCommand({ AlarmNames: [name] }));
  expect(out.MetricAlarms).toHaveLength(1);
  return out.MetricAlarms![0]!;
}

/** What identifies the alarm (name, ARN) and when it was made aside, its description. */
function comparable(alarm: object) {
  const {
    AlarmName: _n,
    AlarmArn: _a,
    AlarmConfigurationUpdatedTimestamp: _c,
    StateUpdatedTimestamp: _s,
    StateTransitionedTimestamp: _t,
    ...rest
  } = alarm as Record<string, unknown>;
  return rest;
}

const xml = new XMLParser({ parseTagValue: false, isArray: (name) => name === "member" });

/** A MetricAlarm from the query protocol's XML, with the types the model gives its fields. */
function fromQuery(member: Record<string, unknown>): Record<string, unknown> {
  const list = (v: unknown) => ((v as { member?: unknown[] } | "") || { member: [] }).member ?? [];
  const numbers = ["Period", "EvaluationPeriods", "DatapointsToAlarm", "Threshold"];
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(member)) {
    if (["OKActions", "AlarmActions", "InsufficientDataActions", "Dimensions"].includes(k)) out[k] = list(v);
    else if (numbers.includes(k)) out[k] = Number(v);
    else if (k === "ActionsEnabled") out[k] = v === "true";
    else if (k.endsWith("Timestamp")) out[k] = new Date(String(v));
    else out[k] = v;
  }
  return out;
}

describe("one alarm, three protocols", () => {
  it("is created and described identically through awsJson1_0, the query protocol and rpc-v2-cbor", async () => {
    const [viaJson, viaQuery, viaCbor] = [uniqueName("json"), uniqueName("query"), uniqueName("cbor")];
    await cw.send(new PutMetricAlarmCommand(latencyAlarm(viaJson)));
    const put = await queryCall("PutMetricAlarm", { ...latencyAlarm(viaQuery) }, emulator.url);
    expect(put.status, put.body.toString()).toBe(200);
    const putCbor = await cborCall("PutMetricAlarm", { ...latencyAlarm(viaCbor) }, emulator.url);
    expect(putCbor.status, putCbor.body.toString()).toBe(200);

    const json = [await describeOne(viaJson), await describeOne(viaQuery), await describeOne(viaCbor)];
    expect(json[0]).toMatchObject({
      AlarmArn: arnOf(viaJson),
      AlarmDescription: "p95 latency of the thumbnailer",
      ActionsEnabled: false,
      StateValue: "INSUFFICIENT_DATA",
      StateReason: "Unchecked: Initial alarm creation",
      ExtendedStatistic: "p95",
      Threshold: 250.5,
      Dimensions: [
        { Name: "Stage", Value: "prod" },
        { Name: "Function", Value: "thumbnailer" },
      ],
    });
    expect(json[0]!.Statistic).toBeUndefined();
    expect(comparable(json[1]!)).toEqual(comparable(json[0]!));
    expect(comparable(json[2]!)).toEqual(comparable(json[0]!));

    // Each protocol describes the alarm the others created, field for field.
    const query = await queryCall("DescribeAlarms", { AlarmNames: [viaCbor] }, emulator.url);
    const doc = xml.parse(query.body.toString()) as {
      DescribeAlarmsResponse: {
        DescribeAlarmsResult: { MetricAlarms: { member: Array<Record<string, unknown>> } };
      };
    };
    const fromXml = fromQuery(doc.DescribeAlarmsResponse.DescribeAlarmsResult.MetricAlarms.member[0]!);
    expect(comparable(fromXml)).toEqual(comparable(json[0]!));
    // The query protocol writes the same instant (to the second or the millisecond).
    const xmlTime = (fromXml.AlarmConfigurationUpdatedTimestamp as Date).getTime();
    expect(Math.abs(xmlTime - json[2]!.AlarmConfigurationUpdatedTimestamp!.getTime())).toBeLessThan(1000);

    const viaCborDescribe = await cborCall("DescribeAlarms", { AlarmNames: [viaJson] }, emulator.url);
    const decoded = cbor.deserialize(viaCborDescribe.body) as {
      MetricAlarms: Array<Record<string, unknown>>;
    };
    const cborAlarm = Object.fromEntries(
      Object.entries(decoded.MetricAlarms[0]!).map(([k, v]) => [
        k,
        v !== null && typeof v === "object" && "tag" in v
          ? new Date((v as unknown as { value: number }).value * 1000)
          : v,
      ]),
    );
    expect(comparable(cborAlarm)).toEqual(comparable(json[0]!));
    expect(cborAlarm.StateUpdatedTimestamp).toEqual(json[0]!.StateUpdatedTimestamp);
  });
});

describe("PutMetricAlarm validation", () => {
  const base = (): PutMetricAlarmCommandInput => ({
    AlarmName: uniqueName("bad"),
    Namespace: "Darkroom",
    MetricName: "Errors",
    Statistic: "Sum",
    Period: 60,
    EvaluationPeriods: 1,
    Threshold: 1,
    ComparisonOperator: "GreaterThanThreshold",
  });

  it("answers AWS's errors", async () => {
    await expectAwsError(
      cw.send(new PutMetricAlarmCommand({ ...base(), TreatMissingData: "sometimes" })),
      "ValidationError",
      400,
      "The value sometimes is not supported for TreatMissingData parameter. Supported values are [breaching, notBreaching, ignore, missing].",
    );
    await expectAwsError(
      cw.send(new PutMetricAlarmCommand({ ...base(), EvaluateLowSampleCountPercentile: "maybe" })),
      "ValidationError",
      400,
      "Option maybe is not supported. Supported options for parameter EvaluateLowSampleCountPercentile are evaluate and ignore.",
    );
    await expectAwsError(
      cw.send(new PutMetricAlarmCommand({ ...base(), Statistic: undefined, ExtendedStatistic: "median" })),
      "InvalidParameterValue",
      400,
      "The value median for parameter ExtendedStatistic is not supported.",
    );
    const { MetricName: _m, Namespace: _n, Statistic: _s, Period: _p, ...noMetric } = base();
    await expectAwsError(
      cw.send(
        new PutMetricAlarmCommand({
          ...noMetric,
          Metrics: [
            { Id: "a", MetricStat: { Metric: { Namespace: "N", MetricName: "A" }, Period: 60, Stat: "Sum" } },
            { Id: "b", MetricStat: { Metric: { Namespace: "N", MetricName: "B" }, Period: 60, Stat: "Sum" } },
          ],
        }),
      ),
      "ValidationError",
      400,
      "Exactly one element of the metrics list should return data.",
    );
    await expectAwsError(
      cw.send(new PutMetricAlarmCommand({ ...base(), ComparisonOperator: "Above" as never })),
      "ValidationError",
      400,
      /^1 validation error detected: Value 'Above' at 'comparisonOperator' failed to satisfy constraint: Member must satisfy enum value set/,
    );
  });
});

describe("DescribeAlarms, DescribeAlarmsForMetric and alarm actions switches", () => {
  it("filters by names, prefix, state, action prefix and type, and pages", async () => {
    const prefix = uniqueName("filter");
    for (const suffix of ["a", "b", "c"]) {
      await cw.send(
        new PutMetricAlarmCommand({ ...latencyAlarm(`${prefix}-${suffix}`), ActionsEnabled: true }),
      );
    }
    await cw.send(
      new PutMetricAlarmCommand({
        ...latencyAlarm(`${prefix}-d`),
        AlarmActions: [`arn:aws:sns:us-east-1:${ACCOUNT}:other`],
      }),
    );
    await cw.send(
      new SetAlarmStateCommand({ AlarmName: `${prefix}-b`, StateValue: "OK", StateReason: "fine" }),
    );

    const names = async (input: DescribeAlarmsCommandInput) =>
      ((await cw.send(new DescribeAlarmsCommand(input))).MetricAlarms ?? []).map((a) => a.AlarmName);
    expect(await names({ AlarmNamePrefix: prefix })).toEqual(
      ["a", "b", "c", "d"].map((s) => `${prefix}-${s}`),
    );
    expect(await names({ AlarmNamePrefix: prefix, StateValue: "OK" })).toEqual([`${prefix}-b`]);
    expect(
      await names({ AlarmNamePrefix: prefix, ActionPrefix: `arn:aws:sns:us-east-1:${ACCOUNT}:oth` }),
    ).toEqual([`${prefix}-d`]);
    expect(await names({ AlarmNamePrefix: prefix, AlarmTypes: ["CompositeAlarm"] })).toEqual([]);

    const first = await cw.send(new DescribeAlarmsCommand({ AlarmNamePrefix: prefix, MaxRecords: 3 }));
    expect(first.MetricAlarms).toHaveLength(3);
    const rest = await cw.send(
      new DescribeAlarmsCommand({ AlarmNamePrefix: prefix, MaxRecords: 3, NextToken: first.NextToken }),
    );
    expect(rest.MetricAlarms?.map((a) => a.AlarmName)).toEqual([`${prefix}-d`]);
    expect(rest.NextToken).toBeUndefined();
    await expectAwsError(
      cw.send(new DescribeAlarmsCommand({ NextToken: "not-a-token" })),
      "InvalidNextToken",
      400,
    );

    const forMetric = await cw.send(
      new DescribeAlarmsForMetricCommand({
        Namespace: "Darkroom/Thumbnails",
        MetricName: "Latency",
        ExtendedStatistic: "p95",
        Dimensions: [
          { Name: "Function", Value: "thumbnailer" },
          { Name: "Stage", Value: "prod" },
        ],
      }),
    );
    expect(forMetric.MetricAlarms?.map((a) => a.AlarmName)).toEqual(
      expect.arrayContaining(["a", "b", "c", "d"].map((s) => `${prefix}-${s}`)),
    );

    await cw.send(new DisableAlarmActionsCommand({ AlarmNames: [`${prefix}-a`, `${prefix}-c`] }));
    expect(await names({ AlarmNames: [`${prefix}-a`, `${prefix}-b`] })).toHaveLength(2);
    const enabled = async (n: string) => (await describeOne(`${prefix}-${n}`)).ActionsEnabled;
    expect([await enabled("a"), await enabled("b"), await enabled("c")]).toEqual([false, true, false]);
    await cw.send(new EnableAlarmActionsCommand({ AlarmNames: [`${prefix}-a`] }));
    expect(await enabled("a")).toBe(true);
  });
});

describe("SetAlarmState and history", () => {
  it("sets the state, checks its reason data, and records AWS's history items", async () => {
    const name = uniqueName("state");
    await cw.send(new PutMetricAlarmCommand(latencyAlarm(name)));
    await cw.send(new PutMetricAlarmCommand({ ...latencyAlarm(name), Threshold: 300 }));
    await cw.send(
      new SetAlarmStateCommand({
        AlarmName: name,
        StateValue: "ALARM",
        StateReason: "testing",
        StateReasonData: '{"source":"test"}',
      }),
    );
    const alarm = await describeOne(name);
    expect(alarm).toMatchObject({
      StateValue: "ALARM",
      StateReason: "testing",
      StateReasonData: '{"source":"test"}',
    });
    expect(alarm.StateTransitionedTimestamp).toEqual(alarm.StateUpdatedTimestamp);

    await expectAwsError(
      cw.send(
        new SetAlarmStateCommand({
          AlarmName: name,
          StateValue: "OK",
          StateReason: "x",
          StateReasonData: "{",
        }),
      ),
      "InvalidFormat",
      400,
    );
    await expectAwsError(
      cw.send(
        new SetAlarmStateCommand({ AlarmName: uniqueName("none"), StateValue: "OK", StateReason: "x" }),
      ),
      "ResourceNotFound",
      404,
    );
    await expectAwsError(
      cw.send(new SetAlarmStateCommand({ AlarmName: name, StateValue: "BROKEN" as never, StateReason: "x" })),
      "ValidationError",
      400,
      "1 validation error detected: Value 'BROKEN' at 'stateValue' failed to satisfy constraint: Member must satisfy enum value set: [INSUFFICIENT_DATA, ALARM, OK]",
    );

    const history =
      (await cw.send(new DescribeAlarmHistoryCommand({ AlarmName: name }))).AlarmHistoryItems ?? [];
    expect(history.map((h) => [h.HistoryItemType, h.HistorySummary])).toEqual([
      ["StateUpdate", "Alarm updated from INSUFFICIENT_DATA to ALARM"],
      ["ConfigurationUpdate", `Alarm "${name}" updated`],
      ["ConfigurationUpdate", `Alarm "${name}" created`],
    ]);
    expect(JSON.parse(history[0]!.HistoryData!)).toEqual({
      version: "1.0",
      oldState: { stateValue: "INSUFFICIENT_DATA", stateReason: "Unchecked: Initial alarm creation" },
      newState: { stateValue: "ALARM", stateReason: "testing", stateReasonData: { source: "test" } },
    });
    const created = JSON.parse(history[2]!.HistoryData!) as {
      type: string;
      createdAlarm: Record<string, unknown>;
    };
    expect(created.type).toBe("Create");
    expect(created.createdAlarm).toMatchObject({
      alarmName: name,
      extendedStatistic: "p95",
      threshold: 250.5,
    });
    expect(history[2]!.HistoryData).toContain('"okactions":[');

    const ascending = await cw.send(
      new DescribeAlarmHistoryCommand({
        AlarmName: name,
        ScanBy: "TimestampAscending",
        HistoryItemType: "ConfigurationUpdate",
      }),
    );
    expect(ascending.AlarmHistoryItems?.map((h) => h.HistorySummary)).toEqual([
      `Alarm "${name}" created`,
      `Alarm "${name}" updated`,
    ]);
    const later = await cw.send(
      new DescribeAlarmHistoryCommand({ AlarmName: name, StartDate: new Date(Date.now() + 60_000) }),
    );
    expect(later.AlarmHistoryItems).toEqual([]);
  });
});

describe("tags", () => {
  it("tags, untags and lists an alarm's tags; a deleted alarm lists none", async () => {
    const name = uniqueName("tagged");
    await cw.send(
      new PutMetricAlarmCommand({
        ...latencyAlarm(name),
        Tags: [{ Key: "Environment", Value: "Production" }],
      }),
    );
    const arn = arnOf(name);
    await cw.send(
      new TagResourceCommand({
        ResourceARN: arn,
        Tags: [
          { Key: "tag1", Value: "foo" },
          { Key: "tag2", Value: "bar" },
        ],
      }),
    );
    await cw.send(new UntagResourceCommand({ ResourceARN: arn, TagKeys: ["tag1"] }));
    expect((await cw.send(new ListTagsForResourceCommand({ ResourceARN: arn }))).Tags).toEqual([
      { Key: "Environment", Value: "Production" },
      { Key: "tag2", Value: "bar" },
    ]);
    await cw.send(new DeleteAlarmsCommand({ AlarmNames: [name] }));
    expect((await cw.send(new ListTagsForResourceCommand({ ResourceARN: arn }))).Tags).toEqual([]);
    await expectAwsError(
      cw.send(new TagResourceCommand({ ResourceARN: arn, Tags: [{ Key: "k", Value: "v" }] })),
      "ResourceNotFoundException",
      404,
    );
  });
});

describe("composite alarms", () => {
  it("follow their children, list children and parents, and guard their deletion", async () => {
    const [cpu, disk, both] = [uniqueName("cpu"), uniqueName("disk"), uniqueName("both")];
    await cw.send(new PutMetricAlarmCommand(latencyAlarm(cpu)));
    await cw.send(new PutMetricAlarmCommand(latencyAlarm(disk)));
    await expectAwsError(
      cw.send(new PutCompositeAlarmCommand({ AlarmName: both, AlarmRule: `ALARM(${cpu}) OR ALARM(gone)` })),
      "ValidationError",
      400,
      "Could not save the composite alarm as alarms [gone] in the alarm rule do not exist",
    );
    await expectAwsError(
      cw.send(new PutCompositeAlarmCommand({ AlarmName: both, AlarmRule: ` ALARM(${cpu})` })),
      "ValidationError",
      400,
      "AlarmRule must not contain leading or trailing whitespace or be null",
    );
    await cw.send(
      new PutCompositeAlarmCommand({
        AlarmName: both,
        AlarmRule: `ALARM(${cpu}) AND ALARM("${arnOf(disk)}")`,
        AlarmDescription: "both at once",
      }),
    );
    const composite = async () =>
      (await cw.send(new DescribeAlarmsCommand({ AlarmNames: [both], AlarmTypes: ["CompositeAlarm"] })))
        .CompositeAlarms?.[0];
    // Evaluated at once: the rule does not hold, so OK rather than INSUFFICIENT_DATA.
    expect((await composite())?.StateValue).toBe("OK");

    await cw.send(new SetAlarmStateCommand({ AlarmName: cpu, StateValue: "ALARM", StateReason: "hot" }));
    expect((await composite())?.StateValue).toBe("OK");
    await cw.send(new SetAlarmStateCommand({ AlarmName: disk, StateValue: "ALARM", StateReason: "full" }));
    const inAlarm = await composite();
    expect(inAlarm).toMatchObject({ StateValue: "ALARM", AlarmDescription: "both at once" });
    expect(inAlarm?.StateReason).toMatch(
      new RegExp(
        `^${arnOf(disk)} transitioned to ALARM at \\w+day \\d\\d \\w+, \\d{4} \\d\\d:\\d\\d:\\d\\d UTC$`,
      ),
    );
    expect(JSON.parse(inAlarm!.StateReasonData!)).toEqual({
      triggeringAlarms: [
        { arn: arnOf(disk), state: { value: "ALARM", timestamp: expect.stringMatching(/\+0000$/) } },
      ],
    });
    await cw.send(new SetAlarmStateCommand({ AlarmName: cpu, StateValue: "OK", StateReason: "cool" }));
    expect((await composite())?.StateValue).toBe("OK");

    const children = await cw.send(new DescribeAlarmsCommand({ ChildrenOfAlarmName: both }));
    expect(children.MetricAlarms?.map((a) => a.AlarmName).sort()).toEqual([cpu, disk].sort());
    expect(Object.keys(children.MetricAlarms![0]!).sort()).toEqual([
      "AlarmArn",
      "AlarmName",
      "StateUpdatedTimestamp",
      "StateValue",
    ]);
    const parents = await cw.send(new DescribeAlarmsCommand({ ParentsOfAlarmName: cpu }));
    expect(parents.CompositeAlarms?.map((a) => a.AlarmName)).toEqual([both]);

    await expectAwsError(
      cw.send(new DeleteAlarmsCommand({ AlarmNames: [cpu] })),
      "ValidationError",
      400,
      `Cannot delete ${cpu} as there are composite alarm(s) depending on it.`,
    );
    await cw.send(new DeleteAlarmsCommand({ AlarmNames: [both, cpu, disk, uniqueName("never-was")] }));
    expect(
      (
        await cw.send(
          new DescribeAlarmsCommand({
            AlarmNames: [both, cpu, disk],
            AlarmTypes: ["MetricAlarm", "CompositeAlarm"],
          }),
        )
      ).MetricAlarms,
    ).toEqual([]);
  });
});
