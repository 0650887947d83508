import { type CloudWatchLogsClient, FilterLogEventsCommand } from "@aws-sdk/client-cloudwatch-logs";
import {
  type FunctionLogs,
  type LogEvent,
  type LogFilter,
  type LogPage,
  type LogPageRequest,
  LogQueryError,
} from "./function-logs.repository.ts";

/** FilterLogEvents' own maximum per call. */
const MAX_EVENTS_PER_CALL = 10_000;
/**
 * Calls one page may take: AWS answers short (or empty) pages with a token while it searches a
 * large group; following a few fills the page without holding the request for long.
 */
const MAX_CALLS_PER_PAGE = 5;

/** FilterLogEvents, following nextToken until `limit` events or the end. */
export class CloudWatchFunctionLogs implements FunctionLogs {
  readonly #logs: CloudWatchLogsClient;

  constructor(logs: CloudWatchLogsClient) {
    this.#logs = logs;
  }

  async filter(filter: LogFilter): Promise<LogEvent[]> {
    const events: LogEvent[] = [];
    let nextToken: string | undefined;
    do {
      const page = await this.page({ ...filter, limit: filter.limit - events.length, nextToken });
      events.push(
        ...page.events.map(({ timestamp, message, logStreamName }) => ({
          timestamp,
          message,
          logStreamName,
        })),
      );
      nextToken = page.nextToken;
    } while (nextToken !== undefined && events.length < filter.limit);
    return events.slice(0, filter.limit);
  }

  async page(request: LogPageRequest): Promise<LogPage> {
    const events: LogPage["events"] = [];
    let nextToken = request.nextToken;
    let calls = 0;
    try {
      do {
        const answer = await this.#logs.send(
          new FilterLogEventsCommand({
            logGroupName: request.logGroup,
            ...(request.filterPattern === "" ? {} : { filterPattern: request.filterPattern }),
            startTime: request.startTime,
            endTime: request.endTime,
            limit: Math.min(request.limit - events.length, MAX_EVENTS_PER_CALL),
            nextToken,
          }),
        );
        for (const event of answer.events ?? []) {
          const timestamp = event.timestamp ?? 0;
          events.push({
            timestamp,
            message: event.message ?? "",
            logStreamName: event.logStreamName ?? "",
            eventId: event.eventId ?? `${timestamp}-${events.length}`,
            ingestionTime: event.ingestionTime ?? timestamp,
          });
        }
        nextToken = answer.nextToken;
        calls += 1;
      } while (nextToken !== undefined && events.length < request.limit && calls < MAX_CALLS_PER_PAGE);
    } catch (error) {
      const { name, message } = error as Error;
      if (name === "ResourceNotFoundException") return { events: [] };
      // AWS's wording: "Invalid filter pattern", "The specified nextToken is invalid."
      if (name === "InvalidParameterException" && /token/i.test(message) && request.nextToken !== undefined)
        throw new LogQueryError("nextToken", message);
      if (name === "InvalidParameterException" && /pattern/i.test(message))
        throw new LogQueryError("filterPattern", message);
      throw error;
    }
    return nextToken === undefined ? { events } : { events, nextToken };
  }
}
