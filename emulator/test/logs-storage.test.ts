import {
  CreateLogGroupCommand,
  CreateLogStreamCommand,
  DescribeLogGroupsCommand,
  DescribeLogStreamsCommand,
  DescribeMetricFiltersCommand,
  FilterLogEventsCommand,
  GetLogEventsCommand,
  ListTagsLogGroupCommand,
  PutLogEventsCommand,
  PutMetricFilterCommand,
  PutRetentionPolicyCommand,
} from "@aws-sdk/client-cloudwatch-logs";
import { describe, expect, it, onTestFinished } from "vitest";
import { type RunningEmulator, startEmulator } from "../src/index.ts";
import { LogsBackend } from "../src/services/logs/backend.ts";
import { createLogsService } from "../src/services/logs/index.ts";
import {
  startRetentionSweep,
  stopRetentionSweep,
  sweepExpiredEvents,
} from "../src/services/logs/retention.ts";
import { uniqueName } from "./support/clients.ts";
import { logsClient } from "./support/logs-client.ts";
import { minuteOf, storedMinutes } from "./support/stored-metrics.ts";
import { tempDir } from "./support/temp-dir.ts";

const ACCOUNT = "000000000000";
const REGION = "us-east-1";
const DAY = 24 * 3600 * 1000;

/** An emulator in this process, stopped when the test ends. */
async function started(options: { persist: boolean; stateDir?: string }) {
  const emulator = await startEmulator({ port: 0, ...options });
  const logs = logsClient(emulator.url);
  onTestFinished(async () => {
    logs.destroy();
    await emulator.stop();
  });
  return { emulator, logs };
}

function eventTable(emulator: RunningEmulator, group: string, stream: string) {
  return LogsBackend.for(emulator.runtime)
    .state({ accountId: ACCOUNT, region: REGION })
    .events(group, stream);
}

describe("event storage", () => {
  it("appends one chunk row per upload and never rewrites earlier ones", async () => {
    const { emulator, logs } = await started({ persist: false });
    const group = `/test/storage/${uniqueName("g")}`;
    await logs.send(new CreateLogGroupCommand({ logGroupName: group }));
    await logs.send(new CreateLogStreamCommand({ logGroupName: group, logStreamName: "s" }));
    const table = eventTable(emulator, group, "s");
    const now = Date.now();
    await logs.send(
      new PutLogEventsCommand({
        logGroupName: group,
        logStreamName: "s",
        logEvents: [
          { timestamp: now - 3, message: "a" },
          { timestamp: now - 2, message: "b" },
        ],
      }),
    );
    const firstChunk = [...table.values()][0];
    await logs.send(
      new PutLogEventsCommand({
        logGroupName: group,
        logStreamName: "s",
        logEvents: [{ timestamp: now, message: "c" }],
      }),
    );
    expect(table.size).toBe(2);
    // Rows are replaced rather than mutated, so the same object means the row was not rewritten.
    expect([...table.values()][0]).toBe(firstChunk);
    expect([...table.values()].map((c) => c.messages)).toEqual([["a", "b"], ["c"]]);
  });
});

describe("the in-process sink", () => {
  it("creates the group and stream and stores lines in time order", async () => {
    const { emulator, logs } = await started({ persist: false });
    const { sink } = createLogsService(emulator.runtime);
    const group = `/aws/lambda/${uniqueName("fn")}`;
    const stream = "2024/05/01/[$LATEST]0123456789abcdef";
    const now = Date.now();
    sink.append({ accountId: ACCOUNT, region: REGION, group, stream }, [
      { timestamp: now + 2, message: "END RequestId: 1" },
      { timestamp: now, message: "START RequestId: 1" },
      { timestamp: now + 1, message: "hello from the handler" },
      { timestamp: now + 1, message: "second line, same millisecond" },
    ]);
    const got = await logs.send(
      new GetLogEventsCommand({ logGroupName: group, logStreamName: stream, startFromHead: true }),
    );
    expect(got.events?.map((e) => e.message)).toEqual([
      "START RequestId: 1",
      "hello from the handler",
      "second line, same millisecond",
      "END RequestId: 1",
    ]);
    const streams = await logs.send(new DescribeLogStreamsCommand({ logGroupName: group }));
    expect(streams.logStreams?.map((s) => s.logStreamName)).toEqual([stream]);
    // Another account's lines stay in that account.
    sink.append({ accountId: "111111111111", region: REGION, group: "/other", stream: "s" }, [
      { timestamp: now, message: "elsewhere" },
    ]);
    const mine = await logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: "/other" }));
    expect(mine.logGroups).toEqual([]);
    expect(() =>
      sink.append({ accountId: ACCOUNT, region: REGION, group: "bad:group", stream: "s" }, []),
    ).toThrow(TypeError);
  });
});

