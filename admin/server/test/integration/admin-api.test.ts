import { readFileSync } from "node:fs";
import { join } from "node:path";
import {
  GetBucketNotificationConfigurationCommand,
  ListObjectVersionsCommand,
  PutBucketNotificationConfigurationCommand,
  S3Client,
} from "@aws-sdk/client-s3";
import { type ImageRecord, uploadUrlExpiresAt } from "@darkroom/image-record";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningEmulator } from "../../../../emulator/src/index.ts";
import type { StackOutputs } from "../../../../infra/deploy/stack-outputs.ts";
import { emulatorClient } from "../../../../lambdas/test/support/emulator-clients.ts";
import { createdUploadSchema, type ImageDetail, type ImageList } from "../../src/images/images.dto.ts";
import { StuckImagesJob } from "../../src/jobs/stuck-images.job.ts";
import type { LabelList, Recount } from "../../src/labels/labels.dto.ts";
import { awsClients, destroyAwsClients } from "../../src/repositories/aws-clients.ts";
import { DynamoImageTable } from "../../src/repositories/dynamodb-image-table.ts";
import type { RunningAdminServer } from "../../src/server.ts";
import { type DeployedAdmin, startDeployedAdmin } from "../support/deployed-admin.ts";
import { recordAt } from "../support/records.ts";

const REPO = join(import.meta.dirname, "..", "..", "..", "..");
const TOKEN = "integration-admin-token-0123456789";
const SEEDED = 118;

/**
 * The backend against the real thing: an in-process emulator with the local stack deployed by the
 * real terraform binary (once for the file), the processor running the uploads.
 */
