import { fileURLToPath } from "node:url";
import {
  type CloudWatchClient,
  type Dimension,
  GetMetricDataCommand,
  ListMetricsCommand,
} from "@aws-sdk/client-cloudwatch";
import {
  type CloudWatchLogsClient,
  CreateLogGroupCommand,
  CreateLogStreamCommand,
  FilterLogEventsCommand,
  PutLogEventsCommand,
  PutMetricFilterCommand,
} from "@aws-sdk/client-cloudwatch-logs";
import { CreateFunctionCommand, InvokeCommand, waitUntilFunctionActiveV2 } from "@aws-sdk/client-lambda";
import { build } from "esbuild";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningEmulator, startEmulator } from "../src/index.ts";
import { createLogsService } from "../src/services/logs/index.ts";
import { uniqueName } from "./support/clients.ts";
import { cloudWatchClient } from "./support/cloudwatch.ts";
import { minutesAgo } from "./support/cloudwatch-metrics.ts";
import { eventually, lambdaClient, TEST_ROLE, zipOf } from "./support/lambda.ts";
import { logsClient } from "./support/logs-client.ts";

/*
 * Embedded metric format and metric filters: log events become metrics in the store, read back
 * with GetMetricData. An emulator in this process, so the in-process log sink is reachable too.
 */

let emulator: RunningEmulator;
let logs: CloudWatchLogsClient;
let cloudwatch: CloudWatchClient;

beforeAll(async () => {
  emulator = await startEmulator({ port: 0, persist: false });
  logs = logsClient(emulator.url);
  cloudwatch = cloudWatchClient(emulator.url);
});

afterAll(async () => {
  logs.destroy();
  cloudwatch.destroy();
  await emulator.stop();
});

const base = minutesAgo(5);

async function groupWithStream(): Promise<string> {
  const group = `/test/emf/${uniqueName("g")}`;
  await logs.send(new CreateLogGroupCommand({ logGroupName: group }));
  await logs.send(new CreateLogStreamCommand({ logGroupName: group, logStreamName: "s" }));
  return group;
}

async function putMessages(group: string, messages: string[], at = base.getTime() + 1_000) {
  await logs.send(
    new PutLogEventsCommand({
      logGroupName: group,
      logStreamName: "s",
      logEvents: messages.map((message, i) => ({ timestamp: at + i, message })),
    }),
  );
}

/** One statistic of one metric over the last ten minutes, oldest first. */
async function values(
  namespace: string,
  metricName: string,
  stat: string,
  dimensions: Dimension[] = [],
  period = 600,
): Promise<number[]> {
  const out = await cloudwatch.send(
    new GetMetricDataCommand({
      StartTime: minutesAgo(10),
      EndTime: new Date(Date.now() + 60_000),
      ScanBy: "TimestampAscending",
      MetricDataQueries: [
        {
          Id: "m",
          MetricStat: {
            Metric: { Namespace: namespace, MetricName: metricName, Dimensions: dimensions },
            Period: period,
            Stat: stat,
          },
        },
      ],
    }),
  );
  return out.MetricDataResults?.[0]?.Values ?? [];
}

function emf(namespace: string, extra: Record<string, unknown> = {}, timestamp = base.getTime() + 2_000) {
  return JSON.stringify({
    _aws: {
      Timestamp: timestamp,
      CloudWatchMetrics: [
        {
          Namespace: namespace,
          Dimensions: [["Service"], ["Service", "Operation"]],
          Metrics: [
            { Name: "Latency", Unit: "Milliseconds" },
            { Name: "Requests", Unit: "Count" },
          ],
        },
      ],
    },
    Service: "thumbnailer",
    Operation: "resize",
    Latency: [10, 20],
    Requests: 1,
    requestId: "not a dimension",
    ...extra,
  });
}

