import { firstValueFrom, map, take, timeout, toArray } from "rxjs";
import { describe, expect, it } from "vitest";
import { createAdminApp } from "../src/app/create-app.ts";
import type { LiveEvent } from "../src/live/live-events.dto.ts";
import { LiveEvents } from "../src/live/live-events.ts";
import { alarmNamed, type FakeAlertInbox, stateUpdate } from "./support/alarm-fakes.ts";
import { fakeContext } from "./support/context.ts";

const OLD = "2025-03-01T09:00:00.000Z";

function deliver(inbox: FakeAlertInbox, id: string, timestamp: string): void {
  inbox.delivered.push({
    id,
    topicArn: "arn:aws:sns:us-east-1:000000000000:darkroom-critical-alerts",
    subject: null,
    message: id,
    timestamp,
  });
}

const summary = (event: LiveEvent) =>
  event.type === "alarm"
    ? `alarm ${event.data.alarmName} ${event.data.previousState}>${event.data.state}`
    : event.type === "alert"
      ? `alert ${event.data.id}`
      : event.type;

describe("the watch jobs at startup", () => {
  it("take their baseline while the app boots: a change right after startup, before the first tick, is streamed", async () => {
    const { context, repositories } = fakeContext();
    const { alarms, alertInbox } = repositories;
    // What is there before startup is not news.
    alarms.add(alarmNamed("darkroom-log-errors", { state: "ALARM" }), alarmNamed("darkroom-throttles"));
    alarms.entries.push(stateUpdate("darkroom-log-errors", "OK", "ALARM", OLD));
    deliver(alertInbox, "old", OLD);
    const settings = {
      ...context.settings,
      jobs: { ...context.settings.jobs, alarmPollMs: 300, alertPollMs: 300, reconcileMs: 0 },
    };
    const app = await createAdminApp({ ...context, settings }, { logs: false });
    try {
      const published = firstValueFrom(
        app
          .get(LiveEvents)
          .stream()
          .pipe(
            map(({ event }) => summary(event)),
            take(2),
            toArray(),
            timeout(5_000),
          ),
      );
      await app.init();
      // Before the first tick (300 ms away): a job whose first tick took the baseline loses these.
      await alarms.setState("darkroom-throttles", "ALARM", "drill");
      deliver(alertInbox, "new", new Date().toISOString());
      expect((await published).sort()).toEqual(["alarm darkroom-throttles OK>ALARM", "alert new"]);
    } finally {
      await app.close();
    }
  });
});
