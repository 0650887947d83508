import type { EventBus } from "../../events/event-bus.ts";
import type { StateStore } from "../../state/store.ts";
import { S3_EVENT_TOPIC } from "../s3/events.ts";
import type { LambdaNotificationTarget, NotificationSource } from "../s3/notification-targets.ts";
import type { AsyncInvocationQueue } from "./async-queue.ts";
import { type FunctionRef, parseFunctionRef } from "./identifiers.ts";
import { serviceMayInvoke } from "./permissions.ts";
import { LambdaState } from "./state.ts";

/** The principal S3 invokes functions as. */
const S3_PRINCIPAL = "s3.amazonaws.com";

interface ResolvedFunction extends FunctionRef {
  accountId: string;
  region: string;
}

/** A notification names its function by full ARN, perhaps with a version or alias. */
function parseFunctionArn(arn: string): ResolvedFunction | null {
  const m = /^arn:aws[a-zA-Z-]*:lambda:([a-z0-9-]+):(\d{12}):function:(.+)$/.exec(arn);
  if (!m) return null;
  try {
    return { region: m[1]!, accountId: m[2]!, ...parseFunctionRef(m[3]!) };
  } catch {
    return null;
  }
}

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

  const mayInvoke = (functionArn: string, source: NotificationSource): boolean => {
    const ref = parseFunctionArn(functionArn);
    if (!ref) return false;
    const state = new LambdaState(store, ref.accountId, ref.region);
    const fn = state.functions.get(ref.name);
    if (!fn) return false;
    try {
      state.resolve(ref.name, ref.qualifier);
    } catch {
      return false;
    }
    return serviceMayInvoke(fn, ref.qualifier, S3_PRINCIPAL, source.bucketArn, source.accountId);
  };

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