describe("embedded metric format through PutLogEvents", () => {
  it("publishes each metric once per dimension set, with array values as samples", async () => {
    const group = await groupWithStream();
    const ns = uniqueName("Emf");
    await putMessages(group, [emf(ns), emf(ns, { Latency: 30, Requests: 2 })]);
    const service = [{ Name: "Service", Value: "thumbnailer" }];
    const both = [...service, { Name: "Operation", Value: "resize" }];
    expect(await values(ns, "Latency", "Sum", service)).toEqual([60]);
    expect(await values(ns, "Latency", "SampleCount", both)).toEqual([3]);
    expect(await values(ns, "Latency", "Maximum", both)).toEqual([30]);
    expect(await values(ns, "Requests", "Sum", both)).toEqual([3]);
    // No metric without dimensions, and requestId is not a dimension.
    expect(await values(ns, "Latency", "Sum")).toEqual([]);
    const listed = await cloudwatch.send(new ListMetricsCommand({ Namespace: ns }));
    expect(listed.Metrics?.map((m) => [m.MetricName, m.Dimensions?.map((d) => d.Name)])).toEqual([
      ["Latency", ["Operation", "Service"]],
      ["Latency", ["Service"]],
      ["Requests", ["Operation", "Service"]],
      ["Requests", ["Service"]],
    ]);
  });

  it("keeps units and storage resolution, and takes the time from _aws.Timestamp", async () => {
    const group = await groupWithStream();
    const ns = uniqueName("EmfRes");
    const doc = (seconds: number, value: number) =>
      JSON.stringify({
        _aws: {
          Timestamp: base.getTime() + seconds * 1000,
          CloudWatchMetrics: [
            { Namespace: ns, Dimensions: [[]], Metrics: [{ Name: "Fast", StorageResolution: 1 }] },
          ],
        },
        Fast: value,
      });
    // The events' own timestamps are a minute later: the document's time counts.
    await putMessages(group, [doc(1, 5), doc(2, 6)], base.getTime() + 60_000);
    const out = await cloudwatch.send(
      new GetMetricDataCommand({
        StartTime: base,
        EndTime: new Date(base.getTime() + 120_000),
        ScanBy: "TimestampAscending",
        MetricDataQueries: [
          { Id: "f", MetricStat: { Metric: { Namespace: ns, MetricName: "Fast" }, Period: 1, Stat: "Sum" } },
        ],
      }),
    );
    expect(out.MetricDataResults?.[0]?.Timestamps?.map((t) => (t.getTime() - base.getTime()) / 1000)).toEqual(
      [1, 2],
    );
    expect(out.MetricDataResults?.[0]?.Values).toEqual([5, 6]);
  });

  it("ignores documents that break the specification, and stores the events all the same", async () => {
    const group = await groupWithStream();
    const ns = uniqueName("EmfBad");
    const broken = [
      emf(ns, { _aws: { CloudWatchMetrics: [] } }),
      emf(ns, { Service: 42 }),
      emf(ns, { Operation: undefined }),
      emf(ns, { Latency: "fast" }),
      emf(ns, { Requests: [1, "2"] }),
      JSON.stringify({
        _aws: {
          Timestamp: base.getTime(),
          CloudWatchMetrics: [{ Namespace: ns, Dimensions: [[]], Metrics: [{ Name: "X", Unit: "Parsecs" }] }],
        },
        X: 1,
      }),
      JSON.stringify({
        _aws: {
          Timestamp: base.getTime(),
          CloudWatchMetrics: [{ Namespace: ns, Dimensions: [], Metrics: [{ Name: "X" }] }],
        },
        X: 1,
      }),
      `${emf(ns)} trailing text`,
      '{"_aws": not json',
    ];
    await putMessages(group, broken);
    const listed = await cloudwatch.send(new ListMetricsCommand({ Namespace: ns }));
    expect(listed.Metrics).toEqual([]);
    const stored = await logs.send(new FilterLogEventsCommand({ logGroupName: group }));
    expect(stored.events?.map((e) => e.message)).toEqual(broken);
  });

  it("accepts Lambda's timestamp, request id and level in front of the document", async () => {
    const group = await groupWithStream();
    const ns = uniqueName("EmfPrefix");
    await putMessages(group, [`2026-01-01T00:00:00.000Z\tc0ffee\tINFO\t${emf(ns)}\n`]);
    expect(await values(ns, "Requests", "Sum", [{ Name: "Service", Value: "thumbnailer" }])).toEqual([1]);
  });
});

describe("embedded metric format through the in-process log sink", () => {
  it("extracts metrics from lines other services write", async () => {
    const ns = uniqueName("EmfSink");
    const { sink } = createLogsService(emulator.runtime);
    sink.append(
      {
        accountId: "000000000000",
        region: "us-east-1",
        group: `/aws/lambda/${uniqueName("fn")}`,
        stream: "s",
      },
      [{ timestamp: base.getTime() + 1_000, message: `${emf(ns)}\n` }],
    );
    expect(await values(ns, "Latency", "Sum", [{ Name: "Service", Value: "thumbnailer" }])).toEqual([30]);
  });
});

