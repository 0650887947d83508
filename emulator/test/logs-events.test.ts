import {
  CreateLogGroupCommand,
  CreateLogStreamCommand,
  DescribeLogGroupsCommand,
  FilterLogEventsCommand,
  type FilterLogEventsCommandInput,
  GetLogEventsCommand,
  type InputLogEvent,
  PutLogEventsCommand,
  PutRetentionPolicyCommand,
} from "@aws-sdk/client-cloudwatch-logs";
import { describe, expect, it } from "vitest";
import { uniqueName } from "./support/clients.ts";
import { expectAwsError } from "./support/expect-aws-error.ts";
import { logsClient } from "./support/logs-client.ts";
import { boundedPages } from "./support/pages.ts";

const logs = logsClient();
const HOUR = 3600 * 1000;
const DAY = 24 * HOUR;

/** A new group with the given streams. */
async function groupWith(...streams: string[]) {
  const group = `/test/events/${uniqueName("g")}`;
  await logs.send(new CreateLogGroupCommand({ logGroupName: group }));
  for (const logStreamName of streams) {
    await logs.send(new CreateLogStreamCommand({ logGroupName: group, logStreamName }));
  }
  return group;
}

function put(group: string, stream: string, logEvents: InputLogEvent[]) {
  return logs.send(new PutLogEventsCommand({ logGroupName: group, logStreamName: stream, logEvents }));
}

/** Every event FilterLogEvents returns for `input`, page after page. */
async function filterAll(input: FilterLogEventsCommandInput) {
  const events = [];
  let nextToken: string | undefined;
  for (const _ of boundedPages(50)) {
    const page = await logs.send(new FilterLogEventsCommand({ ...input, nextToken }));
    events.push(...page.events!);
    nextToken = page.nextToken;
    if (!nextToken) break;
  }
  return events;
}

