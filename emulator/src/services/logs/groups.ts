import { z } from "zod";
import type { RequestContext } from "../../gateway/context.ts";
import { AwsError } from "../../protocol/aws-error.ts";
import type { LogsBackend } from "./backend.ts";
import { invalidParameter, resourceAlreadyExists } from "./errors.ts";
import { groupNameOf, requireGroup } from "./group-lookup.ts";
import type { LogGroupRecord } from "./model.ts";
import { decodeToken, encodeToken } from "./page-token.ts";
import { expireGroup, RETENTION_DAYS } from "./retention.ts";
import type { LogsInput } from "./schemas.ts";
import { logGroupShape, logGroupSummaryShape } from "./shapes.ts";
import type { LogsState } from "./state.ts";

const DEFAULT_LIMIT = 50;

/** The group name an identifier gives, or none for another account's or region's ARN. */
function ownName(state: LogsState, identifier: string): string[] {
  try {
    return [groupNameOf(state, identifier)];
  } catch (err) {
    if (err instanceof AwsError && err.code === "ResourceNotFoundException") return [];
    throw err;
  }
}
const afterName = z.object({ after: z.string() });

/** Log groups: create, delete, describe, and their retention. */
export function groupOperations(backend: LogsBackend) {
  return {
    CreateLogGroup(input: LogsInput<"CreateLogGroup">, ctx: RequestContext) {
      const state = backend.of(ctx);
      if (state.groups.has(input.logGroupName)) {
        throw resourceAlreadyExists("The specified log group already exists");
      }
      const record: LogGroupRecord = {
        name: input.logGroupName,
        createdAt: new Date().toISOString(),
        logGroupClass: input.logGroupClass ?? "STANDARD",
        tags: input.tags ?? {},
        nextStreamId: 1,
      };
      if (input.kmsKeyId !== undefined) record.kmsKeyId = input.kmsKeyId;
      backend.createGroup(state, record);
      return {};
    },

    DeleteLogGroup(input: LogsInput<"DeleteLogGroup">, ctx: RequestContext) {
      const state = backend.of(ctx);
      requireGroup(state, input.logGroupName);
      backend.deleteGroup(state, input.logGroupName);
      return {};
    },

    DescribeLogGroups(input: LogsInput<"DescribeLogGroups">, ctx: RequestContext) {
      const state = backend.of(ctx);
      const prefix = input.logGroupNamePrefix;
      const pattern = input.logGroupNamePattern;
      if (prefix !== undefined && pattern !== undefined) {
        throw invalidParameter(
          "LogGroup name prefix and LogGroup name pattern are mutually exclusive parameters.",
        );
      }
      if (input.logGroupIdentifiers !== undefined && (prefix !== undefined || pattern !== undefined)) {
        throw invalidParameter(
          "logGroupIdentifiers cannot be combined with logGroupNamePrefix or logGroupNamePattern.",
        );
      }
      const wanted =
        input.logGroupIdentifiers && new Set(input.logGroupIdentifiers.flatMap((id) => ownName(state, id)));
      const after = input.nextToken === undefined ? undefined : decodeToken(input.nextToken, afterName).after;
      const limit = input.limit ?? DEFAULT_LIMIT;
      const page: LogGroupRecord[] = [];
      let more = false;
      // Names in the table's order are ASCII order, the order AWS lists groups in.
      for (const name of state.groups.keysSorted()) {
        if (after !== undefined && name <= after) continue;
        if (prefix !== undefined && !name.startsWith(prefix)) continue;
        if (pattern !== undefined && !name.includes(pattern)) continue;
        if (wanted && !wanted.has(name)) continue;
        const group = state.groups.get(name)!;
        if (input.logGroupClass !== undefined && group.logGroupClass !== input.logGroupClass) continue;
        if (page.length === limit) {
          more = true;
          break;
        }
        page.push(group);
      }
      return {
        logGroups: page.map((g) =>
          pattern === undefined ? logGroupShape(state, g) : logGroupSummaryShape(state, g),
        ),
        nextToken: more ? encodeToken({ after: page[page.length - 1]!.name }) : undefined,
      };
    },

    PutRetentionPolicy(input: LogsInput<"PutRetentionPolicy">, ctx: RequestContext) {
      if (!(RETENTION_DAYS as readonly number[]).includes(input.retentionInDays)) {
        throw invalidParameter(
          `1 validation error detected: Value '${input.retentionInDays}' at 'retentionInDays' failed to satisfy constraint: Member must satisfy enum value set: [${RETENTION_DAYS.join(", ")}]`,
        );
      }
      const state = backend.of(ctx);
      const group = requireGroup(state, input.logGroupName);
      state.groups.set(group.name, { ...group, retentionInDays: input.retentionInDays });
      // Expired events go at once rather than at the next background sweep.
      expireGroup(backend, state, group.name, Date.now());
      return {};
    },

    DeleteRetentionPolicy(input: LogsInput<"DeleteRetentionPolicy">, ctx: RequestContext) {
      const state = backend.of(ctx);
      const group = requireGroup(state, input.logGroupName);
      const { retentionInDays: _, ...rest } = group;
      state.groups.set(group.name, rest);
      return {};
    },
  };
}
