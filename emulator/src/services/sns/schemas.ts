import { z } from "zod";
import { arnParam, attributeMap, bool, list, messageAttributes, nextToken, tagKeys, tags } from "./fields.ts";

const topicSchemas = {
  CreateTopic: z.object({
    Name: z.string(),
    Attributes: attributeMap.optional(),
    Tags: tags.optional(),
    DataProtectionPolicy: z.string().optional(),
  }),
  GetTopicAttributes: z.object({ TopicArn: arnParam }),
  SetTopicAttributes: z.object({
    TopicArn: arnParam,
    AttributeName: z.string(),
    AttributeValue: z.string().optional(),
  }),
  DeleteTopic: z.object({ TopicArn: arnParam }),
  ListTopics: z.object({ NextToken: nextToken }),
};

const subscriptionSchemas = {
  Subscribe: z.object({
    TopicArn: arnParam,
    Protocol: z.string(),
    Endpoint: z.string().optional(),
    Attributes: attributeMap.optional(),
    ReturnSubscriptionArn: bool.optional(),
  }),
  ConfirmSubscription: z.object({
    TopicArn: arnParam,
    Token: z.string(),
    AuthenticateOnUnsubscribe: z.string().optional(),
  }),
  Unsubscribe: z.object({ SubscriptionArn: arnParam }),
  GetSubscriptionAttributes: z.object({ SubscriptionArn: arnParam }),
  SetSubscriptionAttributes: z.object({
    SubscriptionArn: arnParam,
    AttributeName: z.string(),
    AttributeValue: z.string().optional(),
  }),
  ListSubscriptions: z.object({ NextToken: nextToken }),
  ListSubscriptionsByTopic: z.object({ TopicArn: arnParam, NextToken: nextToken }),
};

const publishEntry = z.object({
  Id: z.string(),
  Message: z.string(),
  Subject: z.string().optional(),
  MessageStructure: z.string().optional(),
  MessageAttributes: messageAttributes.optional(),
  MessageDeduplicationId: z.string().optional(),
  MessageGroupId: z.string().optional(),
});

const publishSchemas = {
  Publish: z.object({
    TopicArn: z.string().optional(),
    TargetArn: z.string().optional(),
    PhoneNumber: z.string().optional(),
    Message: z.string(),
    Subject: z.string().optional(),
    MessageStructure: z.string().optional(),
    MessageAttributes: messageAttributes.optional(),
    MessageDeduplicationId: z.string().optional(),
    MessageGroupId: z.string().optional(),
  }),
  PublishBatch: z.object({
    TopicArn: arnParam,
    PublishBatchRequestEntries: list(publishEntry),
  }),
};

const tagSchemas = {
  TagResource: z.object({ ResourceArn: arnParam, Tags: tags }),
  UntagResource: z.object({ ResourceArn: arnParam, TagKeys: tagKeys }),
  ListTagsForResource: z.object({ ResourceArn: arnParam }),
};

/** SNS operations the emulator implements, with their inputs as the query protocol delivers them. */
export const snsSchemas = {
  ...topicSchemas,
  ...subscriptionSchemas,
  ...publishSchemas,
  ...tagSchemas,
} satisfies Record<string, z.ZodType>;

export type SnsSchemas = typeof snsSchemas;
export type SnsInput<K extends keyof SnsSchemas> = z.infer<SnsSchemas[K]>;
export type PublishEntry = z.infer<typeof publishEntry>;
