import type { ImageRecord } from "@darkroom/image-record";
import type { FunctionLogs, LogEvent } from "../repositories/function-logs.repository.ts";

/** Enough for a few runs' lines; the logs endpoint (later) pages through more. */
export const MAX_DETAIL_LOG_EVENTS = 200;
/** Runs whose START/END/REPORT lines are added by request id. */
const MAX_RUNS = 5;
/** Clocks differ a little between the function and the record's writer. */
const CLOCK_SLACK_MS = 60_000;

/** Lambda's request id as the runtime prints it and as Powertools' JSON carries it. */
const REQUEST_ID = /(?:RequestId: |"function_request_id":\s*")([0-9a-f-]{36})/;

/**
 * The processor's log events of an image: first those naming its id (Powertools' structured
 * lines), then, by the request ids found in them, the runtime's START/END/REPORT lines of those runs.
 */
export async function processingLogs(
  logs: FunctionLogs,
  logGroup: string,
  record: ImageRecord,
): Promise<LogEvent[]> {
  const startTime = Date.parse(record.createdAt) - CLOCK_SLACK_MS;
  const byImage = await logs.filter({
    logGroup,
    filterPattern: `"${record.imageId}"`,
    startTime,
    limit: MAX_DETAIL_LOG_EVENTS,
  });
  const requestIds = [...new Set(byImage.flatMap((e) => REQUEST_ID.exec(e.message)?.[1] ?? []))].slice(
    -MAX_RUNS,
  );
  if (requestIds.length === 0) return byImage;
  const byRun = await logs.filter({
    logGroup,
    filterPattern: requestIds.map((id) => `?"RequestId: ${id}"`).join(" "),
    startTime,
    limit: MAX_DETAIL_LOG_EVENTS,
  });
  const seen = new Set(byImage.map(eventKey));
  const merged = [...byImage, ...byRun.filter((e) => !seen.has(eventKey(e)))];
  return merged.sort((a, b) => a.timestamp - b.timestamp).slice(0, MAX_DETAIL_LOG_EVENTS);
}

function eventKey(event: LogEvent): string {
  return `${event.timestamp}\n${event.logStreamName}\n${event.message}`;
}
