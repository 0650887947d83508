import type { EventBus } from "../../events/event-bus.ts";
import type { StateStore } from "../../state/store.ts";
import { S3_EVENT_TOPIC } from "../s3/events.ts";
import type { LambdaNotificationTarget, NotificationSource } from "../s3/notification-targets.ts";
import type { AsyncInvocationQueue } from "./async-queue.ts";
import { parseFunctionArn, serviceMayInvokeArn } from "./service-invoker.ts";

/** The principal S3 invokes functions as. */
const S3_PRINCIPAL = "s3.amazonaws.com";

/**
 * Lambda as S3's notification destination. The permission is checked when the
 * configuration is put and again for every event (a removed permission stops delivery,
 * as on AWS, where S3's invocation is refused). Events go to the durable Event queue,
 * in the store flush of the S3 change that raised them; the queue is kicked once that
 * flush has succeeded.
 */
export function s3NotificationTarget(
  store: StateStore,
  events: EventBus,
  queue: AsyncInvocationQueue | undefined,
): LambdaNotificationTarget {
  let queued = false;
  events.subscribe(S3_EVENT_TOPIC, () => {
    if (!queued || !queue) return;
    queued = false;
    queue.kick();
  });

  const mayInvoke = (functionArn: string, source: NotificationSource): boolean =>
    serviceMayInvokeArn(store, functionArn, {
      principal: S3_PRINCIPAL,
      sourceArn: source.bucketArn,
      sourceAccount: source.accountId,
    });

  return {
    mayInvoke,
    invokeAsync(functionArn, payload, source) {
      const ref = parseFunctionArn(functionArn);
      if (!queue || !ref || !mayInvoke(functionArn, source)) {
        process.stderr.write(
          `darkroom: S3 may not invoke ${functionArn} for ${source.bucket}; event dropped\n`,
        );
        return;
      }
      queue.enqueue({
        accountId: ref.accountId,
        region: ref.region,
        functionName: ref.name,
        ...(ref.qualifier !== undefined ? { qualifier: ref.qualifier } : {}),
        payload,
      });
      queued = true;
    },
  };
}
