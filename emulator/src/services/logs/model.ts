/** Rows of the CloudWatch Logs tables. Event times are epoch milliseconds, as the API has them. */

export interface LogGroupRecord {
  name: string;
  createdAt: string;
  retentionInDays?: number;
  kmsKeyId?: string;
  logGroupClass: string;
  tags: Record<string, string>;
  /** Numbers the group's streams, for event ids that are unique across the group. */
  nextStreamId: number;
}

export interface LogStreamRecord {
  name: string;
  /** This stream's number in its group. */
  streamId: number;
  createdAt: string;
  firstEventTimestamp?: number;
  lastEventTimestamp?: number;
  lastIngestionTime?: number;
  /** Sequence number the next event gets; event chunks are keyed by their first one. */
  nextSeq: number;
  /** Accepted uploads so far, for the (ignored) sequence tokens. */
  uploads: number;
  /** Message bytes stored, for the group's storedBytes. */
  storedBytes: number;
}

/**
 * One upload's accepted events, in chronological order: event `i` has sequence number
 * `first + i`. Chunks are appended, never rewritten, except when retention drops a prefix.
 */
export interface EventChunkRecord {
  first: number;
  ingestionTime: number;
  timestamps: number[];
  messages: string[];
}

export interface MetricTransformationRecord {
  metricName: string;
  metricNamespace: string;
  metricValue: string;
  defaultValue?: number;
  dimensions?: Record<string, string>;
  unit?: string;
}

export interface MetricFilterRecord {
  filterName: string;
  filterPattern: string;
  metricTransformations: MetricTransformationRecord[];
  createdAt: string;
  applyOnTransformedLogs: boolean;
}

/** An event as reads see it. */
export interface StoredEvent {
  timestamp: number;
  message: string;
  ingestionTime: number;
  seq: number;
}
