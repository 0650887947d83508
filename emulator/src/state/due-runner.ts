/** A queued item that is not run before `notBefore` (epoch ms). */
export interface DueItem {
  id: string;
  notBefore: number;
}

/**
 * Runs the due items of a durable queue, at most `parallel` at once, and wakes up when the
 * next waiting one falls due. The queue's owner decides what a run does and when an item
 * comes back (Lambda's async invocations, SNS's HTTP/S deliveries).
 */
export class DueRunner<T extends DueItem> {
  private readonly items: () => Iterable<T>;
  private readonly parallel: number;
  private readonly run: (item: T) => Promise<void>;
  private readonly running = new Set<string>();
  private timer: NodeJS.Timeout | undefined;
  private halted = false;

  constructor(items: () => Iterable<T>, parallel: number, run: (item: T) => Promise<void>) {
    this.items = items;
    this.parallel = parallel;
    this.run = run;
  }

  get stopped(): boolean {
    return this.halted;
  }

  /** Starts whatever is due, and schedules a wake-up for the next waiting item. */
  kick(): void {
    if (this.halted) return;
    const now = Date.now();
    let next = Number.POSITIVE_INFINITY;
    for (const item of this.items()) {
      if (this.running.has(item.id)) continue;
      if (item.notBefore > now) {
        next = Math.min(next, item.notBefore);
        continue;
      }
      if (this.running.size >= this.parallel) break;
      this.running.add(item.id);
      void this.run(item).finally(() => {
        this.running.delete(item.id);
        this.kick();
      });
    }
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (Number.isFinite(next)) {
      this.timer = setTimeout(() => this.kick(), Math.max(0, next - Date.now()));
      this.timer.unref();
    }
  }

  stop(): void {
    this.halted = true;
    if (this.timer) clearTimeout(this.timer);
  }
}
