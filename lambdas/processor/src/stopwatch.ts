import type { TimingStep, VariantName } from "@darkroom/image-record";

export type Step = TimingStep<VariantName>;

/** Milliseconds per step of one attempt, whole numbers, with `total` taken last (so no step exceeds it). */
export class Stopwatch {
  private readonly started = performance.now();
  readonly timings: Partial<Record<Step, number>> = {};

  async time<T>(step: Step, work: () => Promise<T>): Promise<T> {
    const start = performance.now();
    try {
      return await work();
    } finally {
      this.record(step, performance.now() - start);
    }
  }

  record(step: Step, ms: number): void {
    this.timings[step] = Math.round(ms);
  }

  /** The timings with the total so far; call when the attempt's outcome is settled. */
  finish(): Partial<Record<Step, number>> {
    const total = Math.round(performance.now() - this.started);
    const steps = Object.values(this.timings);
    return { ...this.timings, total: Math.max(total, ...steps) };
  }

  elapsedMs(): number {
    return performance.now() - this.started;
  }
}
