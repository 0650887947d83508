import { type BeforeApplicationShutdown, Inject, Injectable, Logger } from "@nestjs/common";
import { SchedulerRegistry } from "@nestjs/schedule";
import type { JobDetails, ScheduledJob, WatchJob } from "./scheduled-job.ts";

export type RunOutcome = "ok" | "error" | "skipped";

/** How long startup waits for a watch job's baseline (an unreachable CloudWatch must not hold it). */
export const BASELINE_TIMEOUT_MS = 5_000;

/**
 * Runs the scheduled jobs: each on its interval in @nestjs/schedule's registry (which clears
 * them at shutdown), never two runs of one job at once (a tick that finds the previous run still
 * going is skipped), one structured log line per run with its duration and outcome. A watch
 * job's baseline is one of its runs, taken before its interval starts.
 */
@Injectable()
export class JobRunner implements BeforeApplicationShutdown {
  readonly #logger = new Logger("Jobs");
  readonly #registry: SchedulerRegistry;
  readonly #running = new Map<string, Promise<RunOutcome>>();

  constructor(@Inject(SchedulerRegistry) registry: SchedulerRegistry) {
    this.#registry = registry;
  }

  /** Runs `job` every `everyMs`; 0 leaves it off. */
  schedule(job: ScheduledJob, everyMs: number): void {
    if (everyMs === 0) {
      this.#logger.log({ msg: "job off", job: job.name });
      return;
    }
    this.#registry.addInterval(
      job.name,
      setInterval(() => void this.run(job), everyMs),
    );
    this.#logger.log({ msg: "job scheduled", job: job.name, everyMs });
  }

  /**
   * Takes `job`'s baseline now, waiting at most `timeoutMs`, then runs it every `everyMs`; 0 leaves
   * it off. A baseline that fails or is late is logged, and the job's first run takes it instead
   * (a tick while a late one is still going is skipped, as for any run).
   */
  async start(job: WatchJob, everyMs: number, timeoutMs = BASELINE_TIMEOUT_MS): Promise<void> {
    if (everyMs !== 0) {
      const outcome = await within(
        this.#exclusive(job, () => job.baseline()),
        timeoutMs,
      );
      if (outcome !== "ok") {
        this.#logger.warn({
          msg: "job baseline not taken at startup",
          job: job.name,
          outcome,
          ...(outcome === "timeout" ? { timeoutMs } : {}),
          next: "its first run takes it",
        });
      }
    }
    this.schedule(job, everyMs);
  }

  /** One run now, unless one is going (then "skipped"). */
  run(job: ScheduledJob): Promise<RunOutcome> {
    return this.#exclusive(job, () => job.run());
  }

  /** The one way a job runs: never beside another run of it, always logged. */
  #exclusive(job: ScheduledJob, work: () => Promise<JobDetails>): Promise<RunOutcome> {
    if (this.#running.has(job.name)) {
      this.#logger.log({
        msg: "job run",
        job: job.name,
        outcome: "skipped",
        reason: "the previous run is still going",
      });
      return Promise.resolve("skipped");
    }
    const run = this.#run(job.name, work).finally(() => this.#running.delete(job.name));
    this.#running.set(job.name, run);
    return run;
  }

  /** Lets runs in progress finish before the clients they use are closed. */
  async beforeApplicationShutdown(): Promise<void> {
    await Promise.all(this.#running.values());
  }

  async #run(name: string, work: () => Promise<JobDetails>): Promise<RunOutcome> {
    const started = performance.now();
    const durationMs = () => Math.round((performance.now() - started) * 10) / 10;
    try {
      const details = await work();
      this.#logger.log({
        msg: "job run",
        job: name,
        outcome: "ok",
        durationMs: durationMs(),
        ...details,
      });
      return "ok";
    } catch (error) {
      this.#logger.error({
        msg: "job run",
        job: name,
        outcome: "error",
        durationMs: durationMs(),
        error: error instanceof Error ? error.message : String(error),
      });
      return "error";
    }
  }
}

/** What `work` settled to, or "timeout" once `ms` have passed (work goes on regardless). */
async function within<T>(work: Promise<T>, ms: number): Promise<T | "timeout"> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<"timeout">((resolve) => {
    timer = setTimeout(() => resolve("timeout"), ms);
  });
  try {
    return await Promise.race([work, late]);
  } finally {
    clearTimeout(timer);
  }
}
