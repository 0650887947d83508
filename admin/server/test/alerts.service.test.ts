import { BadRequestException } from "@nestjs/common";
import { describe, expect, it } from "vitest";
import { StackAlarmHistory } from "../src/alarms/stack-alarm-history.ts";
import type { Alert } from "../src/alerts/alerts.dto.ts";
import { AlertsService } from "../src/alerts/alerts.service.ts";
import { alarmNamed, FakeAlarms, FakeAlertInbox, stateUpdate } from "./support/alarm-fakes.ts";
import { STACK } from "./support/context.ts";

const TOPIC = (name: string) => `arn:aws:sns:us-east-1:000000000000:${name}`;

/** CloudWatch's alarm notification, as it publishes it (Java's +0000 offsets). */
function alarmMessage(name: string, from: string, to: string, changedAt: string) {
  return JSON.stringify({
    AlarmName: name,
    AlarmDescription: "Too few of the images that finished were PROCESSED (the rest FAILED)",
    AWSAccountId: "000000000000",
    AlarmConfigurationUpdatedTimestamp: "2025-03-01T09:00:00.000+0000",
    NewStateValue: to,
    NewStateReason:
      "Threshold Crossed: 1 out of the last 1 datapoints [25.0 (01/03/25 10:00:00)] was less than the threshold (90.0)",
    StateChangeTime: changedAt.replace("Z", "+0000"),
    Region: "US East (N. Virginia)",
    AlarmArn: `arn:aws:cloudwatch:us-east-1:000000000000:alarm:${name}`,
    OldStateValue: from,
    OKActions: [TOPIC("darkroom-critical-alerts")],
    AlarmActions: [TOPIC("darkroom-critical-alerts")],
    InsufficientDataActions: [],
    Trigger: { MetricName: null, Namespace: null, Period: 300 },
  });
}

function inboxWorld() {
  const inbox = new FakeAlertInbox();
  const alarms = new FakeAlarms();
  const service = new AlertsService(inbox, new StackAlarmHistory(alarms, STACK), alarms, STACK);
  return { inbox, alarms, service };
}

function historyWorld() {
  const alarms = new FakeAlarms();
  const service = new AlertsService(null, new StackAlarmHistory(alarms, STACK), alarms, STACK);
  return { alarms, service };
}

