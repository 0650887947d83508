import { describe, expect, it } from "vitest";
import { imageRecordSchema, parseImageRecord } from "../src/index.ts";
import { IMAGE_ID, processedRecord, uploadedRecord } from "./fixtures.ts";

/** The problems zod reports, as "path: message" lines. */
function problems(value: unknown): string[] {
  const result = imageRecordSchema.safeParse(value);
  if (result.success) return [];
  return result.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
}

describe("image record schema", () => {
  it("accepts a processed record and an uploaded one", () => {
    expect(parseImageRecord(processedRecord())).toEqual(processedRecord());
    expect(parseImageRecord(uploadedRecord())).toEqual(uploadedRecord());
  });

  it("accepts rejected and failed records with their reasons", () => {
    const rejected = {
      ...uploadedRecord(),
      status: "rejected",
      original: { key: `uploads/${IMAGE_ID}/notes.pdf`, contentType: "application/pdf", bytes: 9000 },
      rejection: { code: "unsupported-type", message: "a PDF is not an image" },
    };
    expect(problems(rejected)).toEqual([]);
    expect(problems({ ...uploadedRecord(), status: "failed", failure: { message: "S3 timed out" } })).toEqual(
      [],
    );
  });

  it("drops attributes it does not know, such as DynamoDB index keys", () => {
    const parsed = parseImageRecord({ ...uploadedRecord(), listPartition: "images" });
    expect(parsed).not.toHaveProperty("listPartition");
  });

  it("rejects an unknown status and a non-ULID id", () => {
    expect(problems({ ...uploadedRecord(), status: "done" })[0]).toMatch(/^status: /);
    expect(problems({ ...uploadedRecord(), imageId: "not-an-id" })).toContain(
      "imageId: must be a ULID: 26 upper-case Crockford base32 characters",
    );
    // Lower case would give one image two ids.
    expect(problems({ ...uploadedRecord(), imageId: IMAGE_ID.toLowerCase() })).not.toEqual([]);
  });

  it("requires a rejection reason for rejected and a failure for failed", () => {
    expect(problems({ ...uploadedRecord(), status: "rejected" })).toEqual([
      "rejection: Invalid input: expected object, received undefined",
    ]);
    expect(problems({ ...uploadedRecord(), status: "failed", failure: { message: "" } })[0]).toMatch(
      /^failure\.message: /,
    );
    expect(
      problems({ ...uploadedRecord(), status: "rejected", rejection: { code: "ugly", message: "no" } })[0],
    ).toMatch(/^rejection\.code: /);
  });

  it("requires every variant, measurements and labels once processed", () => {
    const record: Record<string, unknown> = processedRecord();
    const { thumbnail: _, ...fourVariants } = processedRecord().variants;
    expect(problems({ ...record, variants: fourVariants })).toEqual([
      "variants.thumbnail: Invalid input: expected object, received undefined",
    ]);
    const { width: _w, ...unmeasured } = processedRecord().original;
    expect(problems({ ...record, original: unmeasured })).toEqual([
      "original.width: Invalid input: expected number, received undefined",
    ]);
    const { labels: _l, ...unlabelled } = processedRecord();
    expect(problems(unlabelled)).toEqual(["labels: Invalid input: expected array, received undefined"]);
  });

  it("rejects an original key that belongs to another image or lies outside uploads/", () => {
    const other = {
      ...uploadedRecord(),
      original: { ...uploadedRecord().original, key: "uploads/x/../y.jpg" },
    };
    expect(problems(other)).toEqual([
      `original.key: must be an upload key of image ${IMAGE_ID} (uploads/${IMAGE_ID}/<filename>)`,
    ]);
  });

  it("rejects variants with the wrong key, content type or size", () => {
    const record = processedRecord();
    record.variants.webp = { ...record.variants.webp, key: `variants/${IMAGE_ID}/webp.jpg` };
    record.variants.png = { ...record.variants.png, contentType: "image/jpeg" };
    record.variants.thumbnail = { ...record.variants.thumbnail, width: 299 };
    record.variants["jpeg-q85"] = { ...record.variants["jpeg-q85"], width: 5000 };
    expect(problems(record)).toEqual([
      "variants.jpeg-q85: 5000x2731 is not within 4096x4096 and the original",
      `variants.webp.key: must be variants/${IMAGE_ID}/webp.webp`,
      "variants.png.contentType: must be image/png",
      "variants.thumbnail: 299x300 is not exactly 300x300",
    ]);
  });

  it("never enlarges full-size variants beyond the original", () => {
    const record = processedRecord();
    record.original = { ...record.original, width: 800, height: 600 };
    expect(problems(record)).toContain("variants.png: 4096x2731 is not within 4096x4096 and the original");
  });

  it("rejects bad timestamps, sizes, confidences and formats", () => {
    const record = processedRecord();
    expect(problems({ ...record, createdAt: "31/01/2025" })).toEqual([
      "createdAt: must be an ISO 8601 UTC timestamp like 2025-01-31T12:00:00.000Z",
    ]);
    expect(problems({ ...record, updatedAt: "2025-01-31T11:59:59Z" })).toEqual([
      "updatedAt: must not be before createdAt",
    ]);
    expect(problems({ ...record, original: { ...record.original, bytes: 26 * 1024 * 1024 } })[0]).toMatch(
      /^original\.bytes: /,
    );
    expect(problems({ ...record, original: { ...record.original, format: "tiff" } })[0]).toMatch(
      /^original\.format: /,
    );
    expect(problems({ ...record, labels: [{ name: "Cat", confidence: 101 }] })[0]).toMatch(
      /^labels\.0\.confidence: /,
    );
    expect(
      problems({ ...record, original: { ...record.original, width: 20_000, height: 20_000 } }),
    ).toContain("original: 20000x20000 exceeds 100000000 pixels");
  });

  it("explains every problem when parsing throws", () => {
    const record = uploadedRecord();
    const bad = {
      ...record,
      imageId: "x",
      original: { ...record.original, bytes: -1 },
      createdAt: "yesterday",
    };
    expect(() => parseImageRecord(bad)).toThrow(/^invalid image record:/);
    const message = (() => {
      try {
        parseImageRecord(bad);
        return "";
      } catch (err) {
        return (err as Error).message;
      }
    })();
    for (const path of ["imageId", "original.bytes", "createdAt"]) expect(message).toContain(`at ${path}`);
  });
});
