import type { RequestContext } from "../../gateway/context.ts";
import type { LogsBackend } from "./backend.ts";
import { invalidParameter, logGroupNotFound, tooManyTags } from "./errors.ts";
import { requireGroup } from "./group-lookup.ts";
import { logGroupArn, parseLogGroupArn } from "./identifiers.ts";
import type { LogGroupRecord } from "./model.ts";
import type { LogsInput } from "./schemas.ts";
import type { LogsState } from "./state.ts";

/** Tags per resource, as AWS limits them. */
export const MAX_TAGS = 50;

/**
 * The group a tagging ARN names. Tagging takes the plain log group ARN
 * (`arn:aws:logs:<region>:<account>:log-group:<name>`), not DescribeLogGroups' `:*` form.
 */
function taggedGroup(state: LogsState, resourceArn: string): LogGroupRecord {
  const arn = parseLogGroupArn(resourceArn);
  if (!arn || arn.wildcard) throw invalidParameter(`Invalid resource ARN: ${resourceArn}`);
  if (arn.accountId !== state.accountId || arn.region !== state.region) throw logGroupNotFound();
  return requireGroup(state, arn.name);
}

function addTags(state: LogsState, group: LogGroupRecord, tags: Record<string, string>): void {
  const merged = { ...group.tags, ...tags };
  if (Object.keys(merged).length > MAX_TAGS) throw tooManyTags(logGroupArn(state, group.name), MAX_TAGS);
  state.groups.set(group.name, { ...group, tags: merged });
}

function removeTags(state: LogsState, group: LogGroupRecord, keys: readonly string[]): void {
  const remaining = { ...group.tags };
  for (const key of keys) delete remaining[key];
  state.groups.set(group.name, { ...group, tags: remaining });
}

/** Tags on log groups, by ARN (TagResource...) and by name (the older TagLogGroup...). */
export function tagOperations(backend: LogsBackend) {
  return {
    TagResource(input: LogsInput<"TagResource">, ctx: RequestContext) {
      const state = backend.of(ctx);
      addTags(state, taggedGroup(state, input.resourceArn), input.tags);
      return {};
    },

    UntagResource(input: LogsInput<"UntagResource">, ctx: RequestContext) {
      const state = backend.of(ctx);
      removeTags(state, taggedGroup(state, input.resourceArn), input.tagKeys);
      return {};
    },

    ListTagsForResource(input: LogsInput<"ListTagsForResource">, ctx: RequestContext) {
      const state = backend.of(ctx);
      return { tags: taggedGroup(state, input.resourceArn).tags };
    },

    TagLogGroup(input: LogsInput<"TagLogGroup">, ctx: RequestContext) {
      const state = backend.of(ctx);
      addTags(state, requireGroup(state, input.logGroupName), input.tags);
      return {};
    },

    UntagLogGroup(input: LogsInput<"UntagLogGroup">, ctx: RequestContext) {
      const state = backend.of(ctx);
      removeTags(state, requireGroup(state, input.logGroupName), input.tags);
      return {};
    },

    ListTagsLogGroup(input: LogsInput<"ListTagsLogGroup">, ctx: RequestContext) {
      const state = backend.of(ctx);
      return { tags: requireGroup(state, input.logGroupName).tags };
    },
  };
}
