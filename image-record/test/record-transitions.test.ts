import { describe, expect, it } from "vitest";
import {
  failedBeforeProcessingFrom,
  failedFrom,
  newProcessingRecord,
  parseImageRecord,
  processedFrom,
  processingFrom,
  transitionCondition,
  uploadReinvokedFrom,
} from "../src/index.ts";
import { IMAGE_ID, processedRecord, processingRecord, uploadedRecord } from "./fixtures.ts";

describe("record transitions", () => {
  it("builds a FAILED record that keeps the image's fields and passes the write schema", () => {
    const claim = { ...processingRecord(), attempts: 2, keepLocation: true };
    const failed = failedFrom(
      claim,
      { code: "TIMEOUT", message: "stuck" },
      { format: "png", width: 10, height: 20 },
      { download: 5, total: 9 },
      new Date("2025-01-31T12:10:00.000Z"),
    );
    expect(parseImageRecord(failed)).toEqual(failed);
    expect(failed).toMatchObject({
      imageId: IMAGE_ID,
      status: "FAILED",
      attempts: 2,
      keepLocation: true,
      originalKey: claim.originalKey,
      createdAt: claim.createdAt,
      format: "png",
      processedAt: "2025-01-31T12:10:00.000Z",
      updatedAt: "2025-01-31T12:10:00.000Z",
    });
    expect(() => transitionCondition(claim, failed.status)).not.toThrow();
  });

  it("never dates a record before its createdAt (another host's clock may run ahead)", () => {
    const claim = processingRecord();
    const early = new Date(Date.parse(claim.createdAt) - 60_000);
    const failed = failedFrom(claim, { code: "INTERNAL", message: "x" }, {}, {}, early);
    expect(failed.updatedAt).toBe(claim.createdAt);
    expect(failed.processedAt).toBe(claim.createdAt);
    expect(processingFrom(processedRecord(), early).updatedAt).toBe(claim.createdAt);
  });

  it("counts each attempt and drops what the previous status added", () => {
    const next = processingFrom(processedRecord(), new Date("2025-02-01T00:00:00.000Z"));
    expect(parseImageRecord(next)).toEqual(next);
    expect(next).toMatchObject({ status: "PROCESSING", attempts: 2 });
    expect(next).not.toHaveProperty("variants");
    expect(next).not.toHaveProperty("processedAt");
  });

  it("builds PROCESSED from the results, leaving out an absent labels error", () => {
    const { status, attempts, processedAt, updatedAt, timings, createdAt, ...rest } = processedRecord();
    const { imageId, originalKey, originalBytes, contentType, originalFileName, keepLocation, ...results } =
      rest;
    const processed = processedFrom(
      processingRecord(),
      { ...results, orientation: results.orientation, labelsError: undefined },
      timings,
      new Date(processedAt),
    );
    expect(parseImageRecord(processed)).toEqual(processed);
    expect(processed.orientation).toBe(6);
    expect(processed).not.toHaveProperty("labelsError");
    expect(processed).toMatchObject({ status, attempts, processedAt, updatedAt, createdAt, imageId });
  });

  it("records an upload nobody recorded as its first attempt, with a display name", () => {
    const record = newProcessingRecord({
      imageId: IMAGE_ID,
      key: `uploads/${IMAGE_ID}/cat.png`,
      filename: "cat.png",
      bytes: 42,
      contentType: "image/png",
      now: new Date("2025-01-31T12:00:00.000Z"),
    });
    expect(parseImageRecord(record)).toEqual(record);
    expect(record).toMatchObject({ status: "PROCESSING", attempts: 1, originalFileName: "cat.png" });
  });

  it("marks an upload invoked for by the stuck-image job, moving updatedAt, still UPLOADED", () => {
    const upload = uploadedRecord();
    const marked = uploadReinvokedFrom(upload, new Date("2025-01-31T12:11:00.000Z"));
    expect(parseImageRecord(marked)).toEqual(marked);
    expect(marked).toEqual({
      ...upload,
      reinvokedAt: "2025-01-31T12:11:00.000Z",
      updatedAt: "2025-01-31T12:11:00.000Z",
    });
    // The processor's claim then starts an attempt without the mark.
    const claimed = processingFrom(marked, new Date("2025-01-31T12:11:01.000Z"));
    expect(claimed).toMatchObject({ status: "PROCESSING", attempts: 1 });
    expect(claimed).not.toHaveProperty("reinvokedAt");
    expect(() => transitionCondition(marked, claimed.status)).not.toThrow();
  });

  it("fails an upload before any attempt: attempts 0, nothing measured, a transition the table allows", () => {
    const marked = uploadReinvokedFrom(uploadedRecord(), new Date("2025-01-31T12:11:00.000Z"));
    const failure = { code: "UPLOAD_MISSING", message: "never came" } as const;
    const failed = failedBeforeProcessingFrom(marked, failure, new Date("2025-01-31T12:20:00.000Z"));
    expect(parseImageRecord(failed)).toEqual(failed);
    expect(failed).toEqual({
      ...uploadedRecord(),
      status: "FAILED",
      attempts: 0,
      failure,
      processedAt: "2025-01-31T12:20:00.000Z",
      updatedAt: "2025-01-31T12:20:00.000Z",
    });
    expect(() => transitionCondition(marked, failed.status)).not.toThrow();
    // Never dated before the mark (another backend's clock may run behind).
    const early = failedBeforeProcessingFrom(marked, failure, new Date("2025-01-31T12:05:00.000Z"));
    expect(early.updatedAt).toBe(marked.updatedAt);
  });
});
