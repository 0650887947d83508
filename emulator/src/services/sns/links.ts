/**
 * The links SNS puts in messages, pointing at the emulator instead of sns.<region>.amazonaws.com.
 * HTTP/S and email-json messages get AWS's query-API links (an unsigned GET of
 * /?Action=ConfirmSubscription or /?Action=Unsubscribe); emails get AWS's page links, served
 * under /_darkroom/sns/ because /confirmation.html would be an S3 bucket's path here.
 */

export const CONFIRM_PAGE_PATH = "/_darkroom/sns/confirm";
export const UNSUBSCRIBE_PAGE_PATH = "/_darkroom/sns/unsubscribe";

/** AWS writes the ARNs in these links unescaped; only characters that would break the query are escaped. */
function q(value: string): string {
  return encodeURIComponent(value).replace(/%3A/g, ":");
}

export function subscribeUrl(baseUrl: string, topicArn: string, token: string): string {
  return `${baseUrl}/?Action=ConfirmSubscription&TopicArn=${q(topicArn)}&Token=${q(token)}`;
}

export function unsubscribeUrl(baseUrl: string, subscriptionArn: string): string {
  return `${baseUrl}/?Action=Unsubscribe&SubscriptionArn=${q(subscriptionArn)}`;
}

export function emailConfirmLink(baseUrl: string, topicArn: string, token: string, endpoint: string): string {
  return `${baseUrl}${CONFIRM_PAGE_PATH}?TopicArn=${q(topicArn)}&Token=${q(token)}&Endpoint=${q(endpoint)}`;
}

export function emailUnsubscribeLink(baseUrl: string, subscriptionArn: string, endpoint: string): string {
  return `${baseUrl}${UNSUBSCRIBE_PAGE_PATH}?SubscriptionArn=${q(subscriptionArn)}&Endpoint=${q(endpoint)}`;
}
