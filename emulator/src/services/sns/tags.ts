import type { RequestContext } from "../../gateway/context.ts";
import { invalidParameter, resourceNotFound, tagLimitExceeded } from "./errors.ts";
import { parseArn } from "./lookup.ts";
import type { Tag, TopicRecord } from "./model.ts";
import type { SnsInput } from "./schemas.ts";
import { SnsState } from "./state.ts";

const MAX_TAGS = 50;

export function checkDistinctKeys(tags: readonly Tag[]): void {
  if (new Set(tags.map((t) => t.Key)).size !== tags.length) {
    throw invalidParameter("Invalid parameter: Duplicated keys are not allowed.");
  }
}

/** Whether `wanted` names exactly the tags the topic has (CreateTopic's idempotency check). */
export function sameTags(existing: readonly Tag[], wanted: readonly Tag[]): boolean {
  if (existing.length !== wanted.length) return false;
  return wanted.every((w) => existing.some((e) => e.Key === w.Key && e.Value === w.Value));
}

/** Topics are SNS's only taggable resource here; anything else is ResourceNotFound. */
function taggedTopic(
  ctx: RequestContext,
  resourceArn: string | undefined,
): { state: SnsState; topic: TopicRecord } {
  const arn = parseArn(resourceArn, "ResourceArn");
  const state = new SnsState(ctx.runtime.store, arn.accountId, arn.region);
  const topic = arn.region === ctx.region ? state.topics.get(resourceArn!) : undefined;
  if (!topic || topic.accountId !== ctx.accountId) throw resourceNotFound();
  return { state, topic };
}

/** TagResource, UntagResource, ListTagsForResource. */
export const tagOperations = {
  TagResource(input: SnsInput<"TagResource">, ctx: RequestContext) {
    checkDistinctKeys(input.Tags);
    const { state, topic } = taggedTopic(ctx, input.ResourceArn);
    // An existing key keeps its place with the new value; new keys go last.
    const tags = topic.tags.map((t) => ({
      Key: t.Key,
      Value: input.Tags.find((n) => n.Key === t.Key)?.Value ?? t.Value,
    }));
    for (const t of input.Tags)
      if (!tags.some((e) => e.Key === t.Key)) tags.push({ Key: t.Key, Value: t.Value });
    if (tags.length > MAX_TAGS) throw tagLimitExceeded();
    state.topics.set(topic.arn, { ...topic, tags });
    return {};
  },

  UntagResource(input: SnsInput<"UntagResource">, ctx: RequestContext) {
    const { state, topic } = taggedTopic(ctx, input.ResourceArn);
    const drop = new Set(input.TagKeys);
    state.topics.set(topic.arn, { ...topic, tags: topic.tags.filter((t) => !drop.has(t.Key)) });
    return {};
  },

  ListTagsForResource(input: SnsInput<"ListTagsForResource">, ctx: RequestContext) {
    const { topic } = taggedTopic(ctx, input.ResourceArn);
    return { Tags: topic.tags };
  },
};
