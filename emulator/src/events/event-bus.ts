/**
 * In-process publish/subscribe between services (e.g. S3 object events to Lambda).
 * Handlers run after the publishing request's state change; a handler's failure is
 * logged and never fails the publisher, as with AWS's asynchronous event delivery.
 */
export type EventHandler<E> = (event: E) => void | Promise<void>;

export class EventBus {
  private readonly handlers = new Map<string, Set<EventHandler<unknown>>>();

  subscribe<E>(topic: string, handler: EventHandler<E>): () => void {
    let set = this.handlers.get(topic);
    if (!set) {
      set = new Set();
      this.handlers.set(topic, set);
    }
    set.add(handler as EventHandler<unknown>);
    return () => set.delete(handler as EventHandler<unknown>);
  }

  publish<E>(topic: string, event: E): void {
    for (const handler of this.handlers.get(topic) ?? []) {
      queueMicrotask(() => {
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
