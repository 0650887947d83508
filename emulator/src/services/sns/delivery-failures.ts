import type { StateStore } from "../../state/store.ts";
import { BoundedLog } from "./bounded-log.ts";

/**
 * Deliveries SNS gave up on (retries exhausted, a Lambda it may not invoke, a protocol the
 * emulator does not deliver to), where AWS would drop the message or send it to the
 * subscription's dead-letter queue. GET /_darkroom/sns/failed-deliveries lists them.
 */
export interface FailedDelivery {
  messageId: string;
  topicArn: string;
  subscriptionArn: string;
  protocol: string;
  endpoint: string;
  attempts: number;
  reason: string;
  /** ISO 8601. */
  failedAt: string;
}

const LIMIT = 1000;

export class DeliveryFailures {
  private readonly log: BoundedLog<FailedDelivery>;

  constructor(store: StateStore) {
    this.log = new BoundedLog<FailedDelivery>(store, "sns/failed-deliveries", LIMIT);
  }

  record(failure: Omit<FailedDelivery, "failedAt">): void {
    this.log.add({ ...failure, failedAt: new Date().toISOString() });
    process.stderr.write(
      `darkroom: SNS gave up delivering ${failure.messageId} to ${failure.endpoint} (${failure.protocol}): ${failure.reason}\n`,
    );
  }

  list(filter: { topicArn?: string; subscriptionArn?: string } = {}): FailedDelivery[] {
    return [...this.log.values()].filter(
      (f) =>
        (filter.topicArn === undefined || f.topicArn === filter.topicArn) &&
        (filter.subscriptionArn === undefined || f.subscriptionArn === filter.subscriptionArn),
    );
  }
}
