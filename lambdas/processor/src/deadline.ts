import { ProcessingFailure } from "./failures.ts";

/**
 * The time an invocation has left, from the Lambda context. Steps check it before they start and
 * bound their own work by it (sharp's timeout, the SDK's abort signal), so processing stops while
 * there is still time to record TIMEOUT; Lambda's own kill would leave the record PROCESSING.
 */
export class Deadline {
  /** The function's timeout, as the invocation started: a claim older than this is abandoned. */
  readonly budgetMs: number;
  /** Kept back for recording the outcome and flushing logs. */
  readonly reserveMs: number;
  private readonly remainingMs: () => number;

  constructor(remainingMs: () => number, reserveMs = 2000) {
    this.remainingMs = remainingMs;
    this.reserveMs = reserveMs;
    this.budgetMs = remainingMs();
  }

  /** Milliseconds left for work, after the reserve. */
  workMs(): number {
    return this.remainingMs() - this.reserveMs;
  }

  /** Throws TIMEOUT before `step` starts if no time is left for it. */
  check(step: string): void {
    const left = this.workMs();
    if (left <= 0) throw this.timeout(step);
  }

  timeout(step: string): ProcessingFailure {
    return new ProcessingFailure(
      "TIMEOUT",
      `stopped before the ${step} step finished: the function's time was nearly up ` +
        `(${Math.max(0, this.remainingMs())} ms left of ${this.budgetMs} ms)`,
    );
  }

  /** For sharp's timeout(): whole seconds, at least 1 (0 would mean no limit). */
  sharpSeconds(): number {
    return Math.max(1, Math.floor(this.workMs() / 1000));
  }

  /** Aborts an SDK call when the work time runs out, or after `capMs` if that comes first. */
  signal(capMs = Number.POSITIVE_INFINITY): AbortSignal {
    // AbortSignal.timeout() takes whole milliseconds only.
    return AbortSignal.timeout(Math.max(1, Math.floor(Math.min(capMs, this.workMs()))));
  }

  expired(): boolean {
    return this.workMs() <= 0;
  }
}