describe("persistence", () => {
  it("keeps groups, events, metric filters, tags and retention across a restart", async () => {
    const stateDir = await tempDir();
    const group = "/test/persist/app";
    const now = Date.now();
    const first = await started({ persist: true, stateDir });
    await first.logs.send(new CreateLogGroupCommand({ logGroupName: group, tags: { team: "imaging" } }));
    await first.logs.send(new CreateLogStreamCommand({ logGroupName: group, logStreamName: "s" }));
    await first.logs.send(new PutRetentionPolicyCommand({ logGroupName: group, retentionInDays: 7 }));
    await first.logs.send(
      new PutMetricFilterCommand({
        logGroupName: group,
        filterName: "errors",
        filterPattern: '{ $.level = "ERROR" }',
        metricTransformations: [{ metricName: "Errors", metricNamespace: "Persist", metricValue: "1" }],
      }),
    );
    await first.logs.send(
      new PutLogEventsCommand({
        logGroupName: group,
        logStreamName: "s",
        logEvents: [
          { timestamp: now - 2, message: '{"level":"INFO"}' },
          { timestamp: now - 1, message: '{"level":"ERROR"}' },
        ],
      }),
    );
    const before = await first.logs.send(new FilterLogEventsCommand({ logGroupName: group }));
    await first.emulator.stop();

    const second = await started({ persist: true, stateDir });
    const groups = await second.logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: group }));
    expect(groups.logGroups?.[0]).toMatchObject({
      logGroupName: group,
      retentionInDays: 7,
      metricFilterCount: 1,
    });
    expect((await second.logs.send(new ListTagsLogGroupCommand({ logGroupName: group }))).tags).toEqual({
      team: "imaging",
    });
    const filters = await second.logs.send(new DescribeMetricFiltersCommand({ logGroupName: group }));
    expect(filters.metricFilters?.map((f) => f.filterName)).toEqual(["errors"]);

    // New events continue the stream: no id is reused, and the filter still runs.
    await second.logs.send(
      new PutLogEventsCommand({
        logGroupName: group,
        logStreamName: "s",
        logEvents: [{ timestamp: now, message: '{"level":"ERROR"}' }],
      }),
    );
    const after = await second.logs.send(new FilterLogEventsCommand({ logGroupName: group }));
    expect(after.events?.slice(0, 2)).toEqual(before.events);
    expect(after.events?.map((e) => e.message)).toEqual([
      '{"level":"INFO"}',
      '{"level":"ERROR"}',
      '{"level":"ERROR"}',
    ]);
    expect(new Set(after.events?.map((e) => e.eventId)).size).toBe(3);
    // The filter's data point from before the restart is stored still, next to the new one.
    const points = storedMinutes(second.emulator.runtime.metrics, "Persist");
    expect(points.reduce((n, p) => n + p.sampleCount, 0)).toBe(2);
    expect(new Set(points.map((p) => p.minute))).toEqual(new Set([minuteOf(now - 1), minuteOf(now)]));
  });
});

describe("the retention sweep", () => {
  it("deletes events once they outlive the group's retention", async () => {
    const { emulator, logs } = await started({ persist: false });
    const backend = LogsBackend.for(emulator.runtime);
    const group = `/test/sweep/${uniqueName("g")}`;
    await logs.send(new CreateLogGroupCommand({ logGroupName: group }));
    await logs.send(new CreateLogStreamCommand({ logGroupName: group, logStreamName: "s" }));
    await logs.send(new PutRetentionPolicyCommand({ logGroupName: group, retentionInDays: 1 }));
    const now = Date.now();
    await logs.send(
      new PutLogEventsCommand({
        logGroupName: group,
        logStreamName: "s",
        logEvents: [
          { timestamp: now - 20 * 3600 * 1000, message: "older" },
          { timestamp: now, message: "newer" },
        ],
      }),
    );
    expect(sweepExpiredEvents(backend, now)).toBe(0);
    expect(eventTable(emulator, group, "s").size).toBe(1);
    // Five hours on, the older event is past one day; the chunk keeps only the newer one.
    expect(sweepExpiredEvents(backend, now + 5 * 3600 * 1000)).toBe(1);
    expect([...eventTable(emulator, group, "s").values()].map((c) => c.messages)).toEqual([["newer"]]);
    const got = await logs.send(
      new GetLogEventsCommand({ logGroupName: group, logStreamName: "s", startFromHead: true }),
    );
    expect(got.events?.map((e) => e.message)).toEqual(["newer"]);
    const streams = await logs.send(new DescribeLogStreamsCommand({ logGroupName: group }));
    expect(streams.logStreams?.[0]?.firstEventTimestamp).toBe(now);
    // Two days on, nothing is left.
    sweepExpiredEvents(backend, now + 2 * DAY);
    expect(eventTable(emulator, group, "s").size).toBe(0);
    const groups = await logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: group }));
    expect(groups.logGroups?.[0]?.storedBytes).toBe(0);
  });

  it("runs on its timer", async () => {
    const { emulator } = await started({ persist: false });
    const backend = LogsBackend.for(emulator.runtime);
    const { sink } = createLogsService(emulator.runtime);
    const group = `/test/sweep/${uniqueName("timer")}`;
    const target = { accountId: ACCOUNT, region: REGION, group, stream: "s" };
    sink.append(target, []);
    const state = backend.state({ accountId: ACCOUNT, region: REGION });
    state.groups.set(group, { ...state.groups.get(group)!, retentionInDays: 1 });
    // The sink does not refuse old lines, so these sit there expired until a sweep.
    sink.append(target, [{ timestamp: Date.now() - 2 * DAY, message: "stale" }]);
    expect(eventTable(emulator, group, "s").size).toBe(1);
    // The service's own sweep runs every minute; run it every 10 ms instead.
    expect(backend.sweepTimer).not.toBeNull();
    startRetentionSweep(backend, 10);
    onTestFinished(() => stopRetentionSweep(backend));
    for (let i = 0; i < 100 && eventTable(emulator, group, "s").size > 0; i++) {
      await new Promise((r) => setTimeout(r, 10));
    }
    expect(eventTable(emulator, group, "s").size).toBe(0);
  });
});
