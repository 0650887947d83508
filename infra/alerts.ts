import { SnsTopic } from "@cdktf/provider-aws/lib/sns-topic/index.js";
import { SnsTopicSubscription } from "@cdktf/provider-aws/lib/sns-topic-subscription/index.js";
import { Construct } from "constructs";

/** Where an alarm goes: images failing, the function struggling, or the logs saying so. */
export const ALERT_TOPICS = ["critical", "performance", "log"] as const;
export type AlertTopic = (typeof ALERT_TOPICS)[number];

/**
 * The console's mailbox on the local target. The emulator keeps what SNS sends to email
 * addresses in its inbox instead of mailing it; this address is subscribed (email-json) to every
 * alert topic, and the local deploy confirms it as a person clicks the link in AWS's email
 * (confirm-alert-inbox.ts), so the admin backend can list the alerts the topics delivered.
 */
export const LOCAL_ALERT_INBOX = "console@darkroom.localhost";

export interface AlertsProps {
  namePrefix: string;
  /** Subscribed to every topic; each address confirms its subscriptions by email. */
  emails: string[];
  /** Also subscribed to every topic as email-json: LOCAL_ALERT_INBOX on the local target. */
  inbox?: string;
}

/** Three SNS topics for the alarms, with the configured email subscriptions (and the local inbox). */
export class Alerts extends Construct {
  readonly topics: Record<AlertTopic, SnsTopic>;

  constructor(scope: Construct, id: string, props: AlertsProps) {
    super(scope, id);
    const topic = (name: AlertTopic) => {
      const created = new SnsTopic(this, name, { name: `${props.namePrefix}-${name}-alerts` });
      // Keyed by address: removing one leaves the others' subscriptions as they are.
      for (const email of props.emails) {
        new SnsTopicSubscription(this, `${name}-${email}`, {
          topicArn: created.arn,
          protocol: "email",
          endpoint: email,
        });
      }
      if (props.inbox !== undefined) {
        new SnsTopicSubscription(this, `${name}-inbox`, {
          topicArn: created.arn,
          protocol: "email-json",
          endpoint: props.inbox,
        });
      }
      return created;
    };
    this.topics = { critical: topic("critical"), performance: topic("performance"), log: topic("log") };
  }
}
