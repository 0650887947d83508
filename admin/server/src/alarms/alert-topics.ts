import { ALERT_TOPICS, type AlertTopic } from "../../../../infra/alerts.ts";
import type { StackResources } from "../settings/stack-resources.ts";

/** Which of the stack's alert topics an SNS topic ARN is (critical, performance, log), if any. */
export function alertTopicOf(topicArn: string, stack: Pick<StackResources, "topicNames">): AlertTopic | null {
  const name = topicArn.split(":").at(-1);
  return ALERT_TOPICS.find((topic) => stack.topicNames[topic] === name) ?? null;
}
