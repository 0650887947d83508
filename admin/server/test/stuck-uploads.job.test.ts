import {
  type ImageRecord,
  processingFrom,
  UPLOAD_URL_TTL_SECONDS,
  type UploadedImageRecord,
} from "@darkroom/image-record";
import { describe, expect, it } from "vitest";
import { uploadAction } from "../src/jobs/upload-action.ts";
import { FakeObjectStore } from "./support/fakes.ts";
import { stuckJobWorld } from "./support/job-world.ts";
import { recordAt } from "./support/records.ts";

const MINUTE = 60_000;
const EXPIRY = UPLOAD_URL_TTL_SECONDS * 1000;
const NOW = Date.parse("2025-03-01T12:00:00.000Z");

/** An UPLOADED record whose upload was created `minutesAgo` before NOW. */
function upload(minutesAgo: number): UploadedImageRecord {
  return recordAt("UPLOADED", new Date(NOW - minutesAgo * MINUTE)) as UploadedImageRecord;
}

function world() {
  const world = stuckJobWorld();
  const { stuckAfterMs, uploadGraceMs } = world.context.settings.jobs;
  return {
    ...world,
    /** Minutes from creation to the first run that may settle an upload (expiry + grace). */
    settleAfter: (EXPIRY + uploadGraceMs) / MINUTE,
    stuckAfter: stuckAfterMs / MINUTE,
  };
}

describe("uploadAction", () => {
  const limits = { graceMs: 5 * MINUTE, stuckAfterMs: 5 * MINUTE };

  it("waits until the presigned POST expired and the grace passed", () => {
    const record = upload(0);
    const created = Date.parse(record.createdAt);
    expect(uploadAction(record, created + EXPIRY, limits)).toEqual({ kind: "wait" });
    expect(uploadAction(record, created + EXPIRY + limits.graceMs, limits)).toEqual({ kind: "wait" });
    expect(uploadAction(record, created + EXPIRY + limits.graceMs + 1, limits)).toEqual({
      kind: "check",
      missing: {
        code: "UPLOAD_MISSING",
        message: `The upload never arrived: no file was stored before its presigned POST expired at ${new Date(created + EXPIRY).toISOString()}. Upload the file again.`,
      },
    });
  });

  it("gives the processor it invoked the stuck limit, then fails the upload with TIMEOUT", () => {
    const record = { ...upload(20), reinvokedAt: new Date(NOW - 5 * MINUTE).toISOString() };
    expect(uploadAction(record, NOW, limits)).toEqual({ kind: "wait" });
    expect(uploadAction(record, NOW + 1, limits)).toMatchObject({
      kind: "fail",
      failure: { code: "TIMEOUT", message: expect.stringContaining("processing never started") },
    });
  });
});

