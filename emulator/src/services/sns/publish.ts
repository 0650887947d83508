import { createHash, randomUUID } from "node:crypto";
import type { RequestContext } from "../../gateway/context.ts";
import { AwsError } from "../../protocol/aws-error.ts";
import type { Deliveries } from "./deliveries.ts";
import { batchErrors, invalidParam, invalidParameter } from "./errors.ts";
import { requireTopic } from "./lookup.ts";
import {
  checkMessageSize,
  MAX_MESSAGE_BYTES,
  messageBytes,
  validateMessageAttributes,
} from "./message-attributes.ts";
import type { MessageAttribute, PublishedMessage, TopicRecord } from "./model.ts";
import type { PublishEntry, SnsInput } from "./schemas.ts";
import type { SnsState } from "./state.ts";
import { E164 } from "./subscriptions.ts";
import { isFifo } from "./topic-attributes.ts";

const MAX_BATCH = 10;
const BATCH_ID = /^[A-Za-z0-9_-]+$/;
/** FIFO topics drop a message whose deduplication id they saw in the last five minutes. */
const DEDUP_WINDOW_MS = 5 * 60 * 1000;

/** One message to publish, as Publish and each PublishBatch entry give it. */
interface MessageInput {
  Message: string;
  Subject?: string | undefined;
  MessageStructure?: string | undefined;
  MessageAttributes?: Record<string, MessageAttribute> | undefined;
  MessageDeduplicationId?: string | undefined;
  MessageGroupId?: string | undefined;
}

/** Subject: up to 100 printable ASCII characters, no line breaks, not empty. */
function checkSubject(subject: string | undefined): void {
  if (subject === undefined) return;
  if (subject === "" || subject.length > 100 || !/^[\x20-\x7e]+$/.test(subject) || subject.trim() === "") {
    throw invalidParam("Subject");
  }
}

/** MessageStructure=json: the per-protocol texts (string values only), which must include "default". */
function perProtocolTexts(input: MessageInput): Record<string, string> | undefined {
  if (input.MessageStructure === undefined) return undefined;
  if (input.MessageStructure !== "json") throw invalidParam("MessageStructure");
  let doc: unknown;
  try {
    doc = JSON.parse(input.Message);
  } catch {
    throw invalidParameter("Invalid parameter: Message Structure - JSON message body failed to parse");
  }
  if (doc === null || typeof doc !== "object" || Array.isArray(doc)) {
    throw invalidParameter("Invalid parameter: Message Structure - JSON message body failed to parse");
  }
  const texts: Record<string, string> = {};
  for (const [k, v] of Object.entries(doc)) if (typeof v === "string") texts[k] = v;
  if (texts.default === undefined) {
    throw invalidParameter("Invalid parameter: Message Structure - No default entry in JSON message body");
  }
  return texts;
}

/** The checks every message gets; those of a batch entry fail only that entry. */
function checkMessage(input: MessageInput): void {
  checkSubject(input.Subject);
  if (input.Message === "") throw invalidParameter("Invalid parameter: Empty message");
}

/** FIFO's rules on MessageGroupId and MessageDeduplicationId. */
function checkFifoFields(topic: TopicRecord, input: MessageInput): void {
  if (isFifo(topic)) {
    if (!input.MessageGroupId) {
      throw invalidParameter("Invalid parameter: The MessageGroupId parameter is required for FIFO topics");
    }
    if (!input.MessageDeduplicationId && topic.attributes.ContentBasedDeduplication !== "true") {
      throw invalidParameter(
        "Invalid parameter: The topic should either have ContentBasedDeduplication enabled or MessageDeduplicationId provided explicitly",
      );
    }
  } else if (input.MessageDeduplicationId !== undefined) {
    throw invalidParam(
      "MessageDeduplicationId",
      "The request includes MessageDeduplicationId parameter that is not valid for this topic type",
    );
  }
}

interface Published {
  MessageId: string;
  SequenceNumber?: string;
}

