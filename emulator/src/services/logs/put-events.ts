import type { RequestContext } from "../../gateway/context.ts";
import type { LogsBackend } from "./backend.ts";
import { invalidParameter } from "./errors.ts";
import { requireGroup, requireStream } from "./group-lookup.ts";
import { retentionCutoff } from "./retention.ts";
import type { LogsInput } from "./schemas.ts";
import { sequenceToken } from "./shapes.ts";

const HOUR_MS = 60 * 60 * 1000;
const DAY_MS = 24 * HOUR_MS;
/** PutLogEvents' limits, as AWS documents them. */
const MAX_BATCH_BYTES = 1_048_576;
const EVENT_OVERHEAD_BYTES = 26;
const MAX_AGE_MS = 14 * DAY_MS;
const MAX_FUTURE_MS = 2 * HOUR_MS;
const MAX_SPAN_MS = DAY_MS;

interface RejectedLogEventsInfo {
  tooNewLogEventStartIndex?: number;
  tooOldLogEventEndIndex?: number;
  expiredLogEventEndIndex?: number;
}

/** PutLogEvents: the batch rules, then the accepted events go to the stream and the metric filters. */
export function putEventsOperations(backend: LogsBackend) {
  return {
    PutLogEvents(input: LogsInput<"PutLogEvents">, ctx: RequestContext) {
      const state = backend.of(ctx);
      const group = requireGroup(state, input.logGroupName);
      const stream = requireStream(state, group.name, input.logStreamName);
      const events = input.logEvents;
      let bytes = 0;
      for (let i = 0; i < events.length; i++) {
        if (i > 0 && events[i]!.timestamp < events[i - 1]!.timestamp) {
          throw invalidParameter(
            "Log events in a single PutLogEvents request must be in chronological order.",
          );
        }
        bytes += Buffer.byteLength(events[i]!.message, "utf8") + EVENT_OVERHEAD_BYTES;
      }
      if (bytes > MAX_BATCH_BYTES) {
        throw invalidParameter(`Upload too large: ${bytes} bytes exceeds limit of ${MAX_BATCH_BYTES}`);
      }

      // The batch is chronological, so rejected events are a prefix (too old, expired) and a suffix (too new).
      const now = Date.now();
      const tooOldEnd = countBefore(events, now - MAX_AGE_MS);
      const cutoff = retentionCutoff(group.retentionInDays, now);
      const expiredEnd = cutoff === undefined ? 0 : countBefore(events, cutoff);
      let tooNewStart = events.length;
      while (tooNewStart > 0 && events[tooNewStart - 1]!.timestamp > now + MAX_FUTURE_MS) tooNewStart--;
      const accepted = events.slice(
        Math.max(tooOldEnd, expiredEnd),
        Math.max(tooNewStart, tooOldEnd, expiredEnd),
      );
      if (
        accepted.length > 1 &&
        accepted[accepted.length - 1]!.timestamp - accepted[0]!.timestamp > MAX_SPAN_MS
      ) {
        throw invalidParameter(
          "The batch of log events in a single PutLogEvents request cannot span more than 24 hours.",
        );
      }

      const updated = backend.ingest(state, group.name, stream, accepted, now);
      const rejected: RejectedLogEventsInfo = {};
      if (tooNewStart < events.length) rejected.tooNewLogEventStartIndex = tooNewStart;
      if (tooOldEnd > 0) rejected.tooOldLogEventEndIndex = tooOldEnd;
      if (expiredEnd > 0) rejected.expiredLogEventEndIndex = expiredEnd;
      return {
        nextSequenceToken: sequenceToken(updated),
        rejectedLogEventsInfo: Object.keys(rejected).length > 0 ? rejected : undefined,
      };
    },
  };
}

/** How many events of a chronological batch are older than `time`. */
function countBefore(events: readonly { timestamp: number }[], time: number): number {
  let n = 0;
  while (n < events.length && events[n]!.timestamp < time) n++;
  return n;
}
