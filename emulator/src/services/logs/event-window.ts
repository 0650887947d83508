import type { StoredEvent } from "./model.ts";

/** Response pages stop at this many bytes of events, as AWS's do (1 MB). */
export const MAX_PAGE_BYTES = 1_048_576;
/** Bytes an event counts for in a page: its message plus AWS's per-event overhead. */
export function eventBytes(e: StoredEvent): number {
  return Buffer.byteLength(e.message, "utf8") + 26;
}

/** The first index in a timestamp-sorted list whose event is not before `key` (binary search). */
export function lowerBound(events: readonly StoredEvent[], timestamp: number, seq = 0): number {
  let lo = 0;
  let hi = events.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const e = events[mid]!;
    if (e.timestamp < timestamp || (e.timestamp === timestamp && e.seq < seq)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
