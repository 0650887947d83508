import { firstValueFrom, take, toArray } from "rxjs";
import { describe, expect, it } from "vitest";
import { StackAlarmHistory } from "../src/alarms/stack-alarm-history.ts";
import { AlertsService } from "../src/alerts/alerts.service.ts";
import { AlarmWatchJob } from "../src/jobs/alarm-watch.job.ts";
import { AlertWatchJob } from "../src/jobs/alert-watch.job.ts";
import { HighWaterMark } from "../src/jobs/high-water-mark.ts";
import { LiveEvents, type NumberedEvent, REPLAY_LIMIT } from "../src/live/live-events.ts";
import { alarmNamed, FakeAlarms, FakeAlertInbox, stateUpdate } from "./support/alarm-fakes.ts";
import { STACK } from "./support/context.ts";

const transition = (n: number) => ({
  type: "alarm" as const,
  data: {
    alarmName: `darkroom-a${n}`,
    state: "ALARM" as const,
    previousState: "OK" as const,
    reason: "r",
    at: "2025-03-01T10:00:00.000Z",
  },
});

const alarmName = (e: NumberedEvent | undefined) =>
  e?.event.type === "alarm" ? e.event.data.alarmName : undefined;

/** Collects what a subscription receives until the test reads it. */
function collect(events: LiveEvents, lastEventId?: string) {
  const got: NumberedEvent[] = [];
  const subscription = events.stream(lastEventId).subscribe((e) => got.push(e));
  return { got, stop: () => subscription.unsubscribe() };
}

describe("LiveEvents", () => {
  it("fans every event out to every listener, and counts the listeners", async () => {
    const events = new LiveEvents();
    const counts: number[] = [];
    events.listeners$.subscribe((n) => counts.push(n));
    const a = collect(events);
    const b = collect(events);
    events.publish(transition(1));
    a.stop();
    events.publish(transition(2));
    b.stop();
    expect(a.got.map((e) => e.event.data)).toEqual([transition(1).data]);
    expect(b.got.map((e) => e.event.data)).toEqual([transition(1).data, transition(2).data]);
    expect(counts).toEqual([0, 1, 2, 1, 0]);
  });

  it("replays what came after Last-Event-ID (this run's ids only), then goes on live", async () => {
    const events = new LiveEvents();
    const ids = [1, 2, 3].map((n) => events.publish(transition(n)).id);
    const resumed = collect(events, ids[0]);
    events.publish(transition(4));
    expect(resumed.got.map(alarmName)).toEqual(["darkroom-a2", "darkroom-a3", "darkroom-a4"]);
    resumed.stop();
    // Another run's id (after a restart) resumes nothing rather than the wrong events.
    const other = collect(events, "abcdef012345.1");
    expect(other.got).toEqual([]);
    other.stop();
    expect(new Set(ids).size).toBe(3);
  });

  it("keeps the last REPLAY_LIMIT events for replays", async () => {
    const events = new LiveEvents();
    const first = events.publish(transition(0)).id;
    for (let n = 1; n <= REPLAY_LIMIT + 5; n++) events.publish(transition(n));
    const replayed = await firstValueFrom(events.stream(first).pipe(take(REPLAY_LIMIT), toArray()));
    expect(alarmName(replayed[0])).toBe("darkroom-a6");
    expect(alarmName(replayed.at(-1))).toBe(`darkroom-a${REPLAY_LIMIT + 5}`);
  });
});

