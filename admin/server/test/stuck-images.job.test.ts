import { type ImageRecord, MAX_ATTEMPTS, type ProcessingImageRecord } from "@darkroom/image-record";
import { describe, expect, it } from "vitest";
import { stuckAction } from "../src/jobs/stuck-images.job.ts";
import { stuckJobWorld } from "./support/job-world.ts";
import { recordAt } from "./support/records.ts";

const MINUTE = 60_000;
const STUCK_AFTER = 5 * MINUTE;
const NOW = Date.parse("2025-03-01T12:00:00.000Z");

/** A PROCESSING record whose attempt started `minutesAgo` before NOW. */
function processing(minutesAgo: number, extra: Partial<ProcessingImageRecord> = {}): ProcessingImageRecord {
  const record = recordAt("PROCESSING", new Date(NOW - (minutesAgo + 1) * MINUTE)) as ProcessingImageRecord;
  return { ...record, updatedAt: new Date(NOW - minutesAgo * MINUTE).toISOString(), ...extra };
}

describe("stuckAction", () => {
  it("waits while the attempt is younger than the limit", () => {
    expect(stuckAction(processing(4.9), NOW, STUCK_AFTER)).toEqual({ kind: "wait" });
  });

  it("re-invokes a stuck attempt once, then waits the limit again before failing it", () => {
    expect(stuckAction(processing(6), NOW, STUCK_AFTER)).toEqual({ kind: "reinvoke" });
    const reinvoked = processing(11, { reinvokedAt: new Date(NOW - 4 * MINUTE).toISOString() });
    expect(stuckAction(reinvoked, NOW, STUCK_AFTER)).toEqual({ kind: "wait" });
    const still = processing(11, { reinvokedAt: new Date(NOW - 6 * MINUTE).toISOString() });
    expect(stuckAction(still, NOW, STUCK_AFTER)).toMatchObject({
      kind: "fail",
      message: expect.stringMatching(/invoked again/),
    });
  });

  it("fails at once an attempt the processor would not take over (it stops after MAX_ATTEMPTS)", () => {
    expect(stuckAction(processing(6, { attempts: MAX_ATTEMPTS }), NOW, STUCK_AFTER)).toMatchObject({
      kind: "fail",
      message: expect.stringContaining(`takes no attempt after its ${MAX_ATTEMPTS}th`),
    });
  });
});

describe("StuckImagesJob", () => {
  it("re-invokes a stuck image once across runs and restarts, then marks it FAILED with TIMEOUT", async () => {
    const { job, table, processor } = stuckJobWorld();
    const stuck = processing(6);
    const fresh = processing(1);
    await table.putImage(stuck);
    await table.putImage(fresh);

    expect(await job.run(NOW)).toMatchObject({ processing: 2, reinvoked: 1, failed: 0 });
    expect(processor.invoked).toEqual([{ key: stuck.originalKey, bytes: stuck.originalBytes }]);
    const marked = await table.getImage(stuck.imageId);
    expect(marked).toMatchObject({
      status: "PROCESSING",
      attempts: 1,
      updatedAt: stuck.updatedAt,
      reinvokedAt: new Date(NOW).toISOString(),
    });

    // A later run, or another backend after a restart (the mark is in the table): no second invocation.
    const restarted = stuckJobWorld();
    for (const item of table.items.values()) restarted.table.items.set(`${item.pk}\n${item.sk}`, item);
    expect(await restarted.job.run(NOW + 2 * MINUTE)).toMatchObject({ reinvoked: 0, failed: 0 });
    expect(restarted.processor.invoked).toEqual([]);

    // Six minutes on: the first image failed; the other one's attempt is stuck by now, its turn to be re-invoked.
    expect(await restarted.job.run(NOW + 6 * MINUTE)).toMatchObject({ reinvoked: 1, failed: 1 });
    expect(restarted.processor.invoked).toEqual([{ key: fresh.originalKey, bytes: fresh.originalBytes }]);
    const failed = (await restarted.table.getImage(stuck.imageId)) as ImageRecord;
    expect(failed).toMatchObject({
      status: "FAILED",
      attempts: 1,
      failure: { code: "TIMEOUT" },
      updatedAt: new Date(NOW + 6 * MINUTE).toISOString(),
    });
    expect(await restarted.table.getImage(fresh.imageId)).toEqual({
      ...fresh,
      reinvokedAt: new Date(NOW + 6 * MINUTE).toISOString(),
    });
  });

  it("leaves an image alone when its attempt changed between the read and the write", async () => {
    const { job, table, processor } = stuckJobWorld();
    const stuck = processing(6);
    await table.putImage(stuck);
    // The processor takes the attempt over between the job's Query and its write.
    const original = table.replaceImage.bind(table);
    table.replaceImage = async (current, next) => {
      await table.putImage({ ...stuck, attempts: 2, updatedAt: new Date(NOW).toISOString() });
      return original(current, next);
    };
    expect(await job.run(NOW)).toMatchObject({ reinvoked: 0, conflicts: 1 });
    expect(processor.invoked).toEqual([]);
    expect(await table.getImage(stuck.imageId)).toMatchObject({ attempts: 2, status: "PROCESSING" });
  });

  it("takes the mark off again when the processor could not be invoked, so the next run retries", async () => {
    const { job, table, processor } = stuckJobWorld();
    const stuck = processing(6);
    await table.putImage(stuck);
    processor.reprocess = async () => {
      throw new Error("Lambda is unavailable");
    };
    expect(await job.run(NOW)).toMatchObject({ reinvoked: 0, invokeErrors: 1 });
    expect(await table.getImage(stuck.imageId)).toEqual(stuck);
  });
});
