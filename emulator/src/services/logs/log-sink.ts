/**
 * How other services write to CloudWatch Logs in-process, as AWS's own services do
 * (Lambda writes its START/END/REPORT lines and the function's output this way). The
 * group and stream are created when missing, as Lambda's service role does on AWS.
 */

export interface LogTarget {
  accountId: string;
  region: string;
  group: string;
  stream: string;
}

export interface LogLine {
  /** Milliseconds since the epoch. */
  timestamp: number;
  message: string;
}

export interface LogSink {
  append(target: LogTarget, lines: readonly LogLine[]): void;
}
