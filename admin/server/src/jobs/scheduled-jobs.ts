import { Inject, Injectable, type OnApplicationBootstrap } from "@nestjs/common";
import { ADMIN_SETTINGS } from "../app/tokens.ts";
import type { AdminSettings } from "../settings/admin-settings.ts";
import { AlarmWatchJob } from "./alarm-watch.job.ts";
import { AlertWatchJob } from "./alert-watch.job.ts";
import { JobRunner } from "./job-runner.ts";
import { StuckImagesJob } from "./stuck-images.job.ts";

/** Starts the jobs once the app is up, each on its setting's interval (DARKROOM_*_MS, 0 = off). */
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

  onApplicationBootstrap(): void {
    const { jobs } = this.#settings;
    this.#runner.schedule(this.#alarms, jobs.alarmPollMs);
    this.#runner.schedule(this.#alerts, jobs.alertPollMs);
    this.#runner.schedule(this.#stuck, jobs.reconcileMs);
  }
}
