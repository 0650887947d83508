import { readFileSync } from "node:fs";
import { join } from "node:path";
import { ListSubscriptionsByTopicCommand, SNSClient } from "@aws-sdk/client-sns";
import { MAX_ATTEMPTS } from "@darkroom/image-record";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LOCAL_ALERT_INBOX } from "../../../../infra/alerts.ts";
import { emulatorClient } from "../../../../lambdas/test/support/emulator-clients.ts";
import { waitFor } from "../../../../lambdas/test/support/wait-for.ts";
import type { AlarmHistory, AlarmList, AlarmSeriesList } from "../../src/alarms/alarms.dto.ts";
import type { AlertList } from "../../src/alerts/alerts.dto.ts";
import type { StreamTicket } from "../../src/live/live-events.dto.ts";
import { awsClients, destroyAwsClients } from "../../src/repositories/aws-clients.ts";
import { DynamoImageTable } from "../../src/repositories/dynamodb-image-table.ts";
import { stackResources } from "../../src/settings/stack-resources.ts";
import { type DeployedAdmin, startDeployedAdmin } from "../support/deployed-admin.ts";
import { openEventStream, type SseFrame } from "../support/sse-reader.ts";

const REPO = join(import.meta.dirname, "..", "..", "..", "..");
const TOKEN = "integration-alarms-token-0123456789";
const CORRUPT_UPLOADS = 3;
const ERROR_ALARM = "darkroom-low-success-rate";

const data = (frame: SseFrame) => JSON.parse(frame.data ?? "null") as Record<string, unknown>;

/**
 * Alarms, alerts and the live stream against the real thing: the emulator in process, the local
 * stack deployed by terraform (its alert topics with the console's inbox subscription, confirmed
 * by the deploy), the processor failing on corrupt uploads, CloudWatch's alarm evaluation.
 */
