import type { RequestContext } from "../../gateway/context.ts";
import type { LogsBackend } from "./backend.ts";
import { invalidNextToken } from "./errors.ts";
import { eventBytes, lowerBound, MAX_PAGE_BYTES } from "./event-window.ts";
import { referencedGroup, requireStream } from "./group-lookup.ts";
import { pad } from "./identifiers.ts";
import type { StoredEvent } from "./model.ts";
import { retentionCutoff } from "./retention.ts";
import type { LogsInput } from "./schemas.ts";

const DEFAULT_LIMIT = 10_000;

/** A place between events: (timestamp, sequence number); events sort by the same pair. */
interface Key {
  timestamp: number;
  seq: number;
}

/**
 * AWS's tokens: `f/` (forward) or `b/` (backward) and 56 digits. Here the digits are a key:
 * a forward token continues after it, a backward token before it.
 */
function token(direction: "f" | "b", key: Key): string {
  return `${direction}/${pad(key.timestamp, 20)}${pad(key.seq, 36)}`;
}

function parseToken(text: string): { direction: "f" | "b"; key: Key } {
  const m = /^([fb])\/(\d{20})(\d{36})$/.exec(text);
  const timestamp = Number(m?.[2]);
  const seq = Number(m?.[3]);
  if (!m || !Number.isSafeInteger(timestamp) || !Number.isSafeInteger(seq)) throw invalidNextToken();
  return { direction: m[1] as "f" | "b", key: { timestamp, seq } };
}

const keyOf = (e: StoredEvent): Key => ({ timestamp: e.timestamp, seq: e.seq });

/** GetLogEvents: one stream's events in time order, paged forwards or backwards. */
export function getEventsOperations(backend: LogsBackend) {
  return {
    GetLogEvents(input: LogsInput<"GetLogEvents">, ctx: RequestContext) {
      const state = backend.of(ctx);
      const group = referencedGroup(state, input);
      requireStream(state, group.name, input.logStreamName);
      const events = backend.events.sorted(state, group.name, input.logStreamName);
      const from = input.nextToken === undefined ? undefined : parseToken(input.nextToken);

      // The window: startTime inclusive, endTime exclusive, nothing past retention, then the token.
      const cutoff = retentionCutoff(group.retentionInDays, Date.now());
      let lo = lowerBound(events, Math.max(input.startTime ?? 0, cutoff ?? 0));
      let hi = input.endTime === undefined ? events.length : lowerBound(events, input.endTime);
      if (from?.direction === "f")
        lo = Math.max(lo, lowerBound(events, from.key.timestamp, from.key.seq + 1));
      if (from?.direction === "b") hi = Math.min(hi, lowerBound(events, from.key.timestamp, from.key.seq));

      const forward = from ? from.direction === "f" : input.startFromHead === true;
      const page = forward
        ? takeForward(events, lo, hi, input.limit ?? DEFAULT_LIMIT)
        : takeBackward(events, lo, hi, input.limit ?? DEFAULT_LIMIT);

      let nextForwardToken: string;
      let nextBackwardToken: string;
      if (page.length > 0) {
        nextForwardToken = token("f", keyOf(page[page.length - 1]!));
        nextBackwardToken = token("b", keyOf(page[0]!));
      } else if (from) {
        // At the end in the token's direction: AWS hands the same token back.
        const k = from.key;
        nextForwardToken = from.direction === "f" ? input.nextToken! : token("f", before(k));
        nextBackwardToken = from.direction === "b" ? input.nextToken! : token("b", { ...k, seq: k.seq + 1 });
      } else {
        const start: Key = { timestamp: input.startTime ?? 0, seq: 0 };
        nextForwardToken = token("f", start);
        nextBackwardToken = token("b", start);
      }
      return {
        events: page.map((e) => ({
          timestamp: e.timestamp,
          message: e.message,
          ingestionTime: e.ingestionTime,
        })),
        nextForwardToken,
        nextBackwardToken,
      };
    },
  };
}

/** The key just before `k`, so that a forward token from it includes the event at `k`. */
function before(k: Key): Key {
  if (k.seq > 0) return { timestamp: k.timestamp, seq: k.seq - 1 };
  return k.timestamp > 0 ? { timestamp: k.timestamp - 1, seq: Number.MAX_SAFE_INTEGER } : k;
}

function takeForward(events: readonly StoredEvent[], lo: number, hi: number, limit: number): StoredEvent[] {
  const page: StoredEvent[] = [];
  let bytes = 0;
  for (let i = lo; i < hi && page.length < limit; i++) {
    bytes += eventBytes(events[i]!);
    if (bytes > MAX_PAGE_BYTES && page.length > 0) break;
    page.push(events[i]!);
  }
  return page;
}

function takeBackward(events: readonly StoredEvent[], lo: number, hi: number, limit: number): StoredEvent[] {
  const page: StoredEvent[] = [];
  let bytes = 0;
  for (let i = hi - 1; i >= lo && page.length < limit; i--) {
    bytes += eventBytes(events[i]!);
    if (bytes > MAX_PAGE_BYTES && page.length > 0) break;
    page.push(events[i]!);
  }
  return page.reverse();
}
