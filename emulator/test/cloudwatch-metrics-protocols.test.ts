import {
  GetMetricDataCommand,
  type GetMetricDataCommandInput,
  GetMetricStatisticsCommand,
  type GetMetricStatisticsCommandInput,
  ListMetricsCommand,
  type ListMetricsCommandInput,
  PutMetricDataCommand,
  type PutMetricDataCommandInput,
} from "@aws-sdk/client-cloudwatch";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { uniqueName } from "./support/clients.ts";
import { cloudWatchClient, members, queryXml } from "./support/cloudwatch.ts";
import { type BotoAnswer, botoCalls, minutesAgo } from "./support/cloudwatch-metrics.ts";

/*
 * The same metric data read back identically through the three protocols CloudWatch speaks:
 * awsJson1_0 (the JS SDK), rpc-v2-cbor (boto3) and the query protocol (a signed form POST,
 * XML answers in the monitoring namespace); and written through each of them.
 */

const cloudwatch = cloudWatchClient();
afterAll(() => cloudwatch.destroy());

const ns = uniqueName("Protocols");
const base = minutesAgo(15);
const at = (seconds: number) => new Date(base.getTime() + seconds * 1000);
const dims = [{ Name: "Api", Value: "upload" }];

beforeAll(async () => {
  await cloudwatch.send(
    new PutMetricDataCommand({
      Namespace: ns,
      MetricData: [
        {
          MetricName: "Latency",
          Dimensions: dims,
          Values: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10],
          Timestamp: at(3),
          Unit: "Milliseconds",
        },
        {
          MetricName: "Latency",
          Dimensions: dims,
          StatisticValues: { SampleCount: 2, Sum: 50, Minimum: 25, Maximum: 25 },
          Timestamp: at(65),
          Unit: "Milliseconds",
        },
        { MetricName: "Count", Value: 3, Timestamp: at(70), Unit: "Count" },
      ],
    }),
  );
});

async function viaQuery(action: string, input: object): Promise<Record<string, unknown>> {
  const res = await queryXml(action, input as Record<string, unknown>);
  expect(res.status, res.text).toBe(200);
  expect(res.text).toContain(`<${action}Response xmlns="http://monitoring.amazonaws.com/doc/2010-08-01/">`);
  return (res.body[`${action}Response`] as Record<string, Record<string, unknown>>)[`${action}Result`]!;
}

async function viaBoto(op: string, input: object): Promise<Record<string, unknown>> {
  const { protocol, answers } = await botoCalls([{ op, params: input as Record<string, unknown> }]);
  expect(protocol).toBe("smithy-rpc-v2-cbor");
  const [answer] = answers as [BotoAnswer];
  if (!("ok" in answer)) throw new Error(`boto3 ${op} failed: ${JSON.stringify(answer)}`);
  return answer.ok;
}

const seconds = (v: unknown) =>
  v instanceof Date ? v.getTime() / 1000 : typeof v === "string" ? Date.parse(v) / 1000 : v;
const num = (v: unknown) => (typeof v === "string" ? Number(v) : v);

/** GetMetricStatistics datapoints in one shape, whatever the protocol. */
function datapoints(list: unknown[]): unknown[] {
  return list
    .map((raw) => {
      const d = raw as Record<string, unknown>;
      const out: Record<string, unknown> = { Timestamp: seconds(d.Timestamp), Unit: d.Unit };
      for (const k of ["SampleCount", "Average", "Sum", "Minimum", "Maximum"])
        if (d[k] !== undefined) out[k] = num(d[k]);
      const ext = d.ExtendedStatistics as Record<string, unknown> | undefined;
      if (ext !== undefined) {
        // XML maps are <entry><key/><value/></entry> lists.
        const entries = "entry" in ext ? [ext.entry].flat() : null;
        out.ExtendedStatistics = entries
          ? Object.fromEntries(
              entries.map((e) => [(e as { key: string }).key, num((e as { value: string }).value)]),
            )
          : ext;
      }
      return out;
    })
    .sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
}

function metricDataResults(list: unknown[]): unknown[] {
  return list.map((raw) => {
    const r = raw as Record<string, unknown>;
    const timestamps = Array.isArray(r.Timestamps) ? r.Timestamps : members(r.Timestamps);
    const values = Array.isArray(r.Values) ? r.Values : members(r.Values);
    return {
      Id: r.Id,
      Label: r.Label,
      StatusCode: r.StatusCode,
      Timestamps: timestamps.map(seconds),
      Values: values.map(num),
    };
  });
}

