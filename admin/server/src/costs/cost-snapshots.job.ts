import { Inject, Injectable, Logger, type OnApplicationBootstrap } from "@nestjs/common";
import { SchedulerRegistry } from "@nestjs/schedule";
import { ADMIN_SETTINGS } from "../app/tokens.ts";
import type { AdminSettings } from "../settings/admin-settings.ts";
import type { CostSnapshot, CostSnapshots } from "./costs.dto.ts";
import { CostsService } from "./costs.service.ts";

export const COST_SNAPSHOT_JOB = "cost-snapshot";

/**
 * Every DARKROOM_COST_SNAPSHOT_MS (an hour by default), the measured estimate of the last
 * DARKROOM_COST_WINDOW_HOURS, summarised and kept in memory (the newest DARKROOM_COST_SNAPSHOTS).
 * A run never overlaps the previous one: a tick while it runs is skipped, and logged.
 */
@Injectable()
export class CostSnapshotsJob implements OnApplicationBootstrap {
  readonly #logger = new Logger("CostSnapshotsJob");
  readonly #settings: AdminSettings["costs"];
  readonly #costs: CostsService;
  readonly #scheduler: SchedulerRegistry;
  readonly #snapshots: CostSnapshot[] = [];
  #running = false;
  #lastError: { at: string; message: string } | null = null;

  constructor(
    @Inject(ADMIN_SETTINGS) settings: AdminSettings,
    @Inject(CostsService) costs: CostsService,
    @Inject(SchedulerRegistry) scheduler: SchedulerRegistry,
  ) {
    this.#settings = settings.costs;
    this.#costs = costs;
    this.#scheduler = scheduler;
  }

  onApplicationBootstrap(): void {
    if (this.#settings.snapshotMs === 0) return;
    // The registry clears it when the app closes.
    const timer = setInterval(() => void this.run(), this.#settings.snapshotMs);
    timer.unref();
    this.#scheduler.addInterval(COST_SNAPSHOT_JOB, timer);
  }

  /** One run: "taken", "skipped" (the previous run is still going) or "failed" (logged, kept as lastError). */
  async run(now = Date.now()): Promise<"taken" | "skipped" | "failed"> {
    if (this.#running) {
      this.#logger.warn({ msg: "job skipped: the previous run is still going", job: COST_SNAPSHOT_JOB });
      return "skipped";
    }
    this.#running = true;
    const started = performance.now();
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
      this.#logger.log({
        msg: "job ran",
        job: COST_SNAPSHOT_JOB,
        durationMs: Math.round(performance.now() - started),
        totalUsd: estimate.total.usd,
        kept: this.#snapshots.length,
      });
      return "taken";
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      this.#lastError = { at: new Date(now).toISOString(), message };
      this.#logger.error({
        msg: "job failed",
        job: COST_SNAPSHOT_JOB,
        durationMs: Math.round(performance.now() - started),
        error: message,
      });
      return "failed";
    } finally {
      this.#running = false;
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
