import { z } from "zod";
import type { RequestContext } from "../../gateway/context.ts";
import { compareUtf8 } from "../../state/table.ts";
import type { LogsBackend } from "./backend.ts";
import { invalidParameter, resourceAlreadyExists } from "./errors.ts";
import { referencedGroup, requireGroup, requireStream } from "./group-lookup.ts";
import type { LogStreamRecord } from "./model.ts";
import { decodeToken, encodeToken } from "./page-token.ts";
import type { LogsInput } from "./schemas.ts";
import { logStreamShape } from "./shapes.ts";

const DEFAULT_LIMIT = 50;
/** A stream's place in a listing: its last event time (LastEventTime order only) and name. */
const position = z.object({ time: z.number(), name: z.string() });
type Position = z.infer<typeof position>;

function comparePositions(a: Position, b: Position): number {
  return a.time - b.time || compareUtf8(a.name, b.name);
}

/** Log streams: create, delete, describe. */
export function streamOperations(backend: LogsBackend) {
  return {
    CreateLogStream(input: LogsInput<"CreateLogStream">, ctx: RequestContext) {
      const state = backend.of(ctx);
      const group = requireGroup(state, input.logGroupName);
      if (state.streams(group.name).has(input.logStreamName)) {
        throw resourceAlreadyExists("The specified log stream already exists");
      }
      backend.createStream(state, group, input.logStreamName);
      return {};
    },

    DeleteLogStream(input: LogsInput<"DeleteLogStream">, ctx: RequestContext) {
      const state = backend.of(ctx);
      requireGroup(state, input.logGroupName);
      requireStream(state, input.logGroupName, input.logStreamName);
      backend.deleteStream(state, input.logGroupName, input.logStreamName);
      return {};
    },

    DescribeLogStreams(input: LogsInput<"DescribeLogStreams">, ctx: RequestContext) {
      const state = backend.of(ctx);
      const group = referencedGroup(state, input);
      const byTime = input.orderBy === "LastEventTime";
      const prefix = input.logStreamNamePrefix;
      if (byTime && prefix !== undefined) {
        throw invalidParameter("Cannot order by LastEventTime with a logStreamNamePrefix.");
      }
      const at = (s: LogStreamRecord): Position => ({
        time: byTime ? (s.lastEventTimestamp ?? 0) : 0,
        name: s.name,
      });
      const direction = input.descending ? -1 : 1;
      const cursor = input.nextToken === undefined ? undefined : decodeToken(input.nextToken, position);
      const table = state.streams(group.name);
      // The table's key order is name order; LastEventTime needs its own sort.
      let streams = table.keysSorted().map((name) => table.get(name)!);
      if (prefix !== undefined) streams = streams.filter((s) => s.name.startsWith(prefix));
      if (byTime) streams = [...streams].sort((a, b) => comparePositions(at(a), at(b)));
      if (direction < 0) streams = [...streams].reverse();
      if (cursor) streams = streams.filter((s) => comparePositions(at(s), cursor) * direction > 0);
      const limit = input.limit ?? DEFAULT_LIMIT;
      const page = streams.slice(0, limit);
      return {
        logStreams: page.map((s) => logStreamShape(state, group.name, s)),
        nextToken: streams.length > limit ? encodeToken(at(page[page.length - 1]!)) : undefined,
      };
    },
  };
}
