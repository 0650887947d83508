/**
 * In-process publish/subscribe between services (e.g. S3 object events to Lambda).
 * Events wait until the change that raised them is durable: the gateway takes the
 * pending ones before it flushes the store and delivers them once the flush has
 * succeeded, as AWS delivers notifications only for committed changes. A handler's
 * failure is logged and never fails the publisher.
 */
export type EventHandler<E> = (event: E) => void | Promise<void>;

interface PendingEvent {
  topic: string;
  event: unknown;
}

export class EventBus {
  private readonly handlers = new Map<string, Set<EventHandler<unknown>>>();
  private pending: PendingEvent[] = [];

  subscribe<E>(topic: string, handler: EventHandler<E>): () => void {
    let set = this.handlers.get(topic);
    if (!set) {
      set = new Set();
      this.handlers.set(topic, set);
    }
    set.add(handler as EventHandler<unknown>);
    return () => set.delete(handler as EventHandler<unknown>);
  }

  /** Queues an event; it is delivered after the store has made its change durable. */
  publish<E>(topic: string, event: E): void {
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
    for (const { topic, event } of events) {
      for (const handler of this.handlers.get(topic) ?? []) {
        setImmediate(() => {
          Promise.resolve()
            .then(() => handler(event))
            .catch((err: unknown) => {
              process.stderr.write(
                `event handler for ${topic} failed: ${(err as Error).stack ?? String(err)}\n`,
              );
            });
        });
      }
    }
  }
}