describe("PutLogEvents", () => {
  it("stores the events and returns a sequence token", async () => {
    const group = await groupWith("s");
    const now = Date.now();
    const out = await put(group, "s", [
      { timestamp: now - 2, message: "one" },
      { timestamp: now - 1, message: "two" },
    ]);
    expect(out.nextSequenceToken).toMatch(/^\d{56}$/);
    expect(out.rejectedLogEventsInfo).toBeUndefined();
    // The sequence token is ignored, as AWS now ignores it.
    await logs.send(
      new PutLogEventsCommand({
        logGroupName: group,
        logStreamName: "s",
        sequenceToken: "whatever",
        logEvents: [{ timestamp: now, message: "three" }],
      }),
    );
    const got = await logs.send(new GetLogEventsCommand({ logGroupName: group, logStreamName: "s" }));
    expect(got.events?.map((e) => e.message)).toEqual(["one", "two", "three"]);
    expect(got.events?.[0]?.ingestionTime).toBeGreaterThanOrEqual(now - 1000);
  });

  it("needs an existing group and stream", async () => {
    const group = await groupWith();
    const events = [{ timestamp: Date.now(), message: "x" }];
    await expectAwsError(
      put(group, "nope", events),
      "ResourceNotFoundException",
      400,
      "The specified log stream does not exist.",
    );
    await expectAwsError(
      put(`${group}-missing`, "s", events),
      "ResourceNotFoundException",
      400,
      "The specified log group does not exist.",
    );
  });

  it("refuses a batch out of chronological order", async () => {
    const group = await groupWith("s");
    const now = Date.now();
    await expectAwsError(
      put(group, "s", [
        { timestamp: now, message: "later" },
        { timestamp: now - 1, message: "earlier" },
      ]),
      "InvalidParameterException",
      400,
      "Log events in a single PutLogEvents request must be in chronological order.",
    );
  });

  it("refuses a batch that spans more than 24 hours", async () => {
    const group = await groupWith("s");
    const now = Date.now();
    await expectAwsError(
      put(group, "s", [
        { timestamp: now - DAY - 2000, message: "a" },
        { timestamp: now, message: "b" },
      ]),
      "InvalidParameterException",
      400,
      "The batch of log events in a single PutLogEvents request cannot span more than 24 hours.",
    );
  });

  it("counts 26 bytes per event against the 1,048,576-byte batch limit", async () => {
    const group = await groupWith("s");
    const now = Date.now();
    // Two events: 2 * 26 bytes of overhead, so the messages may have 1,048,524 bytes together.
    const fits = [
      { timestamp: now, message: "a".repeat(524_262) },
      { timestamp: now, message: "é".repeat(262_131) },
    ];
    expect(Buffer.byteLength(fits[0]!.message) + Buffer.byteLength(fits[1]!.message) + 52).toBe(1_048_576);
    await put(group, "s", fits);
    await expectAwsError(
      put(group, "s", [fits[0]!, { timestamp: now, message: `${fits[1]!.message}x` }]),
      "InvalidParameterException",
      400,
      "Upload too large: 1048577 bytes exceeds limit of 1048576",
    );
  });

  it("refuses more than 10,000 events and empty batches", async () => {
    const group = await groupWith("s");
    const now = Date.now();
    const events = Array.from({ length: 10_001 }, () => ({ timestamp: now, message: "x" }));
    await expectAwsError(
      put(group, "s", events),
      "InvalidParameterException",
      400,
      /Member must have length less than or equal to 10000/,
    );
    await expectAwsError(put(group, "s", []), "InvalidParameterException", 400, /greater than or equal to 1/);
    await put(group, "s", events.slice(1));
  });

  it("rejects events older than 14 days, past retention or over 2 hours ahead, keeping the rest", async () => {
    const group = await groupWith("s");
    const now = Date.now();
    const out = await put(group, "s", [
      { timestamp: now - 15 * DAY, message: "too old" },
      { timestamp: now - 10 * HOUR, message: "kept 1" },
      { timestamp: now, message: "kept 2" },
      { timestamp: now + 3 * HOUR, message: "too new" },
    ]);
    expect(out.rejectedLogEventsInfo).toEqual({ tooOldLogEventEndIndex: 1, tooNewLogEventStartIndex: 3 });
    const got = await logs.send(new GetLogEventsCommand({ logGroupName: group, logStreamName: "s" }));
    expect(got.events?.map((e) => e.message)).toEqual(["kept 1", "kept 2"]);

    const retained = await groupWith("s");
    await logs.send(new PutRetentionPolicyCommand({ logGroupName: retained, retentionInDays: 1 }));
    const expired = await put(retained, "s", [
      { timestamp: now - 2 * DAY, message: "expired" },
      { timestamp: now - 1000, message: "kept" },
    ]);
    expect(expired.rejectedLogEventsInfo).toEqual({ expiredLogEventEndIndex: 1 });
  });
});

