/**
 * In-process publish/subscribe between services (e.g. S3 object events to Lambda).
 *
 * Two kinds of subscriber:
 * - `subscribeBeforeFlush` handlers run synchronously inside `publish()`, next to the
 *   change that raised the event, so whatever they record in the state store (a queued
 *   Lambda invocation) is made durable by the same flush as that change, or an earlier
 *   one. Whichever flush carries the change also carries the record, so a change that
 *   was acknowledged never loses its delivery to a crash.
 * - `subscribe` handlers wait until the change is durable: the gateway takes the pending
 *   events before it flushes the store and delivers them once the flush has succeeded,
 *   as AWS delivers notifications only for committed changes.
 *
 * A handler's failure is logged and never fails the publisher.
 */
export type EventHandler<E> = (event: E) => void | Promise<void>;

/** Runs before the flush: synchronous, so it cannot fall behind the change it belongs to. */
export type DurableEventHandler<E> = (event: E) => void;

interface PendingEvent {
  topic: string;
  event: unknown;
}

export class EventBus {
  private readonly handlers = new Map<string, Set<EventHandler<unknown>>>();
  private readonly durableHandlers = new Map<string, Set<DurableEventHandler<unknown>>>();
  private pending: PendingEvent[] = [];

  /** `handler` gets each event on `topic` once the change behind it is durable. */
  subscribe<E>(topic: string, handler: EventHandler<E>): () => void {
    return addTo(this.handlers, topic, handler as EventHandler<unknown>);
  }

  /**
   * `handler` gets each event on `topic` as it is published, before the store flush that
   * makes its change durable: state it writes joins that flush. It must not await.
   */
  subscribeBeforeFlush<E>(topic: string, handler: DurableEventHandler<E>): () => void {
    return addTo(this.durableHandlers, topic, handler as DurableEventHandler<unknown>);
  }

  /** Runs the before-flush handlers now, and queues the event for delivery after the flush. */
  publish<E>(topic: string, event: E): void {
    for (const handler of this.durableHandlers.get(topic) ?? []) {
      try {
        handler(event);
      } catch (err) {
        logFailure(topic, err);
      }
    }
    this.pending.push({ topic, event });
  }

  /** Everything published so far: the changes behind them are all in the next flush. */
  takePending(): PendingEvent[] {
    const taken = this.pending;
    this.pending = [];
    return taken;
  }

  /** Hands events to their subscribers, after the caller's response path. */
  deliver(events: readonly PendingEvent[]): void {
    const calls: Array<() => void> = [];
    for (const { topic, event } of events) {
      for (const handler of this.handlers.get(topic) ?? []) {
        calls.push(() => {
          Promise.resolve()
            .then(() => handler(event))
            .catch((err: unknown) => logFailure(topic, err));
        });
      }
    }
    // One macrotask for them all: one per handler and event showed on every write's answer path.
    if (calls.length === 0) return;
    setImmediate(() => {
      for (const call of calls) call();
    });
  }
}

function addTo<H>(map: Map<string, Set<H>>, topic: string, handler: H): () => void {
  let set = map.get(topic);
  if (!set) {
    set = new Set();
    map.set(topic, set);
  }
  set.add(handler);
  return () => set.delete(handler);
}

function logFailure(topic: string, err: unknown): void {
  process.stderr.write(`event handler for ${topic} failed: ${(err as Error)?.stack ?? String(err)}\n`);
}
