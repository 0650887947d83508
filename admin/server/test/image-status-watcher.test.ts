import type { ImageRecord } from "@darkroom/image-record";
import { describe, expect, it } from "vitest";
import { ImageStatusTracker } from "../src/live/image-status-tracker.ts";
import type { ImageEvent } from "../src/live/live-events.dto.ts";
import { watchedWorld } from "./support/job-world.ts";
import { recordAt } from "./support/records.ts";

const T0 = Date.parse("2025-03-01T10:00:00.000Z");
const at = (seconds: number) => new Date(T0 + seconds * 1000);

/** The same image in another status, changed at `seconds`. */
function become(record: ImageRecord, status: ImageRecord["status"], seconds: number): ImageRecord {
  const base = recordAt(status, new Date(record.createdAt));
  const same = JSON.parse(JSON.stringify(base).replaceAll(base.imageId, record.imageId)) as ImageRecord;
  return { ...same, updatedAt: at(seconds).toISOString() } as ImageRecord;
}

const summary = (events: readonly ImageEvent[]) =>
  events.map((e) => `${e.imageId.slice(-4)} ${e.previousStatus ?? "new"}>${e.status}`);

describe("ImageStatusWatcher", () => {
  it("takes note first, then publishes new uploads, status changes and images that left the partitions", async () => {
    const { table, watcher, published } = watchedWorld();
    const processing = recordAt("PROCESSING", at(0));
    const old = recordAt("PROCESSED", new Date(T0 - 86_400_000));
    await table.putImage(processing);
    await table.putImage(old);
    expect(await watcher.poll(T0 + 10_000)).toEqual([]);

    const upload = recordAt("UPLOADED", at(11));
    await table.putImage(upload);
    expect(summary(await watcher.poll(T0 + 12_000))).toEqual([`${upload.imageId.slice(-4)} new>UPLOADED`]);

    await table.putImage(become(processing, "PROCESSED", 13));
    await table.putImage(become(upload, "PROCESSING", 13.5));
    const changes = await watcher.poll(T0 + 14_000);
    expect(summary(changes)).toEqual([
      `${processing.imageId.slice(-4)} PROCESSING>PROCESSED`,
      `${upload.imageId.slice(-4)} UPLOADED>PROCESSING`,
    ]);
    expect(changes[0]).toMatchObject({
      imageId: processing.imageId,
      status: "PROCESSED",
      updatedAt: at(13).toISOString(),
    });

    const failed = become(upload, "FAILED", 15);
    await table.putImage(failed);
    const [failure] = await watcher.poll(T0 + 16_000);
    expect(failure).toMatchObject({
      imageId: upload.imageId,
      status: "FAILED",
      previousStatus: "PROCESSING",
    });
    expect(failure?.failure).toEqual(failed.status === "FAILED" ? failed.failure : undefined);

    expect(await watcher.poll(T0 + 17_000)).toEqual([]);
    expect(published.map((e) => e.event.type)).toEqual(["image", "image", "image", "image"]);
  });

  it("publishes an image uploaded and processed between two polls", async () => {
    const { table, watcher } = watchedWorld();
    expect(await watcher.poll(T0)).toEqual([]);
    const quick = recordAt("PROCESSED", at(0.5));
    await table.putImage(quick);
    expect(summary(await watcher.poll(T0 + 1_000))).toEqual([`${quick.imageId.slice(-4)} new>PROCESSED`]);
    expect(await watcher.poll(T0 + 2_000)).toEqual([]);
  });

  it("reads an image that left the partitions to learn its new status (an old image, reprocessed)", async () => {
    const { table, watcher } = watchedWorld();
    const old = recordAt("PROCESSED", new Date(T0 - 86_400_000));
    await table.putImage(old);
    await watcher.poll(T0);
    await table.putImage({ ...become(old, "PROCESSING", 1), attempts: 2 } as ImageRecord);
    expect(summary(await watcher.poll(T0 + 2_000))).toEqual([`${old.imageId.slice(-4)} new>PROCESSING`]);
    await table.putImage({ ...become(old, "PROCESSED", 3), attempts: 2 } as ImageRecord);
    const [done] = await watcher.poll(T0 + 4_000);
    expect(done).toMatchObject({
      imageId: old.imageId,
      status: "PROCESSED",
      previousStatus: "PROCESSING",
      attempts: 2,
    });
  });

  it("reports the result of a reprocess it was told of, even when the run finished between two polls", async () => {
    const { table, watcher } = watchedWorld();
    const old = recordAt("PROCESSED", new Date(T0 - 86_400_000));
    await table.putImage(old);
    await watcher.poll(T0);
    watcher.expect(old, T0);
    // Nothing written yet: still waiting, no event.
    expect(await watcher.poll(T0 + 1_000)).toEqual([]);
    await table.putImage({ ...become(old, "PROCESSED", 2), attempts: 2 } as ImageRecord);
    const [done] = await watcher.poll(T0 + 3_000);
    expect(done).toMatchObject({
      imageId: old.imageId,
      status: "PROCESSED",
      previousStatus: "PROCESSED",
      attempts: 2,
    });
    expect(await watcher.poll(T0 + 4_000)).toEqual([]);
  });

  it("publishes a status the backend wrote itself at once, while someone listens", async () => {
    const { table, watcher, published } = watchedWorld();
    const stuck = recordAt("PROCESSING", new Date(T0 - 86_400_000));
    watcher.wrote(stuck, become(stuck, "FAILED", 0));
    // Nobody listening yet (no first poll): nothing to tell.
    expect(published).toEqual([]);
    await table.putImage(recordAt("PROCESSED", new Date(T0 - 86_400_000)));
    await watcher.poll(T0);
    const failed = become(stuck, "FAILED", 1);
    watcher.wrote(stuck, failed);
    expect(published.map((e) => e.event)).toEqual([
      {
        type: "image",
        data: expect.objectContaining({
          imageId: stuck.imageId,
          status: "FAILED",
          previousStatus: "PROCESSING",
        }),
      },
    ]);
    // A later poll that reads the same write reports nothing twice.
    await table.putImage(failed);
    expect(await watcher.poll(T0 + 2_000)).toEqual([]);
  });

  it("forgets an image deleted while it was processing, without an event", async () => {
    const { table, watcher } = watchedWorld();
    const processing = recordAt("PROCESSING", at(0));
    await table.putImage(processing);
    await watcher.poll(T0 + 1_000);
    await table.deleteImage(processing.imageId);
    expect(await watcher.poll(T0 + 2_000)).toEqual([]);
    expect(await watcher.poll(T0 + 3_000)).toEqual([]);
  });

  it("queries the status partitions of gsi2 only: never a Scan, never another index", async () => {
    const { table, watcher } = watchedWorld();
    await watcher.poll(T0);
    await watcher.poll(T0 + 1_000);
    expect(table.queries.length).toBeGreaterThanOrEqual(8);
    for (const query of table.queries) {
      expect(query.IndexName).toBe("gsi2");
      expect(query.ExpressionAttributeValues[":partition"]).toMatch(
        /^STATUS#(UPLOADED|PROCESSING|PROCESSED|FAILED)$/,
      );
    }
  });
});

describe("ImageStatusTracker", () => {
  it("ignores a reading older than what it knows (an index that lags its table)", () => {
    const tracker = new ImageStatusTracker();
    const processing = recordAt("PROCESSING", at(0));
    tracker.remember([processing]);
    const processed = become(processing, "PROCESSED", 5);
    expect(summary(tracker.observe([processed, processing]))).toEqual([
      `${processing.imageId.slice(-4)} PROCESSING>PROCESSED`,
    ]);
    expect(tracker.observe([processing])).toEqual([]);
    expect(tracker.missing(new Set())).toEqual([]);
  });

  it("reports each change once even when a reading lists an image twice", () => {
    const tracker = new ImageStatusTracker();
    const upload = recordAt("UPLOADED", at(0));
    tracker.remember([upload]);
    const processing = become(upload, "PROCESSING", 3);
    expect(tracker.observe([processing, processing])).toHaveLength(1);
    expect(tracker.missing(new Set())).toEqual([upload.imageId]);
  });
});