describe("alarms, alerts and the live stream on the emulator with the deployed local stack", () => {
  let admin: DeployedAdmin;
  let stream: Awaited<ReturnType<typeof openEventStream>>;

  beforeAll(async () => {
    // The jobs fast, so the stream reports within a test's patience.
    admin = await startDeployedAdmin(TOKEN, {
      DARKROOM_ALARM_POLL_MS: "200",
      DARKROOM_ALERT_POLL_MS: "200",
      DARKROOM_IMAGE_POLL_MS: "200",
      DARKROOM_RECONCILE_MS: "300",
    });
    // As a browser opens it: a ticket, then the URL without headers.
    const ticket = await admin.api<StreamTicket>("/api/events/tickets", { method: "POST" });
    expect(ticket.status).toBe(201);
    stream = await openEventStream(`${admin.server.url}${ticket.body.url}`);
    expect(stream.response.status).toBe(200);
    await stream.until("the image watcher's first reading", (f) => f.comments.includes("watching images"));
  }, 600_000);
  afterAll(async () => {
    stream?.close();
    await admin?.stop();
  });

  async function evaluateAlarms(): Promise<void> {
    const response = await fetch(`${admin.emulator.url}/_darkroom/cloudwatch/evaluate`, { method: "POST" });
    expect(response.status).toBe(200);
  }

  it("the local deploy subscribed and confirmed the console's inbox on each alert topic", async () => {
    const sns = emulatorClient(SNSClient, admin.emulator.url);
    try {
      const { topicNames } = stackResources(admin.outputs, admin.server.settings.infra);
      for (const name of Object.values(topicNames)) {
        const topicArn = `arn:aws:sns:us-east-1:000000000000:${name}`;
        const { Subscriptions = [] } = await sns.send(
          new ListSubscriptionsByTopicCommand({ TopicArn: topicArn }),
        );
        const inbox = Subscriptions.filter((s) => s.Endpoint === LOCAL_ALERT_INBOX);
        expect(
          inbox.map((s) => s.Protocol),
          name,
        ).toEqual(["email-json"]);
        expect(inbox[0]?.SubscriptionArn, name).toMatch(new RegExp(`^${topicArn}:`));
      }
    } finally {
      sns.destroy();
    }
    const alerts = await admin.api<AlertList>("/api/alerts");
    expect(alerts.status).toBe(200);
    expect(alerts.body).toMatchObject({ source: "inbox", items: [], nextCursor: null });
  });

  it("lists the stack's 12 alarms with their state, threshold and the metric each watches", async () => {
    const { status, body } = await admin.api<AlarmList>("/api/alarms");
    expect(status).toBe(200);
    expect(body.prefix).toBe("darkroom-");
    expect(body.items).toHaveLength(12);
    const byName = new Map(body.items.map((alarm) => [alarm.name, alarm]));
    expect(byName.get("darkroom-high-error-rate")).toMatchObject({
      state: "OK",
      threshold: 5,
      comparison: "GreaterThanOrEqualToThreshold",
      statistic: "Sum",
      period: 300,
      treatMissingData: "notBreaching",
      metric: {
        namespace: "AWS/Lambda",
        name: "Errors",
        dimensions: { FunctionName: admin.outputs.processor_function },
      },
      topics: ["critical"],
    });
    const successRate = byName.get(ERROR_ALARM)!;
    expect(successRate).toMatchObject({
      threshold: 90,
      comparison: "LessThanThreshold",
      metric: null,
      topics: ["critical"],
    });
    expect(successRate.metrics.find((m) => m.returnData)?.expression).toBe(
      "100 * FILL(success, 0) / finished",
    );
    expect(
      successRate.metrics
        .filter((m) => m.metric !== null)
        .map((m) => m.metric?.name)
        .sort(),
    ).toEqual(["ImagesProcessed", "ProcessingSuccess"]);
  });

  it("reports a good upload through /api on the stream until PROCESSED", async () => {
    const png = readFileSync(join(REPO, "lambdas", "test-fixtures", "chelsea.png"));
    const imageId = await admin.upload("chelsea.png", png, "image/png");
    const processed = await stream.until(
      `image ${imageId} PROCESSED`,
      (f) => f.event === "image" && data(f).imageId === imageId && data(f).status === "PROCESSED",
      120_000,
    );
    expect(data(processed)).toMatchObject({ imageId, status: "PROCESSED", attempts: 1 });
    expect(processed.id).toMatch(/^[a-z0-9]+\.\d+$/);
    // Every report of the image was a change, in order, ending PROCESSED.
    const statuses = stream.frames
      .filter((f) => f.event === "image" && data(f).imageId === imageId)
      .map((f) => data(f).status);
    expect(statuses.at(-1)).toBe("PROCESSED");
    expect(new Set(statuses).size).toBe(statuses.length);
  });

  it("drives the processor into failures: the error alarm goes to ALARM, its alert reaches /api/alerts and the stream", async () => {
    const corrupt = readFileSync(join(REPO, "lambdas", "test-fixtures", "coffee.png")).subarray(0, 2_000);
    const ids: string[] = [];
    for (let i = 0; i < CORRUPT_UPLOADS; i++)
      ids.push(await admin.upload(`broken-${i}.png`, corrupt, "image/png"));
    for (const imageId of ids) {
      const detail = await admin.settled(imageId);
      expect(detail.record).toMatchObject({ status: "FAILED", failure: { code: "CORRUPT" } });
      await stream.until(
        `image ${imageId} FAILED`,
        (f) => f.event === "image" && data(f).imageId === imageId && data(f).status === "FAILED",
      );
    }

    // CloudWatch evaluates (as it would within its interval); the EMF metrics may still be on their way.
    const alarm = await waitFor(
      `${ERROR_ALARM} in ALARM`,
      async () => {
        await evaluateAlarms();
        const { body } = await admin.api<AlarmList>("/api/alarms");
        const found = body.items.find((a) => a.name === ERROR_ALARM);
        return found?.state === "ALARM" ? found : undefined;
      },
      { timeoutMs: 60_000, intervalMs: 500 },
    );
    expect(alarm.reason).toMatch(/^Threshold Crossed/);
    // One good image and three corrupt ones: 25 % succeeded, under the 90 % threshold.
    expect(alarm.reason).toContain("[25.0");

    // The sparklines' series: one per alarm, from one GetMetricData call. The uploads invoked the
    // processor, so the alarms on its invocations (Lambda's metrics, the EMF success rate) have points.
    const series = await admin.api<AlarmSeriesList>("/api/alarms/series?hours=1");
    expect(series.status, JSON.stringify(series.body)).toBe(200);
    const { body: list } = await admin.api<AlarmList>("/api/alarms");
    expect(series.body.items.map((s) => s.alarmName)).toEqual(list.items.map((a) => a.name));
    const seriesOf = new Map(series.body.items.map((s) => [s.alarmName, s]));
    for (const name of ["high-error-rate", "high-duration", "high-concurrency", "low-success-rate"]) {
      const found = seriesOf.get(`darkroom-${name}`);
      expect(found?.problem, name).toBeNull();
      expect(found?.points.length, name).toBeGreaterThan(0);
    }
    expect(seriesOf.get("darkroom-high-error-rate")).toMatchObject({
      stat: "Sum",
      period: 300,
      threshold: 5,
    });
    const rate = seriesOf.get(ERROR_ALARM)!;
    expect(rate).toMatchObject({ expression: "100 * FILL(success, 0) / finished", threshold: 90 });
    expect(rate.points.some((p) => p.v < 90)).toBe(true);

    const history = await admin.api<AlarmHistory>(`/api/alarms/${ERROR_ALARM}/history?limit=5`);
    expect(history.body.items.find((i) => i.type === "StateUpdate")?.transition).toMatchObject({
      alarmName: ERROR_ALARM,
      state: "ALARM",
      previousState: "OK",
    });

    const alert = await waitFor(
      "the alarm's alert in /api/alerts",
      async () => {
        const { body } = await admin.api<AlertList>("/api/alerts?limit=10");
        return body.items.find((a) => a.alarm?.alarmName === ERROR_ALARM && a.alarm.state === "ALARM");
      },
      { timeoutMs: 30_000, intervalMs: 250 },
    );
    expect(alert).toMatchObject({
      topic: "critical",
      subject: `ALARM: "${ERROR_ALARM}" in US East (N. Virginia)`,
      alarm: { previousState: "OK", reason: alarm.reason },
    });
    expect(JSON.parse(alert.message)).toMatchObject({ AlarmName: ERROR_ALARM, NewStateValue: "ALARM" });

    const alarmFrame = await stream.until(
      "the alarm's transition on the stream",
      (f) => f.event === "alarm" && data(f).alarmName === ERROR_ALARM && data(f).state === "ALARM",
    );
    expect(data(alarmFrame)).toMatchObject({ previousState: "OK", reason: alarm.reason });
    const alertFrame = await stream.until(
      "the alert on the stream",
      (f) =>
        f.event === "alert" && (data(f).alarm as { alarmName?: string } | null)?.alarmName === ERROR_ALARM,
    );
    expect(data(alertFrame)).toEqual(alert);
  });

  it("sets an alarm's state for a drill: the alarm, its alert and the stream show it", async () => {
    const drill = await admin.api(`/api/alarms/darkroom-throttles/state`, {
      method: "POST",
      body: JSON.stringify({ state: "ALARM", reason: "drill: is anyone listening?" }),
    });
    expect(drill.status).toBe(200);
    const { body } = await admin.api<AlarmList>("/api/alarms");
    expect(body.items.find((a) => a.name === "darkroom-throttles")).toMatchObject({
      state: "ALARM",
      reason: "drill: is anyone listening?",
    });
    await stream.until(
      "the drill on the stream",
      (f) => f.event === "alarm" && data(f).alarmName === "darkroom-throttles" && data(f).state === "ALARM",
    );
    const alert = await stream.until(
      "the drill's alert on the stream",
      (f) =>
        f.event === "alert" &&
        (data(f).alarm as { alarmName?: string } | null)?.alarmName === "darkroom-throttles",
    );
    expect(data(alert)).toMatchObject({
      topic: "performance",
      alarm: { state: "ALARM", reason: "drill: is anyone listening?" },
    });
    const outside = await admin.api("/api/alarms/not-darkroom/state", {
      method: "POST",
      body: JSON.stringify({ state: "ALARM", reason: "drill" }),
    });
    expect(outside.status).toBe(404);
  });

  /**
   * An attempt left PROCESSING (a crash the processor could not record), made by writing the
   * record back as PROCESSING with its times moved 10 minutes back, through the backend's own
   * table repository.
   */
  async function strand(imageId: string, attempts: number): Promise<void> {
    const clients = awsClients(admin.server.settings);
    try {
      const table = new DynamoImageTable(admin.outputs.images_table, clients.dynamodb);
      const record = (await table.getImage(imageId))!;
      const { originalKey, originalBytes, contentType, originalFileName, keepLocation } = record;
      await table.putImage({
        imageId,
        originalKey,
        originalBytes,
        contentType,
        originalFileName,
        keepLocation,
        status: "PROCESSING",
        attempts,
        createdAt: new Date(Date.now() - 11 * 60_000).toISOString(),
        updatedAt: new Date(Date.now() - 10 * 60_000).toISOString(),
      });
    } finally {
      destroyAwsClients(clients);
    }
  }

  it("re-invokes an image stuck in PROCESSING: the processor takes the abandoned attempt over", async () => {
    const png = readFileSync(join(REPO, "lambdas", "test-fixtures", "chelsea.png"));
    const imageId = await admin.upload("stuck.png", png, "image/png");
    await admin.settled(imageId);
    await strand(imageId, 1);
    // Only the job invokes the processor for this image again: a second attempt is its doing.
    const again = await admin.settled(imageId, 2);
    expect(again.record).toMatchObject({ status: "PROCESSED", attempts: 2 });
  });

  it("marks FAILED with TIMEOUT an image stuck after the attempts the processor takes", async () => {
    const png = readFileSync(join(REPO, "lambdas", "test-fixtures", "chelsea.png"));
    const imageId = await admin.upload("stuck-again.png", png, "image/png");
    await admin.settled(imageId);
    await strand(imageId, MAX_ATTEMPTS);
    const failed = await admin.settled(imageId, MAX_ATTEMPTS);
    expect(failed.record).toMatchObject({
      status: "FAILED",
      attempts: MAX_ATTEMPTS,
      failure: { code: "TIMEOUT" },
    });
    await stream.until(
      `image ${imageId} FAILED on the stream`,
      (f) => f.event === "image" && data(f).imageId === imageId && data(f).status === "FAILED",
    );
  });
});
