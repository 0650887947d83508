import { Inject, Injectable } from "@nestjs/common";
import { StackAlarmHistory } from "../alarms/stack-alarm-history.ts";
import { LiveEvents } from "../live/live-events.ts";
import { HighWaterMark } from "./high-water-mark.ts";
import type { JobDetails, WatchJob } from "./scheduled-job.ts";

/**
 * Publishes the stack's alarm state changes to the live stream (`event: alarm`), from CloudWatch's
 * alarm history: every transition, even two between polls, with CloudWatch's own time and reason.
 */
@Injectable()
export class AlarmWatchJob implements WatchJob {
  readonly name = "alarm-watch";
  readonly #history: StackAlarmHistory;
  readonly #events: LiveEvents;
  readonly #mark = new HighWaterMark();

  constructor(@Inject(StackAlarmHistory) history: StackAlarmHistory, @Inject(LiveEvents) events: LiveEvents) {
    this.#history = history;
    this.#events = events;
  }

  /** The newest transition: the states the alarms are in already are not news. */
  async baseline(): Promise<JobDetails> {
    const { items } = await this.#history.page(1);
    this.#mark.start(items.map(({ transition }) => feedItem(transition)));
    return { baseline: true };
  }

  async run(): Promise<JobDetails> {
    if (!this.#mark.started) return this.baseline();
    const transitions = (await this.#history.since(new Date(this.#mark.since))).map((t) => t.transition);
    const fresh = this.#mark.fresh(
      transitions.map((transition) => ({ ...feedItem(transition), transition })),
    );
    for (const { transition } of fresh) this.#events.publish({ type: "alarm", data: transition });
    return { transitions: fresh.length };
  }
}

function feedItem(transition: { alarmName: string; at: string }) {
  return { at: transition.at, id: transition.alarmName };
}
