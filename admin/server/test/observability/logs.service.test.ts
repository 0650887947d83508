import { BadRequestException } from "@nestjs/common";
import { describe, expect, it } from "vitest";
import { type LogsTailQuery, logsQuerySchema, logsTailQuerySchema } from "../../src/logs/logs.dto.ts";
import { LogsService, TAIL_LOOKBACK_MS } from "../../src/logs/logs.service.ts";
import { STACK } from "../support/context.ts";
import { FakeFunctionLogs } from "../support/fakes.ts";

const NOW = Date.parse("2025-03-01T12:00:00.000Z");
const PROCESSOR = STACK.logGroups.processor;

/** Lines of the processor's group: one a second from `start`, received `delayMs` after their stamp. */
function logsWith(count: number, start: number, delayMs = 0, text = (i: number) => `line ${i}`) {
  const logs = new FakeFunctionLogs();
  logs.events.set(
    PROCESSOR,
    Array.from({ length: count }, (_, i) => ({
      timestamp: start + i * 1000,
      ingestionTime: start + i * 1000 + delayMs,
      message: text(i),
      logStreamName: "2025/03/01/[$LATEST]abc",
    })),
  );
  return logs;
}

const query = (input: Record<string, unknown>) => logsQuerySchema.parse({ function: "processor", ...input });
/** The DTO checks `since` against the real clock; these tests run at NOW, so they build the parsed query. */
const tailQuery = (input: { since: number; limit?: number }): LogsTailQuery => ({
  function: "processor",
  filter: "",
  limit: 500,
  ...input,
});

describe("LogsService.list", () => {
  it("pages a function's group with the filter, the cursor keeping the range of the first page", async () => {
    const logs = logsWith(5, NOW - 30 * 60_000, 0, (i) => (i % 2 ? `skip ${i}` : `keep ${i}`));
    const service = new LogsService(logs, STACK);
    const first = await service.list(query({ filter: '"keep"', limit: 2 }), NOW);
    expect(first).toMatchObject({
      function: "processor",
      logGroup: PROCESSOR,
      from: new Date(NOW - 3_600_000).toISOString(),
      to: null,
    });
    expect(first.events.map((e) => e.message)).toEqual(["keep 0", "keep 2"]);
    expect(first.events[0]).toEqual({
      timestamp: new Date(NOW - 30 * 60_000).toISOString(),
      logStream: "2025/03/01/[$LATEST]abc",
      message: "keep 0",
      eventId: "0",
      ingestedAt: new Date(NOW - 30 * 60_000).toISOString(),
    });
    expect(first.nextCursor).not.toBeNull();
    // An hour later "from" would default elsewhere: the cursor carries the first page's range.
    const second = await service.list(
      query({ filter: '"keep"', limit: 2, cursor: first.nextCursor }),
      NOW + 3_600_000,
    );
    expect(second.events.map((e) => e.message)).toEqual(["keep 4"]);
    expect(second.from).toBe(first.from);
    expect(second.nextCursor).toBeNull();
    expect(logs.pages.map((p) => [p.logGroup, p.filterPattern, p.startTime])).toEqual([
      [PROCESSOR, '"keep"', NOW - 3_600_000],
      [PROCESSOR, '"keep"', NOW - 3_600_000],
    ]);
  });

  it("reads the API's group, within from and to", async () => {
    const logs = new FakeFunctionLogs();
    logs.events.set(STACK.logGroups.api, [
      { timestamp: NOW - 5000, message: "early", logStreamName: "s" },
      { timestamp: NOW - 1000, message: "inside", logStreamName: "s" },
    ]);
    const page = await new LogsService(logs, STACK).list(
      query({
        function: "api",
        from: new Date(NOW - 2000).toISOString(),
        to: new Date(NOW).toISOString(),
      }),
      NOW,
    );
    expect(page.logGroup).toBe(STACK.logGroups.api);
    expect(page.events.map((e) => e.message)).toEqual(["inside"]);
  });

  it("answers 400 for a pattern CloudWatch refuses, and for a cursor it did not issue or of another function", async () => {
    const logs = logsWith(3, NOW - 60_000);
    const service = new LogsService(logs, STACK);
    const fieldOf = async (promise: Promise<unknown>) => {
      const error = await promise.catch((e: unknown) => e);
      expect(error).toBeInstanceOf(BadRequestException);
      return ((error as BadRequestException).getResponse() as { field: string }).field;
    };
    expect(await fieldOf(service.list(query({ filter: '"unclosed' }), NOW))).toBe("filter");
    expect(await fieldOf(service.list(query({ cursor: "bm90LWEtY3Vyc29y" }), NOW))).toBe("cursor");
    const first = await service.list(query({ limit: 1 }), NOW);
    expect(await fieldOf(service.list(query({ function: "api", cursor: first.nextCursor }), NOW))).toBe(
      "cursor",
    );
  });
});

describe("LogsService.tail", () => {
  it("returns the events received after `since`, and the next `since`", async () => {
    // Ten lines a second apart, each received 2 s after it was printed.
    const logs = logsWith(10, NOW - 20_000, 2000);
    const service = new LogsService(logs, STACK);
    const since = NOW - 20_000 + 4 * 1000 + 2000; // line 4's ingestion
    const tail = await service.tail(tailQuery({ since }), NOW);
    expect(tail.events.map((e) => e.message)).toEqual(["line 5", "line 6", "line 7", "line 8", "line 9"]);
    expect(tail).toMatchObject({ since, nextSince: NOW - 20_000 + 9 * 1000 + 2000, truncated: false });
    expect(logs.pages[0]?.startTime).toBe(since - TAIL_LOOKBACK_MS);
    const nothingNew = await service.tail(tailQuery({ since: tail.nextSince }), NOW);
    expect(nothingNew).toMatchObject({ events: [], nextSince: tail.nextSince, truncated: false });
  });

  it("finds a line printed before `since` that arrived after it (a long run's early lines)", async () => {
    const logs = new FakeFunctionLogs();
    logs.events.set(PROCESSOR, [
      {
        timestamp: NOW - 60_000,
        ingestionTime: NOW - 1000,
        message: "printed a minute ago",
        logStreamName: "s",
      },
      { timestamp: NOW - 30_000, ingestionTime: NOW - 29_000, message: "seen before", logStreamName: "s" },
    ] as never);
    const tail = await new LogsService(logs, STACK).tail(tailQuery({ since: NOW - 10_000 }), NOW);
    expect(tail.events.map((e) => e.message)).toEqual(["printed a minute ago"]);
  });

  it("says truncated when more arrived than it returns", async () => {
    const logs = logsWith(5, NOW - 10_000);
    const tail = await new LogsService(logs, STACK).tail(tailQuery({ since: NOW - 60_000, limit: 3 }), NOW);
    expect(tail.events).toHaveLength(3);
    expect(tail.truncated).toBe(true);
    expect(tail.nextSince).toBe(NOW - 10_000 + 2000);
  });

  it("refuses a `since` older than an hour", () => {
    const refused = logsTailQuerySchema.safeParse({
      function: "processor",
      since: String(Date.now() - 2 * 3_600_000),
    });
    expect(refused.error?.issues[0]).toMatchObject({ path: ["since"] });
  });
});