describe("one data set through three protocols", () => {
  it("GetMetricStatistics: simple and extended statistics", async () => {
    const inputs: GetMetricStatisticsCommandInput[] = [
      {
        Namespace: ns,
        MetricName: "Latency",
        Dimensions: dims,
        StartTime: base,
        EndTime: at(180),
        Period: 60,
        Statistics: ["SampleCount", "Average", "Sum", "Minimum", "Maximum"],
      },
      {
        Namespace: ns,
        MetricName: "Latency",
        Dimensions: dims,
        StartTime: base,
        EndTime: at(180),
        Period: 60,
        ExtendedStatistics: ["p50", "p90"],
      },
    ];
    for (const input of inputs) {
      const js = await cloudwatch.send(new GetMetricStatisticsCommand(input));
      const expected = datapoints(js.Datapoints ?? []);
      expect(expected).toHaveLength(2);
      const boto = await viaBoto("get_metric_statistics", input);
      expect(boto.Label).toBe("Latency");
      expect(datapoints(boto.Datapoints as unknown[])).toEqual(expected);
      const query = await viaQuery("GetMetricStatistics", input);
      expect(query.Label).toBe("Latency");
      expect(datapoints(members(query.Datapoints))).toEqual(expected);
    }
    const js = await cloudwatch.send(new GetMetricStatisticsCommand(inputs[1]!));
    expect(datapoints(js.Datapoints ?? [])).toEqual([
      { Timestamp: base.getTime() / 1000, Unit: "Milliseconds", ExtendedStatistics: { p50: 5, p90: 9 } },
      { Timestamp: at(60).getTime() / 1000, Unit: "Milliseconds", ExtendedStatistics: { p50: 25, p90: 25 } },
    ]);
  });

  it("GetMetricData: a metric stat and an expression", async () => {
    const input: GetMetricDataCommandInput = {
      StartTime: base,
      EndTime: at(180),
      MetricDataQueries: [
        {
          Id: "m1",
          MetricStat: {
            Metric: { Namespace: ns, MetricName: "Latency", Dimensions: dims },
            Period: 60,
            Stat: "Sum",
          },
        },
        { Id: "e1", Expression: "m1 / 5", Label: "fifth" },
      ],
    };
    const js = await cloudwatch.send(new GetMetricDataCommand(input));
    const expected = metricDataResults(js.MetricDataResults ?? []);
    expect(expected).toEqual([
      {
        Id: "m1",
        Label: "Latency",
        StatusCode: "Complete",
        Timestamps: [at(60), base].map(seconds),
        Values: [50, 55],
      },
      {
        Id: "e1",
        Label: "fifth",
        StatusCode: "Complete",
        Timestamps: [at(60), base].map(seconds),
        Values: [10, 11],
      },
    ]);
    const boto = await viaBoto("get_metric_data", input);
    expect(metricDataResults(boto.MetricDataResults as unknown[])).toEqual(expected);
    expect(boto.Messages).toEqual([]);
    const query = await viaQuery("GetMetricData", input);
    expect(metricDataResults(members(query.MetricDataResults))).toEqual(expected);
  });

  it("ListMetrics", async () => {
    const input: ListMetricsCommandInput = { Namespace: ns };
    const shape = (list: unknown[]) =>
      list.map((raw) => {
        const m = raw as Record<string, unknown>;
        const d = Array.isArray(m.Dimensions) ? m.Dimensions : members(m.Dimensions);
        return [m.Namespace, m.MetricName, d];
      });
    const js = shape((await cloudwatch.send(new ListMetricsCommand(input))).Metrics ?? []);
    expect(js).toEqual([
      [ns, "Count", []],
      [ns, "Latency", dims],
    ]);
    expect(shape((await viaBoto("list_metrics", input)).Metrics as unknown[])).toEqual(js);
    expect(shape(members((await viaQuery("ListMetrics", input)).Metrics))).toEqual(js);
  });
});

describe("writes and errors through each protocol", () => {
  it("PutMetricData through boto3 and the query protocol lands in the same store", async () => {
    const writeNs = uniqueName("Writers");
    const input = (value: number): PutMetricDataCommandInput => ({
      Namespace: writeNs,
      MetricData: [
        {
          MetricName: "M",
          Dimensions: dims,
          Values: [value, value + 1],
          Counts: [1, 2],
          Timestamp: at(1),
          Unit: "Count",
        },
        {
          MetricName: "M",
          Dimensions: dims,
          StatisticValues: { SampleCount: 1, Sum: value, Minimum: value, Maximum: value },
          Timestamp: at(2),
          Unit: "Count",
        },
      ],
    });
    await viaBoto("put_metric_data", input(10));
    await viaQuery("PutMetricData", input(100));
    const out = await cloudwatch.send(
      new GetMetricStatisticsCommand({
        Namespace: writeNs,
        MetricName: "M",
        Dimensions: dims,
        StartTime: base,
        EndTime: at(60),
        Period: 60,
        Statistics: ["SampleCount", "Sum", "Minimum", "Maximum"],
      }),
    );
    // Each writer: value, value+1 twice, and value once more (a statistic set).
    expect(datapoints(out.Datapoints ?? [])).toEqual([
      {
        Timestamp: base.getTime() / 1000,
        Unit: "Count",
        SampleCount: 8,
        Sum: 10 + 22 + 10 + 100 + 202 + 100,
        Minimum: 10,
        Maximum: 101,
      },
    ]);
  });

  it("an error keeps its query code: header on CBOR, <Code> in XML", async () => {
    const input = { Namespace: ns, MetricData: [{ MetricName: "M", Value: 1, Values: [1] }] };
    const message =
      "The parameters MetricData.member.1.Value and MetricData.member.1.Values are mutually exclusive and you have specified both.";
    const { answers } = await botoCalls([{ op: "put_metric_data", params: input }]);
    expect(answers[0]).toMatchObject({
      error: { Code: "InvalidParameterCombination", Message: message },
      status: 400,
      queryError: "InvalidParameterCombination;Sender",
    });
    const res = await queryXml("PutMetricData", input);
    expect(res.status).toBe(400);
    expect(res.body.ErrorResponse).toMatchObject({
      Error: { Type: "Sender", Code: "InvalidParameterCombination", Message: message },
    });
    const datapoints = await queryXml("GetMetricStatistics", {
      Namespace: ns,
      MetricName: "M",
      StartTime: new Date(Date.now() - 86_400_000),
      EndTime: new Date(Date.now() + 60_000),
      Period: 60,
      Statistics: ["Sum"],
    });
    expect(datapoints.status).toBe(400);
    expect(datapoints.body.ErrorResponse).toMatchObject({ Error: { Code: "InvalidParameterCombination" } });
  });
});
