import { Inject, Injectable, type OnApplicationBootstrap } from "@nestjs/common";
import { ADMIN_SETTINGS } from "../app/tokens.ts";
import type { AdminSettings } from "../settings/admin-settings.ts";
import { AlarmWatchJob } from "./alarm-watch.job.ts";
import { AlertWatchJob } from "./alert-watch.job.ts";
import { JobRunner } from "./job-runner.ts";
import { StuckImagesJob } from "./stuck-images.job.ts";

/**
 * Starts the jobs as the app boots, each on its setting's interval (DARKROOM_*_MS, 0 = off). The
 * watch jobs take their baseline first, before the server listens (Nest awaits this hook), so a
 * change right after startup is news even before their first tick.
 */
@Injectable()
export class ScheduledJobs implements OnApplicationBootstrap {
  readonly #runner: JobRunner;
  readonly #settings: AdminSettings;
  readonly #alarms: AlarmWatchJob;
  readonly #alerts: AlertWatchJob;
  readonly #stuck: StuckImagesJob;

  constructor(
    @Inject(JobRunner) runner: JobRunner,
    @Inject(ADMIN_SETTINGS) settings: AdminSettings,
    @Inject(AlarmWatchJob) alarms: AlarmWatchJob,
    @Inject(AlertWatchJob) alerts: AlertWatchJob,
    @Inject(StuckImagesJob) stuck: StuckImagesJob,
  ) {
    this.#runner = runner;
    this.#settings = settings;
    this.#alarms = alarms;
    this.#alerts = alerts;
    this.#stuck = stuck;
  }

  async onApplicationBootstrap(): Promise<void> {
    const { jobs } = this.#settings;
    this.#runner.schedule(this.#stuck, jobs.reconcileMs);
    await Promise.all([
      this.#runner.start(this.#alarms, jobs.alarmPollMs),
      this.#runner.start(this.#alerts, jobs.alertPollMs),
    ]);
  }
}