describe("GetLogEvents", () => {
  /** A stream with events at now - 10s ... now - 1s, "e0" to "e9". */
  async function tenEvents() {
    const group = await groupWith("s");
    const base = Date.now() - 10_000;
    await put(
      group,
      "s",
      Array.from({ length: 10 }, (_, i) => ({ timestamp: base + i * 1000, message: `e${i}` })),
    );
    return { group, base };
  }

  const messages = (out: { events?: { message?: string }[] }): string[] => out.events!.map((e) => e.message!);

  it("returns the newest events by default and the oldest with startFromHead", async () => {
    const { group } = await tenEvents();
    const tail = await logs.send(
      new GetLogEventsCommand({ logGroupName: group, logStreamName: "s", limit: 3 }),
    );
    expect(messages(tail)).toEqual(["e7", "e8", "e9"]);
    const head = await logs.send(
      new GetLogEventsCommand({ logGroupName: group, logStreamName: "s", limit: 3, startFromHead: true }),
    );
    expect(messages(head)).toEqual(["e0", "e1", "e2"]);
    expect(head.nextForwardToken).toMatch(/^f\/\d{56}$/);
    expect(head.nextBackwardToken).toMatch(/^b\/\d{56}$/);
  });

  it("pages forward until the same token comes back", async () => {
    const { group } = await tenEvents();
    const seen: string[] = [];
    let token: string | undefined;
    for (const _ of boundedPages(10)) {
      const out = await logs.send(
        new GetLogEventsCommand({
          logGroupName: group,
          logStreamName: "s",
          limit: 4,
          startFromHead: true,
          nextToken: token,
        }),
      );
      seen.push(...messages(out));
      if (out.nextForwardToken === token) break;
      token = out.nextForwardToken;
    }
    expect(seen).toEqual(Array.from({ length: 10 }, (_, i) => `e${i}`));
  });

  it("pages backward from the tail, and forward again from there", async () => {
    const { group } = await tenEvents();
    const last = await logs.send(
      new GetLogEventsCommand({ logGroupName: group, logStreamName: "s", limit: 4 }),
    );
    expect(messages(last)).toEqual(["e6", "e7", "e8", "e9"]);
    const before = await logs.send(
      new GetLogEventsCommand({
        logGroupName: group,
        logStreamName: "s",
        limit: 4,
        nextToken: last.nextBackwardToken,
      }),
    );
    expect(messages(before)).toEqual(["e2", "e3", "e4", "e5"]);
    const first = await logs.send(
      new GetLogEventsCommand({
        logGroupName: group,
        logStreamName: "s",
        limit: 4,
        nextToken: before.nextBackwardToken,
      }),
    );
    expect(messages(first)).toEqual(["e0", "e1"]);
    const end = await logs.send(
      new GetLogEventsCommand({
        logGroupName: group,
        logStreamName: "s",
        limit: 4,
        nextToken: first.nextBackwardToken,
      }),
    );
    expect(end.events).toEqual([]);
    expect(end.nextBackwardToken).toBe(first.nextBackwardToken);
    const again = await logs.send(
      new GetLogEventsCommand({
        logGroupName: group,
        logStreamName: "s",
        limit: 4,
        nextToken: end.nextForwardToken,
      }),
    );
    expect(messages(again)).toEqual(["e0", "e1", "e2", "e3"]);
  });

  it("follows new events with the forward token", async () => {
    const { group } = await tenEvents();
    const tail = await logs.send(new GetLogEventsCommand({ logGroupName: group, logStreamName: "s" }));
    const idle = await logs.send(
      new GetLogEventsCommand({ logGroupName: group, logStreamName: "s", nextToken: tail.nextForwardToken }),
    );
    expect(idle.events).toEqual([]);
    expect(idle.nextForwardToken).toBe(tail.nextForwardToken);
    await put(group, "s", [{ timestamp: Date.now(), message: "fresh" }]);
    const fresh = await logs.send(
      new GetLogEventsCommand({ logGroupName: group, logStreamName: "s", nextToken: tail.nextForwardToken }),
    );
    expect(messages(fresh)).toEqual(["fresh"]);
  });

  it("keeps events of later uploads with earlier timestamps in time order", async () => {
    const group = await groupWith("s");
    const now = Date.now();
    await put(group, "s", [{ timestamp: now - 1000, message: "b" }]);
    await logs.send(new GetLogEventsCommand({ logGroupName: group, logStreamName: "s" }));
    await put(group, "s", [{ timestamp: now - 2000, message: "a" }]);
    await put(group, "s", [{ timestamp: now, message: "c" }]);
    const out = await logs.send(
      new GetLogEventsCommand({ logGroupName: group, logStreamName: "s", startFromHead: true }),
    );
    expect(messages(out)).toEqual(["a", "b", "c"]);
  });

  it("takes startTime (inclusive) and endTime (exclusive)", async () => {
    const { group, base } = await tenEvents();
    const out = await logs.send(
      new GetLogEventsCommand({
        logGroupName: group,
        logStreamName: "s",
        startTime: base + 2000,
        endTime: base + 5000,
        startFromHead: true,
      }),
    );
    expect(messages(out)).toEqual(["e2", "e3", "e4"]);
  });

  it("answers for an empty stream, and refuses bad tokens and missing streams", async () => {
    const group = await groupWith("s");
    const empty = await logs.send(new GetLogEventsCommand({ logGroupName: group, logStreamName: "s" }));
    expect(empty.events).toEqual([]);
    expect(empty.nextForwardToken).toMatch(/^f\/\d{56}$/);
    await put(group, "s", [{ timestamp: Date.now(), message: "first" }]);
    const later = await logs.send(
      new GetLogEventsCommand({ logGroupName: group, logStreamName: "s", nextToken: empty.nextForwardToken }),
    );
    expect(messages(later)).toEqual(["first"]);
    await expectAwsError(
      logs.send(new GetLogEventsCommand({ logGroupName: group, logStreamName: "s", nextToken: "f/123" })),
      "InvalidParameterException",
      400,
      "The specified nextToken is invalid.",
    );
    await expectAwsError(
      logs.send(new GetLogEventsCommand({ logGroupName: group, logStreamName: "other" })),
      "ResourceNotFoundException",
      400,
      "The specified log stream does not exist.",
    );
  });
});

