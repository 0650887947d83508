/** SNS's stored records. Values are JSON-plain: they live in StateStore tables. */

export interface Tag {
  Key: string;
  Value: string;
}

export interface TopicRecord {
  arn: string;
  name: string;
  accountId: string;
  region: string;
  /**
   * Attributes as CreateTopic or SetTopicAttributes set them, by AWS name. Computed ones
   * (TopicArn, Owner, the counts, EffectiveDeliveryPolicy, the default Policy) are not stored.
   */
  attributes: Record<string, string>;
  tags: Tag[];
  createdAt: number;
  /** Unsubscribed since the topic was created, for SubscriptionsDeleted. */
  subscriptionsDeleted: number;
  /** FIFO topics: the last SequenceNumber handed out. */
  sequence: number;
}

export const PROTOCOLS = [
  "http",
  "https",
  "email",
  "email-json",
  "sms",
  "sqs",
  "lambda",
  "firehose",
  "application",
] as const;
export type Protocol = (typeof PROTOCOLS)[number];

export interface SubscriptionRecord {
  arn: string;
  topicArn: string;
  protocol: Protocol;
  endpoint: string;
  /** The subscriber's account. */
  owner: string;
  /** The caller that subscribed, as SubscriptionPrincipal reports it. */
  principal: string;
  pendingConfirmation: boolean;
  confirmationWasAuthenticated: boolean;
  /** Set by ConfirmSubscription: unsubscribing then needs a signed request. */
  authenticateOnUnsubscribe: boolean;
  /** The token ConfirmSubscription takes (and the confirmation message carries). */
  token: string;
  /** Settable attributes as set, by AWS name (FilterPolicy, RawMessageDelivery, ...). */
  attributes: Record<string, string>;
  createdAt: number;
}

/** A message attribute as Publish takes it (BinaryValue base64, as the query protocol sends it). */
export interface MessageAttribute {
  DataType: string;
  StringValue?: string;
  BinaryValue?: string;
}

/** One published message, as fan-out delivers it to each subscription. */
export interface PublishedMessage {
  messageId: string;
  topicArn: string;
  subject?: string;
  /** The Message parameter as sent. */
  message: string;
  /** MessageStructure=json: the text per protocol, with "default" always present. */
  perProtocol?: Record<string, string>;
  attributes: Record<string, MessageAttribute>;
  /** ISO 8601 with milliseconds, as the envelope's Timestamp. */
  timestamp: string;
  messageGroupId?: string;
  messageDeduplicationId?: string;
  sequenceNumber?: string;
}
