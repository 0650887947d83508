import type { Scope } from "./state.ts";

/** Log group ARNs: the plain form tags use, and the `:*` form DescribeLogGroups calls `arn`. */
export function logGroupArn(scope: Scope, group: string): string {
  return `arn:${partition(scope.region)}:logs:${scope.region}:${scope.accountId}:log-group:${group}`;
}

export function logStreamArn(scope: Scope, group: string, stream: string): string {
  return `${logGroupArn(scope, group)}:log-stream:${stream}`;
}

export function partition(region: string): string {
  if (region.startsWith("cn-")) return "aws-cn";
  if (region.startsWith("us-gov-")) return "aws-us-gov";
  return "aws";
}

export interface ParsedLogGroupArn {
  region: string;
  accountId: string;
  name: string;
  /** Whether the ARN ended with `:*`. */
  wildcard: boolean;
}

const LOG_GROUP_ARN = /^arn:aws[a-z-]*:logs:([a-z0-9-]+):(\d{12}):log-group:([^:]+)(:\*)?$/;

export function parseLogGroupArn(arn: string): ParsedLogGroupArn | null {
  const m = LOG_GROUP_ARN.exec(arn);
  if (!m) return null;
  return { region: m[1]!, accountId: m[2]!, name: m[3]!, wildcard: m[4] !== undefined };
}

/**
 * An event id, unique within its group: 56 digits, as AWS's are, made of the event's
 * timestamp, its stream's number and its sequence number in that stream.
 */
export function eventId(timestamp: number, streamId: number, seq: number): string {
  return `${pad(timestamp, 20)}${pad(streamId, 16)}${pad(seq, 20)}`;
}

export function pad(n: number, width: number): string {
  return String(n).padStart(width, "0");
}
