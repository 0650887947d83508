import { type CloudWatchLogsClient, FilterLogEventsCommand } from "@aws-sdk/client-cloudwatch-logs";
import type { FunctionLogs, LogEvent, LogFilter } from "./function-logs.repository.ts";

/** FilterLogEvents, following nextToken until `limit` events or the end. */
export class CloudWatchFunctionLogs implements FunctionLogs {
  readonly #logs: CloudWatchLogsClient;

  constructor(logs: CloudWatchLogsClient) {
    this.#logs = logs;
  }

  async filter(filter: LogFilter): Promise<LogEvent[]> {
    const events: LogEvent[] = [];
    let nextToken: string | undefined;
    try {
      do {
        const page = await this.#logs.send(
          new FilterLogEventsCommand({
            logGroupName: filter.logGroup,
            filterPattern: filter.filterPattern,
            startTime: filter.startTime,
            endTime: filter.endTime,
            limit: Math.min(filter.limit - events.length, 10_000),
            nextToken,
          }),
        );
        for (const event of page.events ?? []) {
          events.push({
            timestamp: event.timestamp ?? 0,
            message: event.message ?? "",
            logStreamName: event.logStreamName ?? "",
          });
        }
        nextToken = page.nextToken;
      } while (nextToken !== undefined && events.length < filter.limit);
    } catch (error) {
      if ((error as Error).name === "ResourceNotFoundException") return [];
      throw error;
    }
    return events.slice(0, filter.limit);
  }
}
