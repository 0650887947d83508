import { describe, expect, it } from "vitest";
import {
  failedFrom,
  newProcessingRecord,
  parseImageRecord,
  processedFrom,
  processingFrom,
  transitionCondition,
} from "../src/index.ts";
import { IMAGE_ID, processedRecord, processingRecord } from "./fixtures.ts";

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
});
