/** The emails SNS sends, as text: what the local inbox keeps for email subscriptions. */

export const CONFIRMATION_SUBJECT = "AWS Notification - Subscription Confirmation";
/** The subject of a notification published without one. */
export const DEFAULT_SUBJECT = "AWS Notification Message";

export function confirmationEmail(topicArn: string, confirmLink: string): string {
  return [
    "You have chosen to subscribe to the topic: ",
    topicArn,
    "",
    "To confirm this subscription, click or visit the link below (If this was in error no action is necessary): ",
    confirmLink,
    "",
    "Please do not reply directly to this email. If you wish to remove yourself from receiving all future SNS subscription confirmation requests please send an email to sns-opt-out",
  ].join("\n");
}

export function notificationEmail(message: string, unsubscribeLink: string): string {
  return [
    message,
    "",
    "--",
    "If you wish to stop receiving notifications from this topic, please click or visit the link below to unsubscribe:",
    unsubscribeLink,
    "",
    "Please do not reply directly to this email. If you have any questions or comments regarding this email, please contact us at https://aws.amazon.com/support",
  ].join("\n");
}

/** The text a confirmation request carries (HTTP/S and email-json), as AWS words it. */
export function subscribeMessage(topicArn: string): string {
  return `You have chosen to subscribe to the topic ${topicArn}.\nTo confirm the subscription, visit the SubscribeURL included in this message.`;
}
