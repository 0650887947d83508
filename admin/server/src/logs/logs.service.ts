import { Inject, Injectable } from "@nestjs/common";
import { FUNCTION_LOGS, STACK_RESOURCES } from "../app/tokens.ts";
import { badRequest } from "../http/bad-request.ts";
import {
  type FunctionLogs,
  type IngestedLogEvent,
  type LogPage,
  type LogPageRequest,
  LogQueryError,
} from "../repositories/function-logs.repository.ts";
import type { StackResources } from "../settings/stack-resources.ts";
import {
  LOGS_LIMITS,
  type LogEventView,
  type LogsPage,
  type LogsQuery,
  type LogsTail,
  type LogsTailQuery,
} from "./logs.dto.ts";
import { decodeLogsCursor, encodeLogsCursor } from "./logs-cursor.ts";

/**
 * How far before `since` a tail searches by timestamp: a line is stamped when printed and can
 * reach CloudWatch later, at most a Lambda run (15 minutes) later.
 */
export const TAIL_LOOKBACK_MS = 15 * 60_000;
/** Pages one tail reads at most before it answers `truncated`. */
const MAX_TAIL_PAGES = 10;
const TAIL_PAGE_SIZE = 1000;

/** The functions' log groups: a filtered, paged listing and a tail for the console to poll. */
@Injectable()
export class LogsService {
  readonly #logs: FunctionLogs;
  readonly #stack: StackResources;

  constructor(@Inject(FUNCTION_LOGS) logs: FunctionLogs, @Inject(STACK_RESOURCES) stack: StackResources) {
    this.#logs = logs;
    this.#stack = stack;
  }

  async list(query: LogsQuery, now = Date.now()): Promise<LogsPage> {
    const logGroup = this.#stack.logGroups[query.function];
    let startTime: number;
    let endTime: number | undefined;
    let nextToken: string | undefined;
    if (query.cursor !== undefined) {
      const cursor = decodeLogsCursor(query.cursor);
      if (cursor === null) throw badRequest("cursor", "not a cursor issued by this API");
      if (cursor.function !== query.function)
        throw badRequest("cursor", `it belongs to the ${cursor.function} logs, not ${query.function}`);
      ({ startTime, endTime, token: nextToken } = cursor);
    } else {
      endTime = query.to === undefined ? undefined : Date.parse(query.to);
      startTime =
        query.from === undefined ? (endTime ?? now) - LOGS_LIMITS.defaultRangeMs : Date.parse(query.from);
    }
    const page = await this.#page(
      { logGroup, filterPattern: query.filter, startTime, endTime, limit: query.limit, nextToken },
      query.cursor !== undefined,
    );
    return {
      function: query.function,
      logGroup,
      from: new Date(startTime).toISOString(),
      to: endTime === undefined ? null : new Date(endTime).toISOString(),
      events: page.events.map(view),
      nextCursor:
        page.nextToken === undefined
          ? null
          : encodeLogsCursor({
              function: query.function,
              startTime,
              ...(endTime === undefined ? {} : { endTime }),
              token: page.nextToken,
            }),
    };
  }

  /**
   * Events CloudWatch received after `since` (by ingestion time, so a line printed early in a long
   * run and delivered late is not skipped), and the `since` for the next poll.
   */
  async tail(query: LogsTailQuery, now = Date.now()): Promise<LogsTail> {
    const logGroup = this.#stack.logGroups[query.function];
    const since = query.since ?? now - LOGS_LIMITS.defaultTailAgeMs;
    const events: IngestedLogEvent[] = [];
    let nextToken: string | undefined;
    let pages = 0;
    do {
      const page = await this.#page(
        {
          logGroup,
          filterPattern: query.filter,
          startTime: since - TAIL_LOOKBACK_MS,
          limit: TAIL_PAGE_SIZE,
          nextToken,
        },
        false,
      );
      events.push(...page.events.filter((event) => event.ingestionTime > since));
      nextToken = page.nextToken;
      pages += 1;
    } while (nextToken !== undefined && events.length < query.limit && pages < MAX_TAIL_PAGES);
    const kept = events.slice(0, query.limit);
    return {
      function: query.function,
      logGroup,
      events: kept.map(view),
      since,
      nextSince: kept.reduce((latest, event) => Math.max(latest, event.ingestionTime), since),
      truncated: nextToken !== undefined || events.length > kept.length,
    };
  }

  async #page(request: LogPageRequest, fromCursor: boolean): Promise<LogPage> {
    try {
      return await this.#logs.page(request);
    } catch (error) {
      if (!(error instanceof LogQueryError)) throw error;
      if (error.field === "nextToken" && fromCursor)
        throw badRequest("cursor", "CloudWatch no longer accepts this cursor (it expires after 24 hours)");
      throw badRequest("filter", `CloudWatch refused the pattern: ${error.message}`);
    }
  }
}

function view(event: IngestedLogEvent): LogEventView {
  return {
    timestamp: new Date(event.timestamp).toISOString(),
    logStream: event.logStreamName,
    message: event.message,
    eventId: event.eventId,
    ingestedAt: new Date(event.ingestionTime).toISOString(),
  };
}