describe("FilterLogEvents", () => {
  const levels = ["INFO", "ERROR", "WARN", "ERROR", "DEBUG", "ERROR"];

  /** Two streams of JSON events, interleaved in time. */
  async function jsonGroup() {
    const group = await groupWith("api", "worker");
    const base = Date.now() - 60_000;
    const events = levels.map((level, i) => ({
      stream: i % 2 === 0 ? "api" : "worker",
      timestamp: base + i * 1000,
      message: JSON.stringify({ level, n: i, latency: i * 100, user: { id: `u${i % 3}` } }),
    }));
    for (const stream of ["api", "worker"]) {
      await put(
        group,
        stream,
        events.filter((e) => e.stream === stream).map(({ timestamp, message }) => ({ timestamp, message })),
      );
    }
    return { group, base, events };
  }

  it("returns exactly the events a JSON pattern matches, across streams in time order", async () => {
    const { group, events } = await jsonGroup();
    const out = await logs.send(
      new FilterLogEventsCommand({ logGroupName: group, filterPattern: '{ $.level = "ERROR" }' }),
    );
    const expected = events.filter((e) => JSON.parse(e.message).level === "ERROR");
    expect(out.events?.map((e) => [e.logStreamName, e.message])).toEqual(
      expected.map((e) => [e.stream, e.message]),
    );
    expect(out.events?.map((e) => e.timestamp)).toEqual(expected.map((e) => e.timestamp));
    for (const e of out.events!) {
      expect(e.eventId).toMatch(/^\d{56}$/);
      expect(e.ingestionTime).toBeGreaterThan(0);
    }
    expect(new Set(out.events!.map((e) => e.eventId)).size).toBe(out.events!.length);
    expect(out.searchedLogStreams).toEqual([
      { logStreamName: "api", searchedCompletely: true },
      { logStreamName: "worker", searchedCompletely: true },
    ]);
    expect(out.nextToken).toBeUndefined();

    const compound = await filterAll({
      logGroupName: group,
      filterPattern: '{ ($.level = "ERROR" || $.level = "WARN") && $.latency >= 300 }',
    });
    expect(compound.map((e) => JSON.parse(e.message!).n)).toEqual([3, 5]);
  });

  it("returns exactly the events a space-delimited pattern matches", async () => {
    const group = await groupWith("access");
    const base = Date.now() - 60_000;
    const lines = [
      '10.0.0.1 - alice [10/Oct/2000:13:55:36 -0700] "GET /index.html HTTP/1.1" 200 2326',
      '10.0.0.2 - bob [10/Oct/2000:13:55:37 -0700] "GET /missing HTTP/1.1" 404 512',
      '10.0.0.1 - alice [10/Oct/2000:13:55:38 -0700] "POST /upload HTTP/1.1" 500 18000',
      '10.0.0.3 - carol [10/Oct/2000:13:55:39 -0700] "GET /big.jpg HTTP/1.1" 503 1500',
      "not an access log line",
    ];
    await put(
      group,
      "access",
      lines.map((message, i) => ({ timestamp: base + i, message })),
    );
    const serverErrors = await filterAll({
      logGroupName: group,
      filterPattern: "[ip, identity, user, timestamp, request, status=5*, bytes>1000]",
    });
    expect(serverErrors.map((e) => e.message)).toEqual([lines[2], lines[3]]);
    const byUser = await filterAll({
      logGroupName: group,
      filterPattern: "[ip, ..., status=404 || status=200, bytes]",
    });
    expect(byUser.map((e) => e.message)).toEqual([lines[0], lines[1]]);
    const terms = await filterAll({ logGroupName: group, filterPattern: '"GET /" -404' });
    expect(terms.map((e) => e.message)).toEqual([lines[0], lines[3]]);
  });

  it("filters by stream names, prefix and time, and takes the group by identifier", async () => {
    const { group, base, events } = await jsonGroup();
    const worker = await filterAll({ logGroupIdentifier: group, logStreamNames: ["worker"] });
    expect(worker.map((e) => e.message)).toEqual(
      events.filter((e) => e.stream === "worker").map((e) => e.message),
    );
    const prefixed = await filterAll({ logGroupName: group, logStreamNamePrefix: "ap" });
    expect(prefixed.every((e) => e.logStreamName === "api")).toBe(true);
    // Both ends inclusive.
    const window = await filterAll({ logGroupName: group, startTime: base + 1000, endTime: base + 3000 });
    expect(window.map((e) => JSON.parse(e.message!).n)).toEqual([1, 2, 3]);
    await expectAwsError(
      logs.send(
        new FilterLogEventsCommand({
          logGroupName: group,
          logStreamNames: ["api"],
          logStreamNamePrefix: "a",
        }),
      ),
      "InvalidParameterException",
      400,
    );
  });

  it("pages with limit and nextToken without losing or repeating events, in both directions", async () => {
    const { group, events } = await jsonGroup();
    const pages: number[] = [];
    let nextToken: string | undefined;
    const seen: string[] = [];
    for (const _ of boundedPages(20)) {
      const page = await logs.send(new FilterLogEventsCommand({ logGroupName: group, limit: 4, nextToken }));
      pages.push(page.events!.length);
      seen.push(...page.events!.map((e) => e.message!));
      nextToken = page.nextToken;
      if (!nextToken) break;
    }
    expect(pages).toEqual([4, 2]);
    expect(seen).toEqual(events.map((e) => e.message));
    const newestFirst = await filterAll({ logGroupName: group, limit: 4, startFromHead: false });
    expect(newestFirst.map((e) => e.message)).toEqual(events.map((e) => e.message).reverse());
  });

  it("answers a malformed pattern with InvalidParameterException", async () => {
    const group = await groupWith("s");
    for (const filterPattern of ['{ $.level = "ERROR"', "[a, b", '"unterminated', "{ $.x > abc }"]) {
      await expectAwsError(
        logs.send(new FilterLogEventsCommand({ logGroupName: group, filterPattern })),
        "InvalidParameterException",
        400,
        "Invalid filter pattern",
      );
    }
  });

  it("needs a group, named once", async () => {
    await expectAwsError(
      logs.send(new FilterLogEventsCommand({ logGroupName: "/test/events/missing" })),
      "ResourceNotFoundException",
      400,
      "The specified log group does not exist.",
    );
    await expectAwsError(logs.send(new FilterLogEventsCommand({})), "InvalidParameterException", 400);
  });

  it("counts stored bytes per group", async () => {
    const group = await groupWith("s");
    await put(group, "s", [{ timestamp: Date.now(), message: "héllo" }]);
    const out = await logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: group }));
    expect(out.logGroups?.[0]?.storedBytes).toBe(6);
  });
});
