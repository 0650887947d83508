import { Inject, Injectable, type OnApplicationBootstrap } from "@nestjs/common";
import { ADMIN_SETTINGS } from "../app/tokens.ts";
import { JobRunner } from "../jobs/job-runner.ts";
import type { JobDetails, ScheduledJob } from "../jobs/scheduled-job.ts";
import type { AdminSettings } from "../settings/admin-settings.ts";
import type { CostSnapshot, CostSnapshots } from "./costs.dto.ts";
import { CostsService } from "./costs.service.ts";

/**
 * Every DARKROOM_COST_SNAPSHOT_MS (an hour by default), the measured estimate of the last
 * DARKROOM_COST_WINDOW_HOURS, summarised and kept in memory (the newest DARKROOM_COST_SNAPSHOTS).
 * The JobRunner runs it: never two runs at once, one log line per run.
 */
@Injectable()
export class CostSnapshotsJob implements ScheduledJob, OnApplicationBootstrap {
  readonly name = "cost-snapshot";
  readonly #settings: AdminSettings["costs"];
  readonly #costs: CostsService;
  readonly #runner: JobRunner;
  readonly #snapshots: CostSnapshot[] = [];
  #lastError: { at: string; message: string } | null = null;

  constructor(
    @Inject(ADMIN_SETTINGS) settings: AdminSettings,
    @Inject(CostsService) costs: CostsService,
    @Inject(JobRunner) runner: JobRunner,
  ) {
    this.#settings = settings.costs;
    this.#costs = costs;
    this.#runner = runner;
  }

  onApplicationBootstrap(): void {
    this.#runner.schedule(this, this.#settings.snapshotMs);
  }

  /** One snapshot; a failure is kept as `lastError` (and logged by the runner). */
  async run(now = Date.now()): Promise<JobDetails> {
    try {
      const measured = await this.#costs.measured(this.#settings.windowHours, now);
      const { estimate } = measured;
      this.#snapshots.push({
        takenAt: new Date(now).toISOString(),
        windowHours: this.#settings.windowHours,
        total: estimate.total,
        perThousandImages: estimate.perThousandImages,
        imagesPerMonth: estimate.imagesPerMonth,
        byService: estimate.byService.map(({ service, cost }) => ({ service, cost })),
        notMeasured: measured.measurements.filter((m) => m.status === "not measured").map((m) => m.reading),
      });
      this.#snapshots.splice(0, Math.max(0, this.#snapshots.length - this.#settings.snapshotsKept));
      this.#lastError = null;
      return { totalUsd: estimate.total.usd, kept: this.#snapshots.length };
    } catch (error) {
      this.#lastError = {
        at: new Date(now).toISOString(),
        message: error instanceof Error ? error.message : String(error),
      };
      throw error;
    }
  }

  list(): CostSnapshots {
    return {
      snapshots: [...this.#snapshots],
      kept: this.#settings.snapshotsKept,
      everyMs: this.#settings.snapshotMs,
      lastError: this.#lastError,
    };
  }
}
