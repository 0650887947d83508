import { z } from "zod";
import {
  bool,
  describeLimit,
  eventsLimit,
  filterName,
  filterPattern,
  integer,
  kmsKeyId,
  list,
  logGroupClass,
  logGroupIdentifier,
  logGroupName,
  logGroupNamePattern,
  logStreamName,
  metricName,
  metricTransformation,
  nextToken,
  oneOf,
  resourceArn,
  tagKeys,
  tags,
  text,
  timestamp,
} from "./fields.ts";

/** A group named directly or through an identifier (name or ARN); exactly one, checked by the provider. */
const groupReference = {
  logGroupName: logGroupName.optional(),
  logGroupIdentifier: logGroupIdentifier.optional(),
};

const groupSchemas = {
  CreateLogGroup: z.object({
    logGroupName,
    kmsKeyId: kmsKeyId.optional(),
    tags: tags.optional(),
    logGroupClass: logGroupClass.optional(),
    deletionProtectionEnabled: bool.optional(),
  }),
  DeleteLogGroup: z.object({ logGroupName }),
  DescribeLogGroups: z.object({
    accountIdentifiers: list(text({ min: 12, max: 12, pattern: "\\d{12}" }), 0, 20).optional(),
    logGroupNamePrefix: logGroupName.optional(),
    logGroupNamePattern: logGroupNamePattern.optional(),
    nextToken: nextToken.optional(),
    limit: describeLimit.optional(),
    includeLinkedAccounts: bool.optional(),
    logGroupClass: logGroupClass.optional(),
    logGroupIdentifiers: list(logGroupIdentifier, 1, 50).optional(),
  }),
  PutRetentionPolicy: z.object({ logGroupName, retentionInDays: integer() }),
  DeleteRetentionPolicy: z.object({ logGroupName }),
};

const streamSchemas = {
  CreateLogStream: z.object({ logGroupName, logStreamName }),
  DeleteLogStream: z.object({ logGroupName, logStreamName }),
  DescribeLogStreams: z.object({
    ...groupReference,
    logStreamNamePrefix: logStreamName.optional(),
    orderBy: oneOf(["LogStreamName", "LastEventTime"]).optional(),
    descending: bool.optional(),
    nextToken: nextToken.optional(),
    limit: describeLimit.optional(),
  }),
};

const eventSchemas = {
  PutLogEvents: z.object({
    logGroupName,
    logStreamName,
    logEvents: list(z.object({ timestamp, message: text({ min: 1 }) }), 1, 10000),
    sequenceToken: text({ min: 1 }).optional(),
    entity: z.unknown().optional(),
  }),
  GetLogEvents: z.object({
    ...groupReference,
    logStreamName,
    startTime: timestamp.optional(),
    endTime: timestamp.optional(),
    nextToken: nextToken.optional(),
    limit: eventsLimit.optional(),
    startFromHead: bool.optional(),
    unmask: bool.optional(),
  }),
  FilterLogEvents: z.object({
    ...groupReference,
    logStreamNames: list(logStreamName, 1, 100).optional(),
    logStreamNamePrefix: logStreamName.optional(),
    startTime: timestamp.optional(),
    endTime: timestamp.optional(),
    filterPattern: filterPattern.optional(),
    nextToken: nextToken.optional(),
    limit: eventsLimit.optional(),
    startFromHead: bool.optional(),
    interleaved: bool.optional(),
    unmask: bool.optional(),
  }),
};

const metricFilterSchemas = {
  PutMetricFilter: z.object({
    logGroupName,
    filterName,
    filterPattern,
    metricTransformations: list(metricTransformation, 1, 1),
    applyOnTransformedLogs: bool.optional(),
  }),
  DescribeMetricFilters: z.object({
    logGroupName: logGroupName.optional(),
    filterNamePrefix: filterName.optional(),
    nextToken: nextToken.optional(),
    limit: describeLimit.optional(),
    metricName: metricName.optional(),
    metricNamespace: metricName.optional(),
  }),
  DeleteMetricFilter: z.object({ logGroupName, filterName }),
};

const tagSchemas = {
  TagResource: z.object({ resourceArn, tags }),
  UntagResource: z.object({ resourceArn, tagKeys }),
  ListTagsForResource: z.object({ resourceArn }),
  TagLogGroup: z.object({ logGroupName, tags }),
  UntagLogGroup: z.object({ logGroupName, tags: list(tagKeys.element, 1) }),
  ListTagsLogGroup: z.object({ logGroupName }),
};

/** The CloudWatch Logs operations the emulator implements; any other answers NotImplemented. */
export const logsSchemas = {
  ...groupSchemas,
  ...streamSchemas,
  ...eventSchemas,
  ...metricFilterSchemas,
  ...tagSchemas,
} satisfies Record<string, z.ZodType>;

export type LogsSchemas = typeof logsSchemas;
export type LogsInput<K extends keyof LogsSchemas> = z.infer<LogsSchemas[K]>;
