import {
  type CloudWatchLogsClient,
  CreateLogGroupCommand,
  CreateLogStreamCommand,
  DeleteMetricFilterCommand,
  DescribeLogGroupsCommand,
  DescribeMetricFiltersCommand,
  type MetricTransformation,
  PutLogEventsCommand,
  PutMetricFilterCommand,
} from "@aws-sdk/client-cloudwatch-logs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningEmulator, startEmulator } from "../src/index.ts";
import { createLogsService } from "../src/services/logs/index.ts";
import { uniqueName } from "./support/clients.ts";
import { expectAwsError } from "./support/expect-aws-error.ts";
import { logsClient } from "./support/logs-client.ts";
import { minuteOf, storedMinutes } from "./support/stored-metrics.ts";

/**
 * Metric filters, seen from an emulator started in this process: the data points the filters
 * emit are read back from its metric store, a minute at a time.
 */
let emulator: RunningEmulator;
let logs: CloudWatchLogsClient;

beforeAll(async () => {
  emulator = await startEmulator({ port: 0, persist: false });
  logs = logsClient(emulator.url);
});

const stored = (namespace: string) => storedMinutes(emulator.runtime.metrics, namespace);

/** A second into a minute a few minutes ago: a test's events stay within one minute. */
const minuteBase = () => minuteOf(Date.now() - 300_000) + 1_000;

afterAll(async () => {
  logs.destroy();
  await emulator.stop();
});

async function groupWith(stream = "s") {
  const group = `/test/metrics/${uniqueName("g")}`;
  await logs.send(new CreateLogGroupCommand({ logGroupName: group }));
  await logs.send(new CreateLogStreamCommand({ logGroupName: group, logStreamName: stream }));
  return group;
}

function putFilter(group: string, filterPattern: string, t: Partial<MetricTransformation>, filterName = "f") {
  return logs.send(
    new PutMetricFilterCommand({
      logGroupName: group,
      filterName,
      filterPattern,
      metricTransformations: [{ metricName: "M", metricNamespace: "NS", metricValue: "1", ...t }],
    }),
  );
}

function putMessages(group: string, messages: string[], base = minuteBase()) {
  return logs.send(
    new PutLogEventsCommand({
      logGroupName: group,
      logStreamName: "s",
      logEvents: messages.map((message, i) => ({ timestamp: base + i, message })),
    }),
  );
}