describe("a function using @aws-lambda-powertools/metrics", () => {
  const REPO = fileURLToPath(new URL("../../", import.meta.url));
  const HANDLER = `
import { Metrics, MetricUnit } from "@aws-lambda-powertools/metrics";
const metrics = new Metrics();
export const handler = async (event) => {
  metrics.addDimension("Stage", "test");
  metrics.addMetric("ImagesProcessed", MetricUnit.Count, event.count);
  metrics.addMetric("ProcessingTime", MetricUnit.Milliseconds, event.ms);
  metrics.publishStoredMetrics();
  return { ok: true };
};`;

  /** The handler with Powertools inside, as one ES module (the way lambdas/build bundles). */
  async function bundle(): Promise<string> {
    const out = await build({
      stdin: { contents: HANDLER, resolveDir: `${REPO}lambdas`, sourcefile: "handler.mjs", loader: "js" },
      bundle: true,
      format: "esm",
      platform: "node",
      target: "node20",
      write: false,
      logLevel: "silent",
      banner: {
        js: 'import { createRequire } from "node:module"; const require = createRequire(import.meta.url);',
      },
    });
    return out.outputFiles[0]!.text;
  }

  it("produces metrics GetMetricData returns with the right dimensions and values", async () => {
    const lambda = lambdaClient(emulator.url);
    const name = uniqueName("emf-fn");
    const ns = uniqueName("Powertools");
    await lambda.send(
      new CreateFunctionCommand({
        FunctionName: name,
        Runtime: "nodejs22.x",
        Role: TEST_ROLE,
        Handler: "index.handler",
        Code: { ZipFile: zipOf({ "index.mjs": await bundle() }) },
        Environment: {
          Variables: { POWERTOOLS_METRICS_NAMESPACE: ns, POWERTOOLS_SERVICE_NAME: "thumbnailer" },
        },
      }),
    );
    await waitUntilFunctionActiveV2({ client: lambda, maxWaitTime: 30 }, { FunctionName: name });
    for (const event of [
      { count: 3, ms: 120 },
      { count: 4, ms: 80 },
    ]) {
      const out = await lambda.send(
        new InvokeCommand({ FunctionName: name, Payload: JSON.stringify(event) }),
      );
      expect(out.FunctionError, Buffer.from(out.Payload ?? []).toString()).toBeUndefined();
    }
    lambda.destroy();
    const dims = [
      { Name: "service", Value: "thumbnailer" },
      { Name: "Stage", Value: "test" },
    ];
    // The function's log lines reach CloudWatch Logs as it writes them, after the response.
    await eventually(async () => {
      expect(await values(ns, "ImagesProcessed", "Sum", dims)).toEqual([7]);
    });
    expect(await values(ns, "ProcessingTime", "Maximum", dims)).toEqual([120]);
    expect(await values(ns, "ProcessingTime", "SampleCount", dims)).toEqual([2]);
    // Lambda's own platform metrics are in the same store.
    await eventually(async () => {
      expect(
        await values("AWS/Lambda", "Invocations", "Sum", [{ Name: "FunctionName", Value: name }]),
      ).toEqual([2]);
    });
  });
});

describe("a metric filter extracting $.durationMs", () => {
  it("puts the extracted values into the store", async () => {
    const group = await groupWithStream();
    const ns = uniqueName("Durations");
    await logs.send(
      new PutMetricFilterCommand({
        logGroupName: group,
        filterName: "durations",
        filterPattern: "{ $.durationMs = * }",
        metricTransformations: [
          { metricName: "Duration", metricNamespace: ns, metricValue: "$.durationMs", unit: "Milliseconds" },
        ],
      }),
    );
    await putMessages(group, [
      JSON.stringify({ durationMs: 120, path: "/a" }),
      JSON.stringify({ durationMs: 80, path: "/b" }),
      JSON.stringify({ path: "/c" }),
      JSON.stringify({ durationMs: 40.5 }),
    ]);
    expect(await values(ns, "Duration", "Sum")).toEqual([240.5]);
    expect(await values(ns, "Duration", "SampleCount")).toEqual([3]);
    expect(await values(ns, "Duration", "p50")).toEqual([80]);
    expect(await values(ns, "Duration", "Maximum")).toEqual([120]);
  });
});
