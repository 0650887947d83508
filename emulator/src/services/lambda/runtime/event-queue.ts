/**
 * Messages from a child waiting to be consumed in order, with a deadline per wait;
 * once closed (the child is gone) and drained, waits answer "closed" at once.
 */
export class EventQueue<T> {
  private readonly items: T[] = [];
  private wake: (() => void) | null = null;
  private closed = false;

  push(item: T): void {
    this.items.push(item);
    this.wake?.();
  }

  close(): void {
    this.closed = true;
    this.wake?.();
  }

  /** The next item, "closed", or "timeout" when `deadline` (a performance.now() time) passes first. */
  async next(deadline: number): Promise<T | "closed" | "timeout"> {
    for (;;) {
      if (this.items.length > 0) return this.items.shift()!;
      if (this.closed) return "closed";
      const remaining = deadline - performance.now();
      if (remaining <= 0) return "timeout";
      await new Promise<void>((resolve) => {
        const timer = setTimeout(() => {
          this.wake = null;
          resolve();
        }, remaining);
        this.wake = () => {
          clearTimeout(timer);
          this.wake = null;
          resolve();
        };
      });
    }
  }
}