describe("metric filters emit data points", () => {
  it('{ $.level = "ERROR" } emits exactly one data point per matching event, with its dimensions', async () => {
    const group = await groupWith();
    const namespace = uniqueName("Errors");
    await putFilter(group, '{ $.level = "ERROR" }', {
      metricName: "ErrorCount",
      metricNamespace: namespace,
      metricValue: "1",
      unit: "Count",
      dimensions: { Level: "$.level", Service: "$.service" },
    });
    const base = minuteBase();
    const events = [
      { level: "INFO", service: "api" },
      { level: "ERROR", service: "api" },
      { level: "ERROR", service: "worker" },
      { level: "WARN", service: "api" },
      { level: "ERROR", service: "api" },
    ];
    await putMessages(
      group,
      events.map((e) => JSON.stringify(e)),
      base,
    );
    await putMessages(group, ["ERROR but not JSON"], base + 100);

    // Stored in the caller's account and region, per dimension set, in the events' minute.
    const points = stored(namespace);
    expect(points.map((p) => [p.dimensions, p.sampleCount, p.sum])).toEqual([
      [{ Level: "ERROR", Service: "api" }, 2, 2],
      [{ Level: "ERROR", Service: "worker" }, 1, 1],
    ]);
    for (const p of points) {
      expect(p).toMatchObject({
        metricName: "ErrorCount",
        unit: "Count",
        minute: minuteOf(base),
        minimum: 1,
      });
    }
  });

  it("takes the value from a JSON field, and skips events where it is missing or not a number", async () => {
    const group = await groupWith();
    const namespace = uniqueName("Latency");
    await putFilter(group, "{ $.latency > 0 }", { metricNamespace: namespace, metricValue: "$.latency" });
    await putMessages(group, ['{"latency": 120}', '{"latency": "80"}', '{"latency": -1}', '{"other": 1}']);
    expect(stored(namespace).map((p) => [p.sampleCount, p.minimum, p.maximum, p.unit])).toEqual([
      [2, 80, 120, "None"],
    ]);
  });

  it("emits the default value, without dimensions, for events that do not match", async () => {
    const group = await groupWith();
    const namespace = uniqueName("Defaults");
    await putFilter(group, "ERROR", { metricNamespace: namespace, metricValue: "2", defaultValue: 0 });
    await putMessages(group, ["ERROR one", "fine", "ERROR two", "also fine"]);
    // Two matches (2 each) and two defaults (0 each), all without dimensions.
    expect(stored(namespace).map((p) => [p.dimensions, p.sampleCount, p.sum, p.minimum, p.maximum])).toEqual([
      [{}, 4, 4, 0, 2],
    ]);
  });

  it("takes values and dimensions from space-delimited fields", async () => {
    const group = await groupWith();
    const namespace = uniqueName("Bytes");
    await putFilter(group, "[ip, user, status, bytes]", {
      metricNamespace: namespace,
      metricValue: "$bytes",
      unit: "Bytes",
      dimensions: { Status: "$status" },
    });
    await putMessages(group, ["1.1.1.1 alice 200 512", "1.1.1.2 bob 404 0", "too few words"]);
    expect(stored(namespace).map((p) => [p.sum, p.sampleCount, p.dimensions, p.unit])).toEqual([
      [512, 1, { Status: "200" }, "Bytes"],
      [0, 1, { Status: "404" }, "Bytes"],
    ]);
  });

  it("runs every filter of the group on events written through the in-process sink", async () => {
    const group = `/aws/lambda/${uniqueName("fn")}`;
    const namespace = uniqueName("Sink");
    const { sink } = createLogsService(emulator.runtime);
    // The sink creates the group; the filter then applies to later lines.
    sink.append(
      { accountId: "000000000000", region: "us-east-1", group, stream: "2024/01/01/[$LATEST]abc" },
      [],
    );
    await putFilter(group, "?REPORT ?ERROR", { metricNamespace: namespace });
    await putFilter(group, "{ $.level = * }", { metricNamespace: namespace, metricName: "Json" }, "json");
    const now = Date.now();
    sink.append(
      { accountId: "000000000000", region: "us-east-1", group, stream: "2024/01/01/[$LATEST]abc" },
      [
        { timestamp: now, message: "START RequestId: 1" },
        { timestamp: now + 1, message: '{"level": "info"}' },
        { timestamp: now + 2, message: "REPORT RequestId: 1 Duration: 2 ms" },
      ],
    );
    expect(stored(namespace).map((p) => [p.metricName, p.sampleCount, p.minute])).toEqual([
      ["Json", 1, minuteOf(now + 1)],
      ["M", 1, minuteOf(now + 2)],
    ]);
  });
});

