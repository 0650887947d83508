/** A queued item that is not run before `notBefore` (epoch ms). */
export interface DueItem {
  id: string;
  notBefore: number;
}

/** A run that threw (its own bookkeeping failed, e.g. the state store's flush): first and longest wait. */
const FAULT_BACKOFF_MS = { first: 250, max: 30_000 };

/**
 * Runs the due items of a durable queue, at most `parallel` at once, and wakes up when the
 * next waiting one falls due. The queue's owner decides what a run does and when an item
 * comes back (Lambda's async invocations, SNS's HTTP/S deliveries). A run that throws is
 * reported and its item waits, doubling, before it is tried again: the item stays queued
 * (nothing is lost) and the runner neither spins on it nor rejects unhandled.
 */
export class DueRunner<T extends DueItem> {
  private readonly items: () => Iterable<T>;
  private readonly parallel: number;
  private readonly run: (item: T) => Promise<void>;
  private readonly running = new Set<string>();
  private readonly onFault: (item: T, error: unknown) => void;
  /** Items whose last run threw: not before `until`; the next fault waits `delay` twice over. */
  private readonly faults = new Map<string, { until: number; delay: number }>();
  private timer: NodeJS.Timeout | undefined;
  private halted = false;

  constructor(
    items: () => Iterable<T>,
    parallel: number,
    run: (item: T) => Promise<void>,
    onFault: (item: T, error: unknown) => void = reportFault,
  ) {
    this.items = items;
    this.parallel = parallel;
    this.run = run;
    this.onFault = onFault;
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
      const due = Math.max(item.notBefore, this.faults.get(item.id)?.until ?? 0);
      if (due > now) {
        next = Math.min(next, due);
        continue;
      }
      if (this.running.size >= this.parallel) break;
      this.running.add(item.id);
      this.run(item)
        .then(
          () => this.faults.delete(item.id),
          (error: unknown) => this.fault(item, error),
        )
        .finally(() => {
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

  private fault(item: T, error: unknown): void {
    const previous = this.faults.get(item.id);
    const delay =
      previous === undefined ? FAULT_BACKOFF_MS.first : Math.min(previous.delay * 2, FAULT_BACKOFF_MS.max);
    this.faults.set(item.id, { until: Date.now() + delay, delay });
    if (!this.halted) this.onFault(item, error);
  }
}

function reportFault(item: DueItem, error: unknown): void {
  const reason = error instanceof Error ? error.message : String(error);
  console.error(`darkroom: queued item ${item.id} failed to run (${reason}); it stays queued and is retried`);
}
