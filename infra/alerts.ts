import { SnsTopic } from "@cdktf/provider-aws/lib/sns-topic/index.js";
import { SnsTopicSubscription } from "@cdktf/provider-aws/lib/sns-topic-subscription/index.js";
import { Construct } from "constructs";

/** Where an alarm goes: images failing, the function struggling, or the logs saying so. */
export const ALERT_TOPICS = ["critical", "performance", "log"] as const;
export type AlertTopic = (typeof ALERT_TOPICS)[number];

export interface AlertsProps {
  namePrefix: string;
  /** Subscribed to every topic; each address confirms its subscriptions by email. */
  emails: string[];
}

/** Three SNS topics for the alarms, with the configured email subscriptions. */
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
      return created;
    };
    this.topics = { critical: topic("critical"), performance: topic("performance"), log: topic("log") };
  }
}