describe("PutMetricFilter, DescribeMetricFilters, DeleteMetricFilter", () => {
  it("stores, lists, replaces and deletes filters, and counts them on the group", async () => {
    const group = await groupWith();
    await putFilter(group, '{ $.level = "ERROR" }', { metricName: "Errors", unit: "Count" }, "errors");
    await putFilter(group, "WARN", { metricName: "Warnings", defaultValue: 0 }, "warnings");
    const listed = await logs.send(new DescribeMetricFiltersCommand({ logGroupName: group }));
    expect(listed.metricFilters?.map((f) => f.filterName)).toEqual(["errors", "warnings"]);
    expect(listed.metricFilters?.[0]).toMatchObject({
      filterName: "errors",
      filterPattern: '{ $.level = "ERROR" }',
      logGroupName: group,
      metricTransformations: [
        { metricName: "Errors", metricNamespace: "NS", metricValue: "1", unit: "Count" },
      ],
    });
    expect(listed.metricFilters?.[1]?.metricTransformations?.[0]?.defaultValue).toBe(0);
    expect(listed.metricFilters?.[0]?.creationTime).toBeGreaterThan(0);
    const groups = await logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: group }));
    expect(groups.logGroups?.[0]?.metricFilterCount).toBe(2);

    const created = listed.metricFilters![0]!.creationTime;
    await putFilter(group, "ERROR", { metricName: "Errors2" }, "errors");
    const replaced = await logs.send(
      new DescribeMetricFiltersCommand({ logGroupName: group, filterNamePrefix: "err" }),
    );
    expect(replaced.metricFilters).toHaveLength(1);
    expect(replaced.metricFilters?.[0]).toMatchObject({ filterPattern: "ERROR", creationTime: created });

    const byMetric = await logs.send(
      new DescribeMetricFiltersCommand({
        logGroupName: group,
        metricName: "Warnings",
        metricNamespace: "NS",
      }),
    );
    expect(byMetric.metricFilters?.map((f) => f.filterName)).toEqual(["warnings"]);

    await logs.send(new DeleteMetricFilterCommand({ logGroupName: group, filterName: "warnings" }));
    const left = await logs.send(new DescribeMetricFiltersCommand({ logGroupName: group }));
    expect(left.metricFilters?.map((f) => f.filterName)).toEqual(["errors"]);
    await expectAwsError(
      logs.send(new DeleteMetricFilterCommand({ logGroupName: group, filterName: "warnings" })),
      "ResourceNotFoundException",
      400,
      "The specified metric filter does not exist.",
    );
  });

  it("pages through filters", async () => {
    const group = await groupWith();
    for (const name of ["c", "a", "b"]) await putFilter(group, "", {}, name);
    const first = await logs.send(new DescribeMetricFiltersCommand({ logGroupName: group, limit: 2 }));
    expect(first.metricFilters?.map((f) => f.filterName)).toEqual(["a", "b"]);
    const second = await logs.send(
      new DescribeMetricFiltersCommand({ logGroupName: group, limit: 2, nextToken: first.nextToken }),
    );
    expect(second.metricFilters?.map((f) => f.filterName)).toEqual(["c"]);
    expect(second.nextToken).toBeUndefined();
  });

  it("validates filters as AWS does", async () => {
    const group = await groupWith();
    const invalid = (pattern: string, t: Partial<MetricTransformation>, message: string | RegExp) =>
      expectAwsError(putFilter(group, pattern, t), "InvalidParameterException", 400, message);

    await invalid("{ $.level = ", {}, "Invalid filter pattern");
    await invalid(
      "ERROR",
      { dimensions: { Level: "$.level" } },
      "The specified filter pattern does not support dimensions",
    );
    await invalid(
      "{ $.level = * }",
      { dimensions: { Level: "$.level" }, defaultValue: 0 },
      "Invalid metric transformation: dimensions and default value are mutually exclusive properties",
    );
    await invalid(
      "{ $.a = * }",
      { dimensions: { A: "$.a", B: "$.b", C: "$.c", D: "$.d" } },
      /at most 3 dimensions/,
    );
    await invalid("{ $.a = * }", { dimensions: { A: "constant" } }, /Invalid dimension value/);
    await invalid("[a, b]", { dimensions: { C: "$c" } }, /Invalid dimension value/);
    await invalid("ERROR", { metricValue: "lots" }, /Invalid metric value/);
    await invalid("ERROR", { metricValue: "$.latency" }, /Invalid metric value/);
    await invalid("{ $.a = * }", { metricValue: "$a" }, /Invalid metric value/);
    await invalid("ERROR", { unit: "Parsecs" as "Count" }, /Member must satisfy enum value set/);
    await expectAwsError(
      logs.send(
        new PutMetricFilterCommand({
          logGroupName: group,
          filterName: "f",
          filterPattern: "x",
          metricTransformations: [],
        }),
      ),
      "InvalidParameterException",
      400,
    );
    await expectAwsError(
      putFilter(`${group}-missing`, "", {}),
      "ResourceNotFoundException",
      400,
      "The specified log group does not exist.",
    );
    await expectAwsError(
      logs.send(new DescribeMetricFiltersCommand({ logGroupName: group, metricName: "M" })),
      "InvalidParameterException",
      400,
    );
  });

  it("allows 100 filters per group", async () => {
    const group = await groupWith();
    for (let i = 0; i < 100; i++) await putFilter(group, "", {}, `f${i}`);
    await expectAwsError(putFilter(group, "", {}, "f100"), "LimitExceededException", 400);
    // Replacing an existing one is still fine.
    await putFilter(group, "ERROR", {}, "f7");
  });
});
