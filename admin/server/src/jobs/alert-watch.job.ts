import { Inject, Injectable } from "@nestjs/common";
import { AlertsService } from "../alerts/alerts.service.ts";
import { LiveEvents } from "../live/live-events.ts";
import { HighWaterMark } from "./high-water-mark.ts";
import type { JobDetails, WatchJob } from "./scheduled-job.ts";

/** Publishes each newly delivered alert to the live stream (`event: alert`), from GET /api/alerts' source. */
@Injectable()
export class AlertWatchJob implements WatchJob {
  readonly name = "alert-watch";
  readonly #alerts: AlertsService;
  readonly #events: LiveEvents;
  readonly #mark = new HighWaterMark();

  constructor(@Inject(AlertsService) alerts: AlertsService, @Inject(LiveEvents) events: LiveEvents) {
    this.#alerts = alerts;
    this.#events = events;
  }

  /** The newest alert: what was delivered before is not news. */
  async baseline(): Promise<JobDetails> {
    this.#mark.start((await this.#alerts.list({ limit: 1 })).items);
    return { baseline: true, source: this.#alerts.source };
  }

  async run(): Promise<JobDetails> {
    if (!this.#mark.started) return this.baseline();
    const fresh = this.#mark.fresh(await this.#alerts.since(this.#mark.since));
    for (const alert of fresh) this.#events.publish({ type: "alert", data: alert });
    return { alerts: fresh.length, source: this.#alerts.source };
  }
}
