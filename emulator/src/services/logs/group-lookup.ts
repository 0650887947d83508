import { invalidParameter, logGroupNotFound, logStreamNotFound } from "./errors.ts";
import { parseLogGroupArn } from "./identifiers.ts";
import type { LogGroupRecord, LogStreamRecord } from "./model.ts";
import type { LogsState } from "./state.ts";

export function requireGroup(state: LogsState, name: string): LogGroupRecord {
  const group = state.groups.get(name);
  if (!group) throw logGroupNotFound();
  return group;
}

export function requireStream(state: LogsState, group: string, name: string): LogStreamRecord {
  const stream = state.streams(group).get(name);
  if (!stream) throw logStreamNotFound();
  return stream;
}

/**
 * The group an operation names with `logGroupName` or `logGroupIdentifier` (a name or
 * an ARN, with or without `:*`); exactly one of them. Another account's or region's ARN
 * names a group that does not exist here.
 */
export function referencedGroup(
  state: LogsState,
  input: { logGroupName?: string; logGroupIdentifier?: string },
): LogGroupRecord {
  if (input.logGroupName !== undefined && input.logGroupIdentifier !== undefined) {
    throw invalidParameter("LogGroup name and LogGroup ARN are mutually exclusive parameters.");
  }
  const identifier = input.logGroupName ?? input.logGroupIdentifier;
  if (identifier === undefined) {
    throw invalidParameter("Should provide either name or ARN of the log group.");
  }
  return requireGroup(state, groupNameOf(state, identifier));
}

/** A group name from a name or ARN; a foreign ARN gives a name no group has. */
export function groupNameOf(state: LogsState, identifier: string): string {
  if (!identifier.startsWith("arn:")) return identifier;
  const arn = parseLogGroupArn(identifier);
  if (!arn) throw invalidParameter(`Invalid log group identifier: ${identifier}`);
  if (arn.accountId !== state.accountId || arn.region !== state.region) throw logGroupNotFound();
  return arn.name;
}
