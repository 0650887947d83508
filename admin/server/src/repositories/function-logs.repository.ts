/** One log event, as CloudWatch Logs returns it. */
export interface LogEvent {
  timestamp: number;
  message: string;
  logStreamName: string;
}

export interface LogFilter {
  logGroup: string;
  /** A CloudWatch Logs filter pattern, e.g. `"01JH8ZK5Q3X7W9M2N4P6R8T0VB"`. */
  filterPattern: string;
  startTime: number;
  endTime?: number;
  /** At most this many events (the oldest first). */
  limit: number;
}

export interface FunctionLogs {
  /** Matching events, oldest first; an absent log group (nothing logged yet) gives none. */
  filter(filter: LogFilter): Promise<LogEvent[]>;
}