describe("StuckImagesJob with uploads", () => {
  it("reads no upload whose presigned POST may still be used, and leaves young ones alone", async () => {
    const { job, table, objects, settleAfter } = world();
    const young = upload(settleAfter - 0.5);
    await table.putImage(young);
    expect(await job.run(NOW)).toMatchObject({ uploaded: 0, uploadsMissing: 0, uploadsReinvoked: 0 });
    expect(objects.heads).toEqual([]);
    expect(await table.getImage(young.imageId)).toEqual(young);
    // The Query itself stops at the settle bound: gsi2, STATUS#UPLOADED, created at or before it.
    const query = table.queries.find((q) => q.ExpressionAttributeValues[":partition"] === "STATUS#UPLOADED");
    expect(query?.KeyConditionExpression).toBe("gsi2pk = :partition AND gsi2sk <= :to");
    expect(query?.ExpressionAttributeValues[":to"]).toBe(
      `${new Date(NOW - settleAfter * MINUTE).toISOString()}#~`,
    );
  });

  it("marks an upload that never arrived FAILED with UPLOAD_MISSING, before any attempt, and publishes it", async () => {
    const { job, watcher, table, objects, processor, published, settleAfter } = world();
    const lost = upload(settleAfter + 1);
    await table.putImage(lost);
    await watcher.poll(NOW); // someone listens: the watcher's first reading

    expect(await job.run(NOW)).toMatchObject({ uploaded: 1, uploadsMissing: 1, failed: 0, conflicts: 0 });
    expect(objects.heads).toEqual([{ bucket: "uploads", key: lost.originalKey }]);
    expect(processor.redelivered).toEqual([]);
    const failed = await table.getImage(lost.imageId);
    expect(failed).toMatchObject({
      status: "FAILED",
      attempts: 0,
      failure: {
        code: "UPLOAD_MISSING",
        message: expect.stringContaining(
          `expired at ${new Date(Date.parse(lost.createdAt) + EXPIRY).toISOString()}. Upload the file again.`,
        ),
      },
      updatedAt: new Date(NOW).toISOString(),
    });
    expect(published.map((e) => e.event)).toEqual([
      {
        type: "image",
        data: expect.objectContaining({
          imageId: lost.imageId,
          status: "FAILED",
          previousStatus: "UPLOADED",
          failure: expect.objectContaining({ code: "UPLOAD_MISSING" }),
        }),
      },
    ]);
    // Settled: it left the UPLOADED partition, and a later run has nothing to do.
    expect(await job.run(NOW + MINUTE)).toMatchObject({ uploaded: 0, uploadsMissing: 0 });
  });

  it("invokes the processor once for an upload that arrived unnoticed, then leaves it to the PROCESSING logic", async () => {
    const { job, table, objects, processor, settleAfter, stuckAfter } = world();
    const unnoticed = upload(settleAfter + 1);
    await table.putImage(unnoticed);
    objects.storeObjectsOf(unnoticed);

    expect(await job.run(NOW)).toMatchObject({ uploaded: 1, uploadsReinvoked: 1, uploadsMissing: 0 });
    // The event S3 would have sent (no reprocess mark), with the stored object's size.
    expect(processor.redelivered).toEqual([{ key: unnoticed.originalKey, bytes: FakeObjectStore.BYTES }]);
    expect(processor.invoked).toEqual([]);
    const marked = (await table.getImage(unnoticed.imageId)) as UploadedImageRecord;
    expect(marked).toEqual({
      ...unnoticed,
      reinvokedAt: new Date(NOW).toISOString(),
      updatedAt: new Date(NOW).toISOString(),
    });

    // A later run (or a restarted backend: the mark is in the table) invokes nothing again.
    expect(await job.run(NOW + MINUTE)).toMatchObject({ uploaded: 1, uploadsReinvoked: 0, failed: 0 });
    expect(processor.redelivered).toHaveLength(1);

    // The processor takes it up: from then on it is a PROCESSING record like any other.
    await table.putImage(processingFrom(marked, new Date(NOW + 2 * MINUTE)));
    expect(await job.run(NOW + 3 * MINUTE)).toMatchObject({ processing: 1, reinvoked: 0, uploaded: 0 });
    expect(await job.run(NOW + (3 + stuckAfter) * MINUTE)).toMatchObject({ processing: 1, reinvoked: 1 });
    expect(processor.invoked).toEqual([{ key: unnoticed.originalKey, bytes: unnoticed.originalBytes }]);
    expect(processor.redelivered).toHaveLength(1);
  });

  it("fails with TIMEOUT an upload the processor, once invoked, never took up", async () => {
    const { job, table, objects, settleAfter, stuckAfter } = world();
    const ignored = upload(settleAfter + 1);
    await table.putImage(ignored);
    objects.storeObjectsOf(ignored);
    await job.run(NOW);
    expect(await job.run(NOW + stuckAfter * MINUTE)).toMatchObject({ failed: 0, uploadsReinvoked: 0 });
    expect(await job.run(NOW + stuckAfter * MINUTE + 1)).toMatchObject({ failed: 1, uploadsMissing: 0 });
    expect(await table.getImage(ignored.imageId)).toMatchObject({
      status: "FAILED",
      attempts: 0,
      failure: { code: "TIMEOUT" },
    });
  });

  it.each([
    ["missing", false],
    ["present", true],
  ])(
    "leaves an upload whose original is %s alone when the processor took it up meanwhile",
    async (_, stored) => {
      const { job, table, objects, processor, settleAfter } = world();
      const late = upload(settleAfter + 1);
      await table.putImage(late);
      if (stored) objects.storeObjectsOf(late);
      // The processor claims the upload between the job's Query and its write.
      const claimed = processingFrom(late, new Date(NOW));
      const original = table.replaceImage.bind(table);
      table.replaceImage = async (current: ImageRecord, next: ImageRecord) => {
        await table.putImage(claimed);
        return original(current, next);
      };
      expect(await job.run(NOW)).toMatchObject({
        uploaded: 1,
        conflicts: 1,
        uploadsMissing: 0,
        uploadsReinvoked: 0,
      });
      expect(processor.redelivered).toEqual([]);
      expect(await table.getImage(late.imageId)).toEqual(claimed);
    },
  );

  it("loses to another backend that marked the upload first: one invocation in all", async () => {
    const { job, table, objects, processor, settleAfter } = world();
    const unnoticed = upload(settleAfter + 1);
    await table.putImage(unnoticed);
    objects.storeObjectsOf(unnoticed);
    const original = table.replaceImage.bind(table);
    table.replaceImage = async (current: ImageRecord, next: ImageRecord) => {
      // Same status and attempt; only the other backend's mark (updatedAt) differs.
      await table.putImage({
        ...unnoticed,
        reinvokedAt: new Date(NOW - 1).toISOString(),
        updatedAt: new Date(NOW - 1).toISOString(),
      });
      return original(current, next);
    };
    expect(await job.run(NOW)).toMatchObject({ conflicts: 1, uploadsReinvoked: 0 });
    expect(processor.redelivered).toEqual([]);
  });

  it("takes the mark off when the processor could not be invoked, and counts a failed lookup", async () => {
    const { job, table, objects, processor, settleAfter } = world();
    const unnoticed = upload(settleAfter + 1);
    await table.putImage(unnoticed);
    objects.storeObjectsOf(unnoticed);
    processor.redeliver = async () => {
      throw new Error("Lambda is unavailable");
    };
    expect(await job.run(NOW)).toMatchObject({ uploadsReinvoked: 0, invokeErrors: 1 });
    expect(await table.getImage(unnoticed.imageId)).toEqual(unnoticed);

    objects.head = async () => {
      throw new Error("S3 is unavailable");
    };
    expect(await job.run(NOW)).toMatchObject({ uploadsMissing: 0, lookupErrors: 1 });
    expect(await table.getImage(unnoticed.imageId)).toEqual(unnoticed);
  });
});
