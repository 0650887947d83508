/** One log event, as CloudWatch Logs returns it. */
export interface LogEvent {
  timestamp: number;
  message: string;
  logStreamName: string;
}

/** A log event with what identifies it and when CloudWatch received it (for paging and tails). */
export interface IngestedLogEvent extends LogEvent {
  eventId: string;
  /** When CloudWatch Logs stored it; a function's line can arrive after lines stamped later. */
  ingestionTime: number;
}

export interface LogFilter {
  logGroup: string;
  /** A CloudWatch Logs filter pattern, e.g. `"01JH8ZK5Q3X7W9M2N4P6R8T0VB"`; empty matches every event. */
  filterPattern: string;
  startTime: number;
  endTime?: number;
  /** At most this many events (the oldest first). */
  limit: number;
}

export interface LogPageRequest extends LogFilter {
  /** FilterLogEvents' nextToken from the previous page, with the same group, pattern and range. */
  nextToken?: string;
}

export interface LogPage {
  events: IngestedLogEvent[];
  /** Present when CloudWatch has more to search: the next page's token. */
  nextToken?: string;
}

/** CloudWatch refused the request's filter pattern or its token: the client's input, a 400. */
export class LogQueryError extends Error {
  readonly field: "filterPattern" | "nextToken";
  constructor(field: "filterPattern" | "nextToken", message: string) {
    super(message);
    this.name = "LogQueryError";
    this.field = field;
  }
}

export interface FunctionLogs {
  /** Matching events, oldest first; an absent log group (nothing logged yet) gives none. */
  filter(filter: LogFilter): Promise<LogEvent[]>;
  /**
   * One page: up to `limit` matching events, oldest first, and the token to go on with (AWS may
   * answer pages with fewer events, even none, while it searches). An absent group gives none;
   * a pattern or token CloudWatch refuses throws LogQueryError.
   */
  page(request: LogPageRequest): Promise<LogPage>;
}
