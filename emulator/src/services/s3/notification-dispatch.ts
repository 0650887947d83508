import type { EventBus } from "../../events/event-bus.ts";
import { S3_EVENT_TOPIC, type S3EventRecord, type S3ObjectEvent } from "./events.ts";
import { type NotificationTargets, sourceOf } from "./notification-targets.ts";
import {
  eventMatches,
  keyMatches,
  type NotificationTarget,
  notificationConfigurationOf,
} from "./operations/bucket-config/notification-configuration.ts";
import type { S3State } from "./state.ts";

/**
 * Sends each object event to the destinations of its bucket's notification configuration
 * that match it (event type, prefix and suffix rules), one message per destination with
 * that configuration's Id, as S3 does. It runs before the flush of the change that raised
 * the event, so a queued invocation is durable exactly when the change is.
 */
export function dispatchNotifications(
  events: EventBus,
  state: S3State,
  targets: NotificationTargets,
): () => void {
  return events.subscribeBeforeFlush<S3ObjectEvent>(S3_EVENT_TOPIC, (event) => {
    const bucket = state.buckets.get(event.bucket);
    if (!bucket?.config.notification || !targets.lambda) return;
    const config = notificationConfigurationOf(bucket);
    const source = sourceOf(bucket.name, bucket.accountId);
    for (const target of config.lambdaFunctions) {
      if (!matches(target, event)) continue;
      targets.lambda.invokeAsync(target.arn, messageFor(event.record, target.id), source);
    }
  });
}

/**
 * Rules are tested against the key as stored and as the record encodes it: AWS asks for
 * special characters in rule values to be written URL-encoded.
 */
function matches(target: NotificationTarget, event: S3ObjectEvent): boolean {
  const { eventName } = event.record;
  if (!target.events.some((e) => eventMatches(e, eventName))) return false;
  return keyMatches(target, event.key) || keyMatches(target, event.record.s3.object.key);
}

/** S3's message: one record, naming the configuration that matched. */
export function messageFor(record: S3EventRecord, configurationId: string): string {
  return JSON.stringify({ Records: [{ ...record, s3: { ...record.s3, configurationId } }] });
}
