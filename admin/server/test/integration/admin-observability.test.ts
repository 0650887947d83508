import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { waitFor } from "../../../../lambdas/test/support/wait-for.ts";
import type { CostSnapshots, MeasuredCosts } from "../../src/costs/costs.dto.ts";
import type { LogsPage, LogsTail } from "../../src/logs/logs.dto.ts";
import type { MetricsSeries } from "../../src/metrics-series/metrics-series.dto.ts";
import { type DeployedAdmin, startDeployedAdmin } from "../support/deployed-admin.ts";

const REPO = join(import.meta.dirname, "..", "..", "..", "..");
const TOKEN = "integration-admin-token-0123456789";
const png = readFileSync(join(REPO, "lambdas", "test-fixtures", "chelsea.png"));

/**
 * Metrics, logs and costs against the real thing: the emulator's CloudWatch metrics (Lambda's own
 * and the processor's EMF), its Logs filter patterns, and the measured-usage path reading them.
 */
describe("admin metrics, logs and costs on the emulator with the deployed local stack", () => {
  let admin: DeployedAdmin;
  let first: string;
  const startedAt = Date.now();

  beforeAll(async () => {
    // The snapshot job every 5 s, so that its scheduled run is seen here.
    admin = await startDeployedAdmin(TOKEN, { DARKROOM_COST_SNAPSHOT_MS: "5000" });
    first = await admin.upload("chelsea.png", png, "image/png");
    expect((await admin.settled(first)).record.status).toBe("PROCESSED");
  }, 600_000);
  afterAll(() => admin?.stop());

  const total = (series: MetricsSeries["series"][number] | undefined) =>
    (series?.points ?? []).reduce((sum, p) => sum + p.v, 0);

  it("charts the processor's invocation, the image processed and the upload's volume", async () => {
    const from = new Date(startedAt - 60_000).toISOString();
    const names =
      "processor.invocations,processor.errors,processor.duration.p95,images.processed,uploads.count,uploads.bytes,api.invocations";
    // Lambda's metrics and the EMF blob are written as the invocation ends, just after the record.
    const answer = await waitFor(
      "the processor's metrics",
      async () => {
        const { status, body } = await admin.api<MetricsSeries>(
          `/api/metrics?series=${names}&from=${from}&period=60`,
        );
        expect(status, JSON.stringify(body)).toBe(200);
        const byName = new Map(body.series.map((s) => [s.name, s]));
        return total(byName.get("processor.invocations")) >= 1 && total(byName.get("uploads.count")) >= 1
          ? body
          : undefined;
      },
      { timeoutMs: 30_000, intervalMs: 500 },
    );
    const byName = new Map(answer.series.map((s) => [s.name, s]));
    expect(answer.period).toBe(60);
    expect(total(byName.get("processor.invocations"))).toBe(1);
    expect(total(byName.get("processor.errors"))).toBe(0);
    expect(total(byName.get("images.processed"))).toBe(1);
    expect(total(byName.get("uploads.count"))).toBe(1);
    expect(total(byName.get("uploads.bytes"))).toBe(png.length);
    expect(byName.get("processor.duration.p95")?.points[0]?.v).toBeGreaterThan(0);
    expect(total(byName.get("api.invocations"))).toBeGreaterThanOrEqual(1); // the presigned POST
    for (const series of answer.series) {
      for (const point of series.points) {
        expect(point.t % 60_000).toBe(0);
        expect(point.t).toBeGreaterThanOrEqual(Date.parse(answer.from));
      }
    }
  });

  it("filters the processor's log group with a JSON pattern for the image's id", async () => {
    const filter = encodeURIComponent(`{ $.imageId = "${first}" && $.event = "ImageProcessed" }`);
    const { status, body } = await admin.api<LogsPage>(`/api/logs?function=processor&filter=${filter}`);
    expect(status, JSON.stringify(body)).toBe(200);
    expect(body.events).toHaveLength(1);
    expect(JSON.parse(body.events[0]!.message)).toMatchObject({ message: "Image processed", imageId: first });
    const other = encodeURIComponent(`{ $.imageId = "${first}" && $.event = "ImageRejected" }`);
    expect((await admin.api<LogsPage>(`/api/logs?function=processor&filter=${other}`)).body.events).toEqual(
      [],
    );
    const terms = encodeURIComponent(`"${first}"`);
    const all = await admin.api<LogsPage>(`/api/logs?function=processor&filter=${terms}&limit=1`);
    expect(all.body.events).toHaveLength(1);
    expect(all.body.nextCursor).not.toBeNull();
    const next = await admin.api<LogsPage>(
      `/api/logs?function=processor&filter=${terms}&limit=1&cursor=${all.body.nextCursor}`,
    );
    expect(next.body.events).toHaveLength(1);
    expect(next.body.events[0]!.eventId).not.toBe(all.body.events[0]!.eventId);
    const refused = await admin.api<{ field: string }>(
      `/api/logs?function=processor&filter=${encodeURIComponent("{ $.imageId = }")}`,
    );
    expect(refused).toMatchObject({ status: 400, body: { field: "filter" } });
  });

  it("tails: a poll returns only what arrived after `since`", async () => {
    const before = await admin.api<LogsTail>("/api/logs/tail?function=processor");
    expect(before.status, JSON.stringify(before.body)).toBe(200);
    const since = before.body.nextSince;
    const seen = new Set(before.body.events.map((e) => e.eventId));
    const second = await admin.upload("chelsea-again.png", png, "image/png");
    await admin.settled(second);
    const after = await waitFor(
      "the second image's lines in the tail",
      async () => {
        const { body } = await admin.api<LogsTail>(`/api/logs/tail?function=processor&since=${since}`);
        return body.events.some(
          (e) => e.message.includes(`"${second}"`) && e.message.includes("Image processed"),
        )
          ? body
          : undefined;
      },
      { timeoutMs: 30_000, intervalMs: 500 },
    );
    expect(after.since).toBe(since);
    expect(after.truncated).toBe(false);
    for (const event of after.events) {
      expect(Date.parse(event.ingestedAt)).toBeGreaterThan(since);
      expect(seen.has(event.eventId)).toBe(false);
      expect(event.message).not.toContain(first);
    }
    expect(after.nextSince).toBe(Math.max(...after.events.map((e) => Date.parse(e.ingestedAt))));
    const again = await admin.api<LogsTail>(`/api/logs/tail?function=processor&since=${after.nextSince}`);
    expect(again.body.events.filter((e) => e.message.includes(second))).toEqual([]);
  });

  it("estimates costs from the usage measured on the emulator: its Lambda requests are not zero", async () => {
    const { status, body } = await admin.api<MeasuredCosts>("/api/costs?window=1");
    expect(status, JSON.stringify(body)).toBe(200);
    const processor = body.readings.functions.find((fn) => fn.name === admin.outputs.processor_function);
    // Priced as the aws target deploys it, whatever the host ran it on (said when they differ).
    expect(body.usage.lambda.functions.map((fn) => fn.architecture)).toEqual(["arm64", "arm64"]);
    if (processor?.architecture !== "arm64")
      expect(body.estimate.assumptions.join("\n")).toContain("Lambda is priced as arm64");
    expect(processor?.invocationsSum).toBeGreaterThanOrEqual(2);
    expect(processor?.durationMsSum).toBeGreaterThan(0);
    expect(body.readings.processor.imagesProcessedSum).toBe(2);
    const requests = body.estimate.byService[0]!.lines[0]!;
    expect(requests.item).toBe(`${admin.outputs.processor_function}: requests (arm64)`);
    expect(Number(requests.quantity.replaceAll(",", ""))).toBeCloseTo(processor!.invocationsSum * 730, 6);
    expect(Number(requests.cost.exactUsd)).toBeGreaterThan(0);
    // The deployed stack's alarms, dashboard, log group and objects, as the emulator reports them.
    expect(body.readings.cloudwatch.standardAlarms).toBe(12);
    expect(body.readings.cloudwatch.dashboards).toBe(1);
    expect(body.readings.cloudwatch.customMetrics).toBeGreaterThan(0);
    expect(body.readings.cloudwatch.logIncomingBytesSum).toBeGreaterThan(0);
    const uploads = body.readings.s3.buckets.find((b) => b.name === admin.outputs.uploads_bucket);
    expect(uploads).toMatchObject({ objectCount: 2, sizeBytes: 2 * png.length });
    const status_ = Object.fromEntries(body.measurements.map((m) => [m.reading, m.status]));
    expect(status_[`functions.${admin.outputs.processor_function}`]).toBe("measured");
    // The emulator publishes no AWS/DynamoDB metrics: said, and estimated instead.
    expect(status_["dynamodb.consumedCapacityUnits"]).toBe("not measured");
    expect(body.estimate.assumptions.join("\n")).toContain("DynamoDB consumed read units not measured");
  });

  it("takes cost snapshots on its schedule", async () => {
    const { snapshots } = await waitFor(
      "a cost snapshot",
      async () => {
        const { body } = await admin.api<CostSnapshots>("/api/costs/snapshots");
        return body.snapshots.length > 0 ? body : undefined;
      },
      { timeoutMs: 30_000, intervalMs: 500 },
    );
    expect(snapshots[0]).toMatchObject({ windowHours: 24, byService: expect.any(Array) });
    expect(Number(snapshots[0]!.total.exactUsd)).toBeGreaterThan(0);
  });
});