/** Publish and PublishBatch, delivering through `deliveries`. */
export function publishOperations(deliveries: Deliveries) {
  /** Recent FIFO deduplication ids per topic: in memory, so a restart forgets them. */
  const recent = new Map<string, { published: Published; until: number }>();

  const dedupKey = (topic: TopicRecord, input: MessageInput) =>
    `${topic.arn}\n${input.MessageDeduplicationId ?? createHash("sha256").update(input.Message).digest("hex")}`;

  /** Publishes one checked message to the topic's subscriptions. */
  function publishToTopic(
    state: SnsState,
    topic: TopicRecord,
    input: MessageInput,
    texts: Record<string, string> | undefined,
  ): Published {
    const fifo = isFifo(topic);
    const now = Date.now();
    if (fifo) {
      for (const [k, v] of recent) if (v.until <= now) recent.delete(k);
      const seen = recent.get(dedupKey(topic, input));
      if (seen) return seen.published;
    }
    const message: PublishedMessage = {
      messageId: randomUUID(),
      topicArn: topic.arn,
      ...(input.Subject !== undefined ? { subject: input.Subject } : {}),
      message: input.Message,
      ...(texts ? { perProtocol: texts } : {}),
      attributes: input.MessageAttributes ?? {},
      timestamp: new Date(now).toISOString(),
    };
    const published: Published = { MessageId: message.messageId };
    if (fifo) {
      const current = state.topics.get(topic.arn) ?? topic;
      const sequence = current.sequence + 1;
      state.topics.set(topic.arn, { ...current, sequence });
      published.SequenceNumber = String(sequence).padStart(20, "0");
      message.sequenceNumber = published.SequenceNumber;
      if (input.MessageGroupId) message.messageGroupId = input.MessageGroupId;
      recent.set(dedupKey(topic, input), { published, until: now + DEDUP_WINDOW_MS });
    }
    deliveries.fanOut(state, topic, message);
    return published;
  }

  return {
    Publish(input: SnsInput<"Publish">, ctx: RequestContext) {
      checkMessage(input);
      if (input.PhoneNumber !== undefined && !E164.test(input.PhoneNumber)) {
        throw invalidParam("PhoneNumber", `${input.PhoneNumber} is not valid to publish to`);
      }
      const attributes = input.MessageAttributes ?? {};
      validateMessageAttributes(attributes);
      checkMessageSize(input.Message, attributes);
      const texts = perProtocolTexts(input);
      const targets = [input.TopicArn, input.TargetArn, input.PhoneNumber].filter((t) => t !== undefined);
      if (targets.length === 0)
        throw invalidParam("TopicArn or TargetArn", "no value for required parameter");
      if (targets.length > 1) {
        throw invalidParam("TopicArn", "Only one of TopicArn, TargetArn or PhoneNumber can be specified");
      }

      if (input.PhoneNumber !== undefined) {
        const messageId = randomUUID();
        deliveries.sms(
          input.PhoneNumber,
          texts?.sms ?? texts?.default ?? input.Message,
          messageId,
          new Date().toISOString(),
        );
        return { MessageId: messageId };
      }
      if (input.TargetArn?.includes(":endpoint/")) {
        throw invalidParam("TargetArn", "No endpoint found for the target arn specified");
      }
      const param = input.TopicArn !== undefined ? "TopicArn" : "TargetArn";
      const { state, topic } = requireTopic(ctx, input.TopicArn ?? input.TargetArn, "Publish", param);
      checkFifoFields(topic, input);
      return publishToTopic(state, topic, input, texts);
    },

    PublishBatch(input: SnsInput<"PublishBatch">, ctx: RequestContext) {
      const entries = input.PublishBatchRequestEntries;
      if (entries.length === 0) throw batchErrors.empty();
      if (entries.length > MAX_BATCH) throw batchErrors.tooMany();
      const { state, topic } = requireTopic(ctx, input.TopicArn, "Publish");
      if (new Set(entries.map((e) => e.Id)).size !== entries.length) throw batchErrors.idsNotDistinct();
      for (const e of entries) {
        if (e.Id.length > 80) throw batchErrors.idTooLong(e.Id);
        if (!BATCH_ID.test(e.Id)) throw batchErrors.idBadCharacter(e.Id);
      }
      // Attributes, JSON structure and FIFO fields fail the whole batch, as on AWS.
      let total = 0;
      const texts = new Map<PublishEntry, Record<string, string> | undefined>();
      for (const e of entries) {
        validateMessageAttributes(e.MessageAttributes ?? {});
        total += messageBytes(e.Message, e.MessageAttributes ?? {});
        if (e.Message !== "") texts.set(e, perProtocolTexts(e));
        checkFifoFields(topic, e);
      }
      if (total > MAX_MESSAGE_BYTES) throw batchErrors.tooLong();

      const successful: Array<Published & { Id: string }> = [];
      const failed: Array<{ Id: string; Code: string; Message: string; SenderFault: boolean }> = [];
      for (const e of entries) {
        try {
          checkMessage(e);
          successful.push({ Id: e.Id, ...publishToTopic(state, topic, e, texts.get(e)) });
        } catch (err) {
          if (!(err instanceof AwsError)) throw err;
          failed.push({
            Id: e.Id,
            Code: err.code,
            Message: err.message,
            SenderFault: err.fault === "Sender",
          });
        }
      }
      return { Successful: successful, Failed: failed };
    },
  };
}
