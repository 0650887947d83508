import type { RequestContext } from "../../gateway/context.ts";
import { invalidParam } from "./errors.ts";
import { parseArn, requireTopic } from "./lookup.ts";
import type { TopicRecord } from "./model.ts";
import { page } from "./pagination.ts";
import type { SnsInput } from "./schemas.ts";
import { xmlAttributeMap } from "./shapes.ts";
import { SnsState } from "./state.ts";
import { checkDistinctKeys, sameTags } from "./tags.ts";
import {
  checkCreateAttributes,
  checkTopicAttribute,
  isFifo,
  topicAttributesView,
} from "./topic-attributes.ts";

const NAME = /^[A-Za-z0-9_-]{1,256}$/;
const FIFO_NAME = /^[A-Za-z0-9_-]{1,251}\.fifo$/;

/** CreateTopic, GetTopicAttributes, SetTopicAttributes, DeleteTopic, ListTopics. */
export const topicOperations = {
  CreateTopic(input: SnsInput<"CreateTopic">, ctx: RequestContext) {
    const requested = input.Attributes ?? {};
    const fifo = (requested.FifoTopic ?? "").toLowerCase() === "true";
    if (!(fifo ? FIFO_NAME : NAME).test(input.Name)) throw invalidParam("Topic Name");
    const attributes = checkCreateAttributes(requested, fifo);
    const tags = input.Tags ?? [];
    checkDistinctKeys(tags);
    const state = SnsState.of(ctx);
    const arn = state.topicArn(input.Name);
    const existing = state.topics.get(arn);
    if (existing) {
      // CreateTopic is idempotent, but only for what the request asks for.
      for (const [name, value] of Object.entries(attributes)) {
        if (name !== "BeginningArchiveTime" && existing.attributes[name] !== value) {
          throw invalidParam("Attributes", "Topic already exists with different attributes");
        }
      }
      if (tags.length > 0 && !sameTags(existing.tags, tags)) {
        throw invalidParam("Tags", "Topic already exists with different tags");
      }
      return { TopicArn: arn };
    }
    const topic: TopicRecord = {
      arn,
      name: input.Name,
      accountId: ctx.accountId,
      region: ctx.region,
      attributes,
      tags: tags.map((t) => ({ Key: t.Key, Value: t.Value })),
      createdAt: Date.now(),
      subscriptionsDeleted: 0,
      sequence: 0,
    };
    state.topics.set(arn, topic);
    return { TopicArn: arn };
  },

  GetTopicAttributes(input: SnsInput<"GetTopicAttributes">, ctx: RequestContext) {
    const { state, topic } = requireTopic(ctx, input.TopicArn, "GetTopicAttributes");
    return { Attributes: xmlAttributeMap(topicAttributesView(topic, state.subscriptionsOf(topic.arn))) };
  },

  SetTopicAttributes(input: SnsInput<"SetTopicAttributes">, ctx: RequestContext) {
    const { state, topic } = requireTopic(ctx, input.TopicArn, "SetTopicAttributes");
    const name = input.AttributeName;
    const value = checkTopicAttribute(name, input.AttributeValue ?? "", isFifo(topic));
    const attributes = { ...topic.attributes };
    if (value === undefined) delete attributes[name];
    else attributes[name] = value;
    if (name === "ArchivePolicy") {
      if (value === undefined) delete attributes.BeginningArchiveTime;
      else attributes.BeginningArchiveTime ??= new Date().toISOString();
    }
    state.topics.set(topic.arn, { ...topic, attributes });
  },

  DeleteTopic(input: SnsInput<"DeleteTopic">, ctx: RequestContext) {
    const arn = parseArn(input.TopicArn, "TopicArn");
    if (arn.region !== ctx.region) throw invalidParam("TopicArn");
    const state = new SnsState(ctx.runtime.store, arn.accountId, arn.region);
    // Deleting a topic that does not exist succeeds, as on AWS.
    if (!state.topics.has(input.TopicArn!)) return;
    const { topic } = requireTopic(ctx, input.TopicArn, "DeleteTopic");
    for (const sub of state.subscriptionsOf(topic.arn)) state.subscriptions.delete(sub.arn);
    state.topics.delete(topic.arn);
  },

  ListTopics(input: SnsInput<"ListTopics">, ctx: RequestContext) {
    const state = SnsState.of(ctx);
    const arns = [...state.topics.keysSorted()];
    const result = page(arns, (a) => a, input.NextToken);
    return {
      Topics: result.items.map((TopicArn) => ({ TopicArn })),
      ...(result.nextToken !== undefined ? { NextToken: result.nextToken } : {}),
    };
  },
};
