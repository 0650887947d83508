/** A notification an alert topic delivered to the console's inbox subscription. */
export interface InboxNotification {
  /** SNS's MessageId. */
  id: string;
  topicArn: string;
  subject: string | null;
  /** The published message, verbatim (for an alarm, CloudWatch's JSON). */
  message: string;
  /** When SNS delivered it (ISO 8601). */
  timestamp: string;
}

/**
 * Where the alert topics' deliveries can be read back: the emulator's inbox on the local target.
 * AWS keeps no such record (an email leaves SNS for good), so other targets have none.
 */
export interface AlertInbox {
  /** The stack's alert notifications delivered at or after `since` (epoch ms), oldest first. */
  notifications(since?: number): Promise<InboxNotification[]>;
}
