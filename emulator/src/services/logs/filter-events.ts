import { z } from "zod";
import type { RequestContext } from "../../gateway/context.ts";
import { compareUtf8 } from "../../state/table.ts";
import type { LogsBackend } from "./backend.ts";
import { invalidParameter } from "./errors.ts";
import { eventBytes, lowerBound, MAX_PAGE_BYTES } from "./event-window.ts";
import { LogMessage, matchPattern } from "./filter-pattern/index.ts";
import { referencedGroup } from "./group-lookup.ts";
import { eventId } from "./identifiers.ts";
import { parsePatternParameter } from "./metric-transformations.ts";
import type { LogStreamRecord, StoredEvent } from "./model.ts";
import { decodeToken, encodeToken } from "./page-token.ts";
import { retentionCutoff } from "./retention.ts";
import type { LogsInput } from "./schemas.ts";

const DEFAULT_LIMIT = 10_000;

/**
 * The order events come in across streams: timestamp, ingestion time, stream, then
 * arrival in the stream. A token holds the last event returned and the direction.
 */
const cursor = z.object({
  forward: z.boolean(),
  timestamp: z.number(),
  ingestionTime: z.number(),
  streamId: z.number(),
  seq: z.number(),
});
type Cursor = z.infer<typeof cursor>;

interface Candidate {
  event: StoredEvent;
  stream: LogStreamRecord;
  key: SortKey;
}

type SortKey = [timestamp: number, ingestionTime: number, streamId: number, seq: number];

function compareKeys(a: SortKey, b: SortKey): number {
  return a[0] - b[0] || a[1] - b[1] || a[2] - b[2] || a[3] - b[3];
}

/** FilterLogEvents: a group's events across streams, interleaved, matched against a pattern. */
export function filterEventsOperations(backend: LogsBackend) {
  return {
    FilterLogEvents(input: LogsInput<"FilterLogEvents">, ctx: RequestContext) {
      const state = backend.of(ctx);
      const group = referencedGroup(state, input);
      if (input.logStreamNames !== undefined && input.logStreamNamePrefix !== undefined) {
        throw invalidParameter("logStreamNames and logStreamNamePrefix are mutually exclusive parameters.");
      }
      const pattern = parsePatternParameter(input.filterPattern);
      const from = input.nextToken === undefined ? undefined : decodeToken(input.nextToken, cursor);
      const forward = from ? from.forward : input.startFromHead !== false;
      const direction = forward ? 1 : -1;
      const after: SortKey | undefined = from && [
        from.timestamp,
        from.ingestionTime,
        from.streamId,
        from.seq,
      ];

      const table = state.streams(group.name);
      const names = input.logStreamNames ? new Set(input.logStreamNames) : undefined;
      const prefix = input.logStreamNamePrefix;
      const streams = table
        .keysSorted()
        .filter((name) => (names ? names.has(name) : prefix === undefined || name.startsWith(prefix)))
        .map((name) => table.get(name)!);

      // startTime and endTime are both inclusive here; nothing past retention is returned.
      const cutoff = retentionCutoff(group.retentionInDays, Date.now());
      const start = Math.max(input.startTime ?? 0, cutoff ?? 0);
      const candidates: Candidate[] = [];
      for (const stream of streams) {
        const events = backend.events.sorted(state, group.name, stream.name);
        const end = input.endTime === undefined ? events.length : lowerBound(events, input.endTime + 1);
        for (let i = lowerBound(events, start); i < end; i++) {
          const event = events[i]!;
          const key: SortKey = [event.timestamp, event.ingestionTime, stream.streamId, event.seq];
          if (!after || compareKeys(key, after) * direction > 0) candidates.push({ event, stream, key });
        }
      }
      candidates.sort((a, b) => compareKeys(a.key, b.key) * direction);

      const limit = input.limit ?? DEFAULT_LIMIT;
      const page: Candidate[] = [];
      let bytes = 0;
      let more = false;
      for (const c of candidates) {
        if (!matchPattern(pattern, new LogMessage(c.event.message))) continue;
        bytes += eventBytes(c.event);
        if (page.length === limit || (bytes > MAX_PAGE_BYTES && page.length > 0)) {
          more = true;
          break;
        }
        page.push(c);
      }
      const last = page[page.length - 1];
      return {
        events: page.map(({ event, stream }) => ({
          logStreamName: stream.name,
          timestamp: event.timestamp,
          message: event.message,
          ingestionTime: event.ingestionTime,
          eventId: eventId(event.timestamp, stream.streamId, event.seq),
        })),
        searchedLogStreams: streams
          .map((s) => ({ logStreamName: s.name, searchedCompletely: true }))
          .sort((a, b) => compareUtf8(a.logStreamName, b.logStreamName)),
        nextToken:
          more && last
            ? encodeToken({
                forward,
                timestamp: last.event.timestamp,
                ingestionTime: last.event.ingestionTime,
                streamId: last.stream.streamId,
                seq: last.event.seq,
              } satisfies Cursor)
            : undefined,
      };
    },
  };
}
