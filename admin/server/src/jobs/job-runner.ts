import { type BeforeApplicationShutdown, Inject, Injectable, Logger } from "@nestjs/common";
import { SchedulerRegistry } from "@nestjs/schedule";
import type { ScheduledJob } from "./scheduled-job.ts";

export type RunOutcome = "ok" | "error" | "skipped";

/**
 * Runs the scheduled jobs: each on its interval in @nestjs/schedule's registry (which clears
 * them at shutdown), never two runs of one job at once (a tick that finds the previous run still
 * going is skipped), one structured log line per run with its duration and outcome.
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

  /** One run now, unless one is going (then "skipped"). */
  run(job: ScheduledJob): Promise<RunOutcome> {
    if (this.#running.has(job.name)) {
      this.#logger.log({
        msg: "job run",
        job: job.name,
        outcome: "skipped",
        reason: "the previous run is still going",
      });
      return Promise.resolve("skipped");
    }
    const run = this.#run(job).finally(() => this.#running.delete(job.name));
    this.#running.set(job.name, run);
    return run;
  }

  /** Lets runs in progress finish before the clients they use are closed. */
  async beforeApplicationShutdown(): Promise<void> {
    await Promise.all(this.#running.values());
  }

  async #run(job: ScheduledJob): Promise<RunOutcome> {
    const started = performance.now();
    const durationMs = () => Math.round((performance.now() - started) * 10) / 10;
    try {
      const details = await job.run();
      this.#logger.log({
        msg: "job run",
        job: job.name,
        outcome: "ok",
        durationMs: durationMs(),
        ...details,
      });
      return "ok";
    } catch (error) {
      this.#logger.error({
        msg: "job run",
        job: job.name,
        outcome: "error",
        durationMs: durationMs(),
        error: error instanceof Error ? error.message : String(error),
      });
      return "error";
    }
  }
}
