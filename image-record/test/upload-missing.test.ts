import { describe, expect, it } from "vitest";
import { failedBeforeProcessingFrom, imageSummaryFields, uploadNeverArrived } from "../src/index.ts";
import { failedRecord, processedRecord, processingRecord, uploadedRecord } from "./fixtures.ts";

const NOW = new Date("2025-01-31T13:00:00.000Z");

describe("uploadNeverArrived", () => {
  it("holds for an upload the stuck-image job failed with UPLOAD_MISSING, as a record and as a summary", () => {
    const missing = failedBeforeProcessingFrom(
      uploadedRecord(),
      { code: "UPLOAD_MISSING", message: "The upload never arrived." },
      NOW,
    );
    expect(uploadNeverArrived(missing)).toBe(true);
    expect(uploadNeverArrived(imageSummaryFields(missing))).toBe(true);
  });

  it("does not hold for any other failure, even one before any attempt, nor for any other status", () => {
    const timedOut = failedBeforeProcessingFrom(
      uploadedRecord(),
      { code: "TIMEOUT", message: "The processor never took the upload up." },
      NOW,
    );
    for (const record of [
      timedOut,
      failedRecord(),
      uploadedRecord(),
      processingRecord(),
      processedRecord(),
    ]) {
      expect(
        uploadNeverArrived(record),
        `${record.status} ${"failure" in record ? record.failure.code : ""}`,
      ).toBe(false);
    }
  });
});