describe("admin API on the emulator with the deployed local stack", () => {
  let emulator: RunningEmulator;
  let outputs: StackOutputs;
  let server: RunningAdminServer;
  let s3: S3Client;
  const uploaded: { processed?: string; corrupt?: string } = {};
  /** The records the listing test writes through the backend's table repository. */
  let seeded: ImageRecord[] = [];

  let admin: DeployedAdmin;

  beforeAll(async () => {
    admin = await startDeployedAdmin(TOKEN);
    ({ emulator, outputs, server } = admin);
    s3 = emulatorClient(S3Client, emulator.url);
  }, 600_000);
  afterAll(() => admin?.stop());

  const api = <T>(path: string, init?: RequestInit) => admin.api<T>(path, init);
  const upload = (name: string, bytes: Uint8Array, type: string) => admin.upload(name, bytes, type);
  const settled = (imageId: string, attempts?: number) => admin.settled(imageId, attempts);

  it("reports the target, the endpoint, the deployed resources and the emulator, without the token", async () => {
    const response = await fetch(`${server.url}/api/health`);
    const health = (await response.json()) as Record<string, unknown>;
    expect(response.status).toBe(200);
    expect(health).toMatchObject({
      status: "ok",
      target: "local",
      endpoint: `http://127.0.0.1:${emulator.port}`,
      stack: { imagesTable: outputs.images_table, processorFunction: outputs.processor_function },
      emulator: { reachable: true, health: { edition: "community" } },
    });
    expect(health.resources).toHaveLength(5);
    expect((await fetch(`${server.url}/api/images`)).status).toBe(401);
  });

  it("uploads through /api; the processor makes it PROCESSED; the detail links every variant and shows its logs", async () => {
    const png = readFileSync(join(REPO, "lambdas", "test-fixtures", "chelsea.png"));
    const imageId = await upload("chelsea.png", png, "image/png");
    uploaded.processed = imageId;
    const detail = await settled(imageId);

    expect(detail.record.status, JSON.stringify(detail.record)).toBe("PROCESSED");
    expect(detail.variants.map((v) => v.name).sort()).toEqual([
      "compressed",
      "low",
      "png",
      "thumbnail",
      "webp",
    ]);
    for (const link of [detail.originalUrl, ...detail.variants.map((v) => v.url)]) {
      const object = await fetch(link);
      expect(object.status, link).toBe(200);
      expect(Number(object.headers.get("content-length"))).toBeGreaterThan(0);
    }
    const { body } = await api<ImageDetail>(`/api/images/${imageId}`);
    expect(body.logs.some((line) => line.message.includes(imageId))).toBe(true);
    expect(body.logs.some((line) => line.message.startsWith("REPORT RequestId:"))).toBe(true);
  });

  it("records a corrupt upload as FAILED", async () => {
    const corrupt = readFileSync(join(REPO, "lambdas", "test-fixtures", "coffee.png")).subarray(0, 2_000);
    const imageId = await upload("broken.png", corrupt, "image/png");
    uploaded.corrupt = imageId;
    expect((await settled(imageId)).record.status).toBe("FAILED");
  });

  it("reprocesses: the processor runs again and the record counts a second attempt", async () => {
    const imageId = uploaded.processed!;
    const queued = await api(`/api/images/${imageId}/reprocess`, { method: "POST" });
    expect(queued).toEqual({ status: 202, body: { imageId, previousStatus: "PROCESSED", queued: true } });
    const again = await settled(imageId, 2);
    expect(again.record).toMatchObject({ status: "PROCESSED", attempts: 2 });
  });

  /**
   * 2 real uploads plus 118 records written through the backend's own table repository (the
   * processor's write path: toImageItem and labelItems), with labels the local target cannot make.
   */
  it("lists with each filter and pages through 120 images without duplicates or gaps", async () => {
    const clients = awsClients(server.settings);
    const table = new DynamoImageTable(outputs.images_table, clients.dynamodb);
    const start = Date.parse("2025-03-01T00:00:00.000Z");
    seeded = Array.from({ length: SEEDED }, (_, i) => {
      const at = new Date(start + i * 60_000);
      return i % 3 === 0
        ? recordAt("FAILED", at, { format: "jpeg" })
        : recordAt("PROCESSED", at, {
            format: i % 2 ? "webp" : "jpeg",
            labels: i % 4 ? ["Cat"] : ["Cat", "Beach"],
          });
    });
    for (let i = 0; i < seeded.length; i += 10)
      await Promise.all(seeded.slice(i, i + 10).map((r) => table.putImage(r)));
    destroyAwsClients(clients);

    async function pages(query: string): Promise<string[]> {
      const ids: string[] = [];
      let cursor: string | null = null;
      do {
        const suffix: string = cursor ? `&cursor=${cursor}` : "";
        const { status, body } = await api<ImageList>(`/api/images?${query}${suffix}`);
        expect(status, JSON.stringify(body)).toBe(200);
        ids.push(...body.items.map((item) => item.imageId));
        cursor = body.nextCursor;
      } while (cursor !== null);
      expect(new Set(ids).size).toBe(ids.length);
      return ids;
    }
    const newestFirst = (records: ImageRecord[]) => records.map((r) => r.imageId).reverse();
    const real = [uploaded.corrupt!, uploaded.processed!];

    expect(await pages("limit=50")).toEqual([...real, ...newestFirst(seeded)]);
    expect(await pages("limit=9&status=FAILED")).toEqual([
      uploaded.corrupt!,
      ...newestFirst(seeded.filter((r) => r.status === "FAILED")),
    ]);
    expect(await pages("limit=13&format=webp")).toEqual(
      newestFirst(seeded.filter((r) => "format" in r && r.format === "webp")),
    );
    // The cut-off PNG failed after its format was detected: it is filed under png too.
    expect(await pages("limit=1&format=png")).toEqual(real);
    expect(await pages("limit=8&label=beach")).toEqual(
      newestFirst(seeded.filter((r) => r.status === "PROCESSED" && r.labels.some((l) => l.name === "Beach"))),
    );
    const from = new Date(start + 20 * 60_000).toISOString();
    const to = new Date(start + 49 * 60_000).toISOString();
    expect(await pages(`limit=7&from=${from}&to=${to}`)).toEqual(
      newestFirst(seeded.filter((r) => r.createdAt >= from && r.createdAt <= to)),
    );
  });

  const countOf = (list: LabelList, label: string) => list.labels.find((l) => l.label === label)?.count;
  const seededWith = (label: string) =>
    seeded.filter((r) => r.status === "PROCESSED" && r.labels.some((l) => l.name === label)).length;

  it("counts images per label as they are processed, re-processed and written; a recount finds nothing to correct", async () => {
    const chelsea = (await api<ImageDetail>(`/api/images/${uploaded.processed!}`)).body.record;
    if (chelsea.status !== "PROCESSED") throw new Error(`chelsea is ${chelsea.status}`);
    // The local target's Rekognition labels chelsea.png Cat (and its parents).
    expect(chelsea.labels.map((l) => l.name)).toContain("Cat");

    const { status, body } = await api<LabelList>("/api/labels?top=1000");
    expect(status, JSON.stringify(body)).toBe(200);
    expect(countOf(body, "Cat")).toBe(seededWith("Cat") + 1);
    expect(countOf(body, "Beach")).toBe(seededWith("Beach"));
    for (const label of chelsea.labels.filter((l) => l.name !== "Cat"))
      expect(countOf(body, label.name)).toBe(1);
    expect(body.total).toBe(body.labels.length);
    const counts = body.labels.map((l) => l.count);
    expect(counts).toEqual([...counts].sort((a, b) => b - a));
    expect((await api<LabelList>("/api/labels?top=1")).body).toEqual({
      labels: [body.labels[0]],
      total: body.total,
    });

    // Processing, re-processing, a failure and 117 writes later, the counts are what a Scan finds.
    const recount = await api<Recount>("/api/labels/recount", { method: "POST" });
    expect(recount.status).toBe(200);
    expect(recount.body.corrected).toBe(0);
    expect(recount.body.labelItems).toBe(counts.reduce((sum, n) => sum + n, 0));
    expect(recount.body.scannedItems).toBeGreaterThan(SEEDED + recount.body.labelItems);
  });

  it("deletes an image with its original (every version) and variants: nothing is left", async () => {
    const imageId = uploaded.processed!;
    const catsBefore = countOf((await api<LabelList>("/api/labels?top=1000")).body, "Cat")!;
    const deleted = await api<{ deletedObjects: number }>(`/api/images/${imageId}`, { method: "DELETE" });
    expect(deleted.status).toBe(200);
    expect(deleted.body.deletedObjects).toBeGreaterThanOrEqual(6);
    for (const [bucket, prefix] of [
      [outputs.uploads_bucket, `uploads/${imageId}/`],
      [outputs.media_bucket, `variants/${imageId}/`],
    ] as const) {
      const left = await s3.send(new ListObjectVersionsCommand({ Bucket: bucket, Prefix: prefix }));
      expect([...(left.Versions ?? []), ...(left.DeleteMarkers ?? [])], bucket).toEqual([]);
    }
    expect((await api(`/api/images/${imageId}`)).status).toBe(404);
    const { body } = await api<ImageList>("/api/images?limit=5&format=png");
    expect(body.items.map((i) => i.imageId)).not.toContain(imageId);
    const labels = (await api<LabelList>("/api/labels?top=1000")).body;
    expect(countOf(labels, "Cat")).toBe(catsBefore - 1);
    expect((await api<Recount>("/api/labels/recount", { method: "POST" })).body.corrected).toBe(0);
  });

  /** The stuck-image job run as if it were `uploadGraceMs` and a second past the upload's expiry. */
  async function runJobAfterExpiry(imageId: string) {
    const record = (await api<ImageDetail>(`/api/images/${imageId}`)).body.record;
    const expiry = uploadUrlExpiresAt(record.createdAt).getTime();
    return server.app.get(StuckImagesJob).run(expiry + server.settings.jobs.uploadGraceMs + 1_000);
  }

  it("fails an upload whose POST never came with UPLOAD_MISSING once its presigned POST expired", async () => {
    const created = await api("/api/uploads", {
      method: "POST",
      body: JSON.stringify({ fileName: "never-sent.png", contentType: "image/png", bytes: 1234 }),
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const { imageId } = createdUploadSchema.parse(created.body);
    expect((await api<ImageDetail>(`/api/images/${imageId}`)).body.record.status).toBe("UPLOADED");

    expect(await runJobAfterExpiry(imageId)).toMatchObject({ uploadsMissing: 1, uploadsReinvoked: 0 });
    const { status, body } = await api<ImageDetail>(`/api/images/${imageId}`);
    expect(status).toBe(200);
    expect(body.record).toMatchObject({
      status: "FAILED",
      attempts: 0,
      failure: { code: "UPLOAD_MISSING", message: expect.stringContaining("Upload the file again") },
    });
    const listed = await api<ImageList>("/api/images?status=FAILED&limit=100");
    expect(listed.body.items.find((i) => i.imageId === imageId)?.failure?.code).toBe("UPLOAD_MISSING");
    // Nothing to reprocess: the console's button answers why.
    const again = await api<{ message: string }>(`/api/images/${imageId}/reprocess`, { method: "POST" });
    expect(again.status).toBe(409);
    expect(again.body.message).toContain("upload never arrived");
  });

  it("invokes the processor for an upload whose S3 notification was lost: it becomes PROCESSED", async () => {
    const Bucket = outputs.uploads_bucket;
    const { $metadata: _, ...notifications } = await s3.send(
      new GetBucketNotificationConfigurationCommand({ Bucket }),
    );
    expect(notifications.LambdaFunctionConfigurations?.length).toBeGreaterThan(0);
    // The object arrives while the bucket notifies nobody: its event is lost.
    await s3.send(new PutBucketNotificationConfigurationCommand({ Bucket, NotificationConfiguration: {} }));
    let imageId: string;
    try {
      const png = readFileSync(join(REPO, "lambdas", "test-fixtures", "chelsea.png"));
      imageId = await upload("unnoticed.png", png, "image/png");
    } finally {
      await s3.send(
        new PutBucketNotificationConfigurationCommand({ Bucket, NotificationConfiguration: notifications }),
      );
    }
    // Given the time a notified upload takes to be claimed (well under a second here), still UPLOADED.
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    expect((await api<ImageDetail>(`/api/images/${imageId}`)).body.record.status).toBe("UPLOADED");

    expect(await runJobAfterExpiry(imageId)).toMatchObject({ uploadsReinvoked: 1, uploadsMissing: 0 });
    const done = await settled(imageId);
    expect(done.record).toMatchObject({ status: "PROCESSED", attempts: 1 });
  });
});
