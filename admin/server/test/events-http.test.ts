import type { INestApplication } from "@nestjs/common";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAdminApp } from "../src/app/create-app.ts";
import { LiveEvents } from "../src/live/live-events.ts";
import { loadAdminSettings } from "../src/settings/admin-settings.ts";
import { alarmNamed } from "./support/alarm-fakes.ts";
import { fakeContext, TOKEN } from "./support/context.ts";
import { openEventStream } from "./support/sse-reader.ts";

const auth = { authorization: `Bearer ${TOKEN}` };

/** The live stream, the alarm endpoints and their limits over HTTP, on fake repositories. */
describe("the live stream and the alarm endpoints over HTTP", () => {
  let app: INestApplication;
  let url: string;
  const { context, repositories } = fakeContext();
  // Heartbeats every 50 ms so one shows up; the jobs are off: events come from the test.
  const settings = {
    ...context.settings,
    live: { ...context.settings.live, heartbeatMs: 50 },
    jobs: { ...context.settings.jobs, alarmPollMs: 0, alertPollMs: 0, reconcileMs: 0 },
  };

  beforeAll(async () => {
    repositories.alarms.add(alarmNamed("darkroom-log-errors"), alarmNamed("other-stack-errors"));
    app = await createAdminApp({ ...context, settings }, { logs: false });
    await app.listen(0, "127.0.0.1");
    url = await app.getUrl();
  });
  afterAll(() => app?.close());

  const publishAlarm = () =>
    app.get(LiveEvents).publish({
      type: "alarm",
      data: {
        alarmName: "darkroom-log-errors",
        state: "ALARM",
        previousState: "OK",
        reason: "drill",
        at: "2025-03-01T10:00:00.000Z",
      },
    });

  it("streams events with ids, event names and JSON data, and heartbeat comments, to a bearer-token client", async () => {
    const stream = await openEventStream(`${url}/api/events`, auth);
    expect(stream.response.status).toBe(200);
    expect(stream.response.headers.get("content-type")).toBe("text/event-stream; charset=utf-8");
    await stream.until("the connected comment", (f) => f.comments.includes("connected"));
    // The image watcher took its first reading for this listener.
    await stream.until("the watching comment", (f) => f.comments.includes("watching images"));
    const published = publishAlarm();
    const frame = await stream.until("the alarm event", (f) => f.event === "alarm");
    expect(frame.id).toBe(published.id);
    expect(JSON.parse(frame.data!)).toEqual(published.event.data);
    await stream.until("a heartbeat", (f) => f.comments.some((c) => c.startsWith("heartbeat ")));
    stream.close();
  });

  it("opens the stream with a one-use ticket (EventSource sends no headers); nothing else opens it", async () => {
    expect((await fetch(`${url}/api/events`)).status).toBe(401);
    expect((await fetch(`${url}/api/events?ticket=${"A".repeat(32)}`)).status).toBe(401);
    expect((await fetch(`${url}/api/events/tickets`, { method: "POST" })).status).toBe(401);

    const issued = await fetch(`${url}/api/events/tickets`, { method: "POST", headers: auth });
    expect(issued.status).toBe(201);
    const ticket = (await issued.json()) as { ticket: string; url: string; expiresAt: string };
    expect(ticket.url).toBe(`/api/events?ticket=${ticket.ticket}`);
    expect(Date.parse(ticket.expiresAt)).toBeGreaterThan(Date.now());

    const stream = await openEventStream(`${url}${ticket.url}`);
    expect(stream.response.status).toBe(200);
    await stream.until("the connected comment", (f) => f.comments.includes("connected"));
    stream.close();
    // Used up: a second connection with it is refused.
    expect((await fetch(`${url}${ticket.url}`)).status).toBe(401);
  });

  it("resumes after Last-Event-ID with the events it missed", async () => {
    const first = publishAlarm();
    const second = publishAlarm();
    const stream = await openEventStream(`${url}/api/events`, { ...auth, "last-event-id": first.id });
    const replayed = await stream.until("the missed event", (f) => f.event === "alarm");
    expect(replayed.id).toBe(second.id);
    stream.close();
    const query = await openEventStream(`${url}/api/events?lastEventId=${first.id}`, auth);
    expect((await query.until("the missed event", (f) => f.event === "alarm")).id).toBe(second.id);
    query.close();
    expect((await fetch(`${url}/api/events?lastEventId=not-an-id`, { headers: auth })).status).toBe(400);
  });

  it("validates alarm names and drill bodies, and keeps other stacks' alarms out", async () => {
    const post = (name: string, body: unknown) =>
      fetch(`${url}/api/alarms/${encodeURIComponent(name)}/state`, {
        method: "POST",
        headers: { ...auth, "content-type": "application/json" },
        body: JSON.stringify(body),
      });
    expect((await post("darkroom-log-errors", { state: "ALARM", reason: "drill" })).status).toBe(200);
    expect((await post("darkroom-log-errors", { state: "BROKEN", reason: "drill" })).status).toBe(400);
    expect((await post("darkroom-log-errors", { state: "OK", reason: "" })).status).toBe(400);
    expect((await post("darkroom-log-errors", { state: "OK", reason: "x".repeat(1024) })).status).toBe(400);
    expect((await post("x".repeat(256), { state: "OK", reason: "drill" })).status).toBe(400);
    const outside = await post("other-stack-errors", { state: "ALARM", reason: "drill" });
    expect(outside.status).toBe(404);
    expect(await outside.json()).toMatchObject({
      error: "NotFound",
      message: expect.stringContaining("darkroom-"),
    });
    expect(repositories.alarms.alarms.get("other-stack-errors")?.state).toBe("OK");
    const history = await fetch(`${url}/api/alarms/darkroom-log-errors/history?limit=101`, { headers: auth });
    expect(history.status).toBe(400);
    const alerts = await fetch(`${url}/api/alerts?limit=5`, { headers: auth });
    expect(alerts.status).toBe(200);
    expect(await alerts.json()).toMatchObject({ source: "inbox", items: [], nextCursor: null });
  });

  it("refuses a drill on the aws target with 403 and a message that says why", async () => {
    const aws = fakeContext();
    aws.repositories.alarms.add(alarmNamed("darkroom-log-errors"));
    const awsSettings = loadAdminSettings({
      DARKROOM_ADMIN_TOKEN: TOKEN,
      DARKROOM_TARGET: "aws",
      DARKROOM_ALARM_POLL_MS: "0",
      DARKROOM_ALERT_POLL_MS: "0",
      DARKROOM_RECONCILE_MS: "0",
    });
    const awsApp = await createAdminApp({ ...aws.context, settings: awsSettings }, { logs: false });
    await awsApp.listen(0, "127.0.0.1");
    try {
      const response = await fetch(`${await awsApp.getUrl()}/api/alarms/darkroom-log-errors/state`, {
        method: "POST",
        headers: { ...auth, "content-type": "application/json" },
        body: JSON.stringify({ state: "ALARM", reason: "drill" }),
      });
      expect(response.status).toBe(403);
      expect(await response.json()).toEqual({
        error: "Forbidden",
        message: expect.stringContaining("drills on the local and localstack targets"),
      });
      expect(aws.repositories.alarms.alarms.get("darkroom-log-errors")?.state).toBe("OK");
    } finally {
      // An open stream does not keep the app from closing: it is ended, and the client sees the end.
      const open = await openEventStream(`${await awsApp.getUrl()}/api/events`, auth);
      await open.until("the connected comment", (f) => f.comments.includes("connected"));
      await awsApp.close();
      await expect(open.until("nothing", () => false)).rejects.toThrow(/the stream ended/);
    }
  });
});
