import { logGroupArn, logStreamArn, pad } from "./identifiers.ts";
import type { LogGroupRecord, LogStreamRecord, MetricFilterRecord } from "./model.ts";
import type { LogsState } from "./state.ts";

/** Output shapes. Timestamps are epoch milliseconds (the model's `long`), not Dates. */

export function logGroupShape(state: LogsState, g: LogGroupRecord) {
  const arn = logGroupArn(state, g.name);
  let storedBytes = 0;
  for (const s of state.streams(g.name).values()) storedBytes += s.storedBytes;
  return {
    logGroupName: g.name,
    creationTime: Date.parse(g.createdAt),
    retentionInDays: g.retentionInDays,
    metricFilterCount: state.metricFilters(g.name).size,
    arn: `${arn}:*`,
    storedBytes,
    kmsKeyId: g.kmsKeyId,
    logGroupClass: g.logGroupClass,
    logGroupArn: arn,
  };
}

/** What DescribeLogGroups returns when asked with logGroupNamePattern. */
export function logGroupSummaryShape(state: LogsState, g: LogGroupRecord) {
  return {
    logGroupName: g.name,
    creationTime: Date.parse(g.createdAt),
    arn: `${logGroupArn(state, g.name)}:*`,
  };
}

export function logStreamShape(state: LogsState, group: string, s: LogStreamRecord) {
  return {
    logStreamName: s.name,
    creationTime: Date.parse(s.createdAt),
    firstEventTimestamp: s.firstEventTimestamp,
    lastEventTimestamp: s.lastEventTimestamp,
    lastIngestionTime: s.lastIngestionTime,
    uploadSequenceToken: sequenceToken(s),
    arn: logStreamArn(state, group, s.name),
    // AWS reports zero for streams since 2019; groups still count their bytes.
    storedBytes: 0,
  };
}

/** The (ignored) sequence token: 56 digits, as AWS's are. */
export function sequenceToken(s: LogStreamRecord): string {
  return pad(s.uploads + 1, 56);
}

export function metricFilterShape(group: string, f: MetricFilterRecord) {
  return {
    filterName: f.filterName,
    filterPattern: f.filterPattern,
    metricTransformations: f.metricTransformations,
    creationTime: Date.parse(f.createdAt),
    logGroupName: group,
    applyOnTransformedLogs: f.applyOnTransformedLogs,
  };
}