describe("HighWaterMark", () => {
  it("lets through only what is newer than the mark, or new at the mark's millisecond", () => {
    const mark = new HighWaterMark();
    expect(mark.started).toBe(false);
    mark.start([
      { at: "2025-03-01T10:00:00.000Z", id: "a" },
      { at: "2025-03-01T10:00:01.000Z", id: "b" },
    ]);
    expect(mark.since).toBe(Date.parse("2025-03-01T10:00:01.000Z"));
    const fresh = mark.fresh([
      { at: "2025-03-01T10:00:01.000Z", id: "b" },
      { at: "2025-03-01T10:00:01.000Z", id: "c" },
      { at: "2025-03-01T10:00:02.000Z", id: "d" },
    ]);
    expect(fresh.map((i) => i.id)).toEqual(["c", "d"]);
    expect(mark.fresh([{ at: "2025-03-01T10:00:02.000Z", id: "d" }])).toEqual([]);
  });

  it("starts at the epoch when the feed was empty, so everything after counts", () => {
    const mark = new HighWaterMark();
    mark.start([]);
    expect(mark.since).toBe(0);
    expect(mark.fresh([{ at: "2025-03-01T10:00:00.000Z", id: "a" }])).toHaveLength(1);
  });
});

describe("the alarm and alert jobs", () => {
  it("publish alarm transitions after the first reading, each once, oldest first", async () => {
    const alarms = new FakeAlarms();
    alarms.add(alarmNamed("darkroom-log-errors", { state: "ALARM" }), alarmNamed("darkroom-throttles"));
    alarms.entries.push(stateUpdate("darkroom-log-errors", "OK", "ALARM", "2025-03-01T09:00:00.000Z"));
    const events = new LiveEvents();
    const job = new AlarmWatchJob(new StackAlarmHistory(alarms, STACK), events);
    const seen = collect(events);

    expect(await job.run()).toEqual({ baseline: true });
    expect(await job.run()).toEqual({ transitions: 0 });
    await alarms.setState("darkroom-log-errors", "OK", "recovered", new Date("2025-03-01T10:00:00.000Z"));
    await alarms.setState("darkroom-throttles", "ALARM", "drill", new Date("2025-03-01T10:00:00.000Z"));
    await alarms.setState("darkroom-throttles", "OK", "drill over", new Date("2025-03-01T10:00:05.000Z"));
    alarms.entries.push(stateUpdate("other-stack", "OK", "ALARM", "2025-03-01T10:00:06.000Z"));
    expect(await job.run()).toEqual({ transitions: 3 });
    expect(await job.run()).toEqual({ transitions: 0 });
    expect(
      seen.got.map(
        ({ event }) =>
          event.type === "alarm" && `${event.data.alarmName} ${event.data.previousState}>${event.data.state}`,
      ),
    ).toEqual(expect.arrayContaining(["darkroom-log-errors ALARM>OK", "darkroom-throttles OK>ALARM"]));
    expect(seen.got.at(-1)?.event.data).toMatchObject({
      alarmName: "darkroom-throttles",
      state: "OK",
      at: "2025-03-01T10:00:05.000Z",
    });
    expect(seen.got).toHaveLength(3);
  });

  it("publish newly delivered alerts after the first reading, each once", async () => {
    const inbox = new FakeAlertInbox();
    const alarms = new FakeAlarms();
    const deliver = (id: string, timestamp: string) =>
      inbox.delivered.push({
        id,
        topicArn: "arn:aws:sns:us-east-1:000000000000:darkroom-critical-alerts",
        subject: null,
        message: id,
        timestamp,
      });
    deliver("old", "2025-03-01T09:00:00.000Z");
    const events = new LiveEvents();
    const job = new AlertWatchJob(
      new AlertsService(inbox, new StackAlarmHistory(alarms, STACK), alarms, STACK),
      events,
    );
    const seen = collect(events);
    expect(await job.run()).toEqual({ baseline: true, source: "inbox" });
    deliver("new-1", "2025-03-01T09:00:00.000Z");
    deliver("new-2", "2025-03-01T10:00:00.000Z");
    expect(await job.run()).toEqual({ alerts: 2, source: "inbox" });
    expect(await job.run()).toEqual({ alerts: 0, source: "inbox" });
    expect(seen.got.map(({ event }) => event.type === "alert" && [event.data.id, event.data.topic])).toEqual([
      ["new-1", "critical"],
      ["new-2", "critical"],
    ]);
  });
});