async function everyPage(service: AlertsService, limit: number): Promise<Alert[]> {
  const all: Alert[] = [];
  let cursor: string | undefined;
  do {
    const page = await service.list({ limit, ...(cursor ? { cursor } : {}) });
    expect(page.items.length).toBeLessThanOrEqual(limit);
    all.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return all;
}

describe("AlertsService on the inbox (local target)", () => {
  it("lists the alert topics' deliveries newest first, the alarm notification parsed and the message kept", async () => {
    const { inbox, service } = inboxWorld();
    const message = alarmMessage("darkroom-low-success-rate", "OK", "ALARM", "2025-03-01T10:00:00.123Z");
    inbox.delivered.push(
      {
        id: "m-1",
        topicArn: TOPIC("darkroom-critical-alerts"),
        subject: 'ALARM: "darkroom-low-success-rate" in US East (N. Virginia)',
        message,
        timestamp: "2025-03-01T10:00:01.000Z",
      },
      {
        id: "m-2",
        topicArn: TOPIC("darkroom-log-alerts"),
        subject: null,
        message: "a hand-published note",
        timestamp: "2025-03-01T10:05:00.000Z",
      },
    );
    const list = await service.list({ limit: 10 });
    expect(list.source).toBe("inbox");
    expect(list.note).toMatch(/emulator's inbox/);
    expect(list.items).toEqual([
      {
        id: "m-2",
        at: "2025-03-01T10:05:00.000Z",
        topic: "log",
        subject: null,
        alarm: null,
        message: "a hand-published note",
      },
      {
        id: "m-1",
        at: "2025-03-01T10:00:01.000Z",
        topic: "critical",
        subject: 'ALARM: "darkroom-low-success-rate" in US East (N. Virginia)',
        alarm: {
          alarmName: "darkroom-low-success-rate",
          state: "ALARM",
          previousState: "OK",
          reason: expect.stringMatching(/^Threshold Crossed/),
          at: "2025-03-01T10:00:00.123Z",
          description: "Too few of the images that finished were PROCESSED (the rest FAILED)",
        },
        message,
      },
    ]);
  });

  it("pages through deliveries of the same millisecond without duplicates or gaps", async () => {
    const { inbox, service } = inboxWorld();
    for (let i = 0; i < 23; i++) {
      inbox.delivered.push({
        id: `m-${String(i).padStart(2, "0")}`,
        topicArn: TOPIC("darkroom-critical-alerts"),
        subject: null,
        message: `alert ${i}`,
        timestamp: new Date(Date.UTC(2025, 2, 1, 10, 0, Math.floor(i / 4))).toISOString(),
      });
    }
    const ids = (await everyPage(service, 5)).map((a) => a.id);
    expect(ids).toEqual(inbox.delivered.map((n) => n.id).reverse());
    await expect(service.list({ limit: 5, cursor: "garbage" })).rejects.toThrow(BadRequestException);
  });

  it("gives the alerts delivered since a time, oldest first (what the alert job publishes)", async () => {
    const { inbox, service } = inboxWorld();
    for (const [id, timestamp] of [
      ["a", "2025-03-01T10:00:00.000Z"],
      ["b", "2025-03-01T10:00:05.000Z"],
      ["c", "2025-03-01T10:00:09.000Z"],
    ] as const) {
      inbox.delivered.push({
        id,
        topicArn: TOPIC("darkroom-critical-alerts"),
        subject: null,
        message: id,
        timestamp,
      });
    }
    expect((await service.since(Date.parse("2025-03-01T10:00:05.000Z"))).map((a) => a.id)).toEqual([
      "b",
      "c",
    ]);
  });
});

describe("AlertsService from the alarm history (aws and localstack)", () => {
  it("says so, and lists the stack's alarm state changes with the topic each one notified", async () => {
    const { alarms, service } = historyWorld();
    alarms.add(
      alarmNamed("darkroom-low-success-rate"),
      alarmNamed("darkroom-large-images", {
        actions: { alarm: [TOPIC("darkroom-log-alerts")], ok: [], insufficientData: [] },
      }),
    );
    alarms.entries.push(
      stateUpdate("darkroom-low-success-rate", "OK", "ALARM", "2025-03-01T10:00:00.000Z"),
      stateUpdate("darkroom-large-images", "ALARM", "OK", "2025-03-01T10:01:00.000Z"),
      stateUpdate("another-stack-alarm", "OK", "ALARM", "2025-03-01T10:02:00.000Z"),
      {
        alarmName: "darkroom-low-success-rate",
        timestamp: "2025-03-01T10:03:00.000Z",
        type: "Action",
        summary: "Published",
        data: "{}",
      },
    );
    const list = await service.list({ limit: 10 });
    expect(list.source).toBe("alarm-history");
    expect(list.note).toMatch(/keeps no copy of what SNS delivered/);
    expect(list.items.map((a) => [a.id, a.topic, a.alarm?.state, a.alarm?.previousState])).toEqual([
      ["darkroom-large-images@2025-03-01T10:01:00.000Z", null, "OK", "ALARM"],
      ["darkroom-low-success-rate@2025-03-01T10:00:00.000Z", "critical", "ALARM", "OK"],
    ]);
  });

  it("pages across CloudWatch's pages, skipping other stacks' alarms, without duplicates or gaps", async () => {
    const { alarms, service } = historyWorld();
    alarms.add(alarmNamed("darkroom-log-errors"));
    const ours: string[] = [];
    for (let i = 0; i < 260; i++) {
      const at = new Date(Date.UTC(2025, 2, 1, 0, 0, i)).toISOString();
      const name = i % 3 === 0 ? "darkroom-log-errors" : "someone-else";
      alarms.entries.push(stateUpdate(name, i % 2 ? "OK" : "ALARM", i % 2 ? "ALARM" : "OK", at));
      if (name === "darkroom-log-errors") ours.push(`${name}@${at}`);
    }
    const ids = (await everyPage(service, 7)).map((a) => a.id);
    expect(ids).toEqual(ours.reverse());
  });
});
