import { describe, expect, it } from "vitest";
import {
  InvalidImageRecordError,
  imageRecordSchema,
  parseImageRecord,
  parseStoredImageRecord,
} from "../src/index.ts";
import { failedRecord, IMAGE_ID, processedRecord, processingRecord, uploadedRecord } from "./fixtures.ts";

/** The problems zod reports, as "path: message" lines. */
function problems(value: unknown): string[] {
  const result = imageRecordSchema.safeParse(value);
  if (result.success) return [];
  return result.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
}

/** The paths of the problems, for checks that care which field, not the wording. */
function paths(value: unknown): string[] {
  return problems(value).map((p) => p.slice(0, p.indexOf(":")));
}

describe("image record schema accepts", () => {
  it.each([
    ["UPLOADED", uploadedRecord],
    ["PROCESSING", processingRecord],
    ["PROCESSED", processedRecord],
    ["FAILED", failedRecord],
  ])("a realistic %s record, unchanged", (_, make) => {
    expect(problems(make())).toEqual([]);
    expect(parseImageRecord(make())).toEqual(make());
  });

  it("a PROCESSED record whose label call failed, with labels [] and the reason", () => {
    const record = {
      ...processedRecord(),
      labels: [],
      labelsError: { code: "ThrottlingException", message: "Rate exceeded" },
    };
    expect(problems(record)).toEqual([]);
  });

  it("GPS when the uploader allowed keeping the location", () => {
    const record = processedRecord();
    record.keepLocation = true;
    record.exif.gps = { latitude: 43.7, longitude: 7.26, altitude: -2 };
    expect(problems(record)).toEqual([]);
  });

  it("keepLocation left out, as false", () => {
    const { keepLocation: _, ...record } = uploadedRecord();
    expect(parseImageRecord(record).keepLocation).toBe(false);
  });

  it("a FAILED record that never got past the download", () => {
    const { format: _f, timings: _t, ...record } = failedRecord();
    expect(problems({ ...record, failure: { code: "TIMEOUT", message: "download took 30 s" } })).toEqual([]);
  });
});

describe("image record schema rejects, naming the field", () => {
  it("an unknown status, a non-ULID id and a lower-case one", () => {
    expect(paths({ ...uploadedRecord(), status: "uploaded" })).toEqual(["status"]);
    expect(problems({ ...uploadedRecord(), imageId: "not-an-id" })).toContain(
      "imageId: must be a ULID: 26 upper-case Crockford base32 characters",
    );
    expect(paths({ ...uploadedRecord(), imageId: IMAGE_ID.toLowerCase() })).toContain("imageId");
  });

  it("an original key of another image or outside uploads/", () => {
    for (const originalKey of [
      `uploads/01JH8ZK5Q3X7W9M2N4P6R8T0VC/a.jpg`,
      `variants/${IMAGE_ID}/a.jpg`,
      "a.jpg",
    ]) {
      expect(problems({ ...uploadedRecord(), originalKey })).toEqual([
        `originalKey: must be an upload key of image ${IMAGE_ID} (uploads/${IMAGE_ID}/<file name>)`,
      ]);
    }
  });

  it("upload fields that are missing or malformed", () => {
    expect(paths({ ...uploadedRecord(), originalBytes: 0 })).toEqual(["originalBytes"]);
    expect(paths({ ...uploadedRecord(), originalBytes: 1.5 })).toEqual(["originalBytes"]);
    expect(problems({ ...uploadedRecord(), contentType: "jpeg" })).toEqual([
      "contentType: must be a MIME type like image/jpeg",
    ]);
    expect(problems({ ...uploadedRecord(), originalFileName: "" })).toEqual([
      "originalFileName: must not be empty",
    ]);
    expect(problems({ ...uploadedRecord(), originalFileName: "a\u0000.jpg" })).toEqual([
      "originalFileName: must not contain control characters",
    ]);
    expect(paths({ ...uploadedRecord(), originalFileName: "x".repeat(256) })).toEqual(["originalFileName"]);
    expect(paths({ ...uploadedRecord(), keepLocation: "yes" })).toEqual(["keepLocation"]);
  });

  it("timestamps without milliseconds or out of order", () => {
    // "…:00Z" would sort after "…:00.500Z" in the list index.
    expect(problems({ ...uploadedRecord(), createdAt: "2025-01-31T12:00:00Z" })).toEqual([
      "createdAt: must be an ISO 8601 UTC timestamp with milliseconds, like 2025-01-31T12:00:00.000Z",
    ]);
    expect(paths({ ...uploadedRecord(), updatedAt: "31/01/2025" })).toEqual(["updatedAt"]);
    expect(problems({ ...uploadedRecord(), updatedAt: "2025-01-31T11:59:59.999Z" })).toEqual([
      "updatedAt: must not be before createdAt",
    ]);
    expect(problems({ ...processedRecord(), processedAt: "2025-01-31T12:00:05.000Z" })).toEqual([
      "processedAt: must be between createdAt and updatedAt",
    ]);
  });

  it("attempts that do not match the status", () => {
    expect(problems({ ...uploadedRecord(), attempts: 1 })).toEqual([
      "attempts: must be 0 until processing starts",
    ]);
    for (const record of [processingRecord(), processedRecord()]) {
      expect(problems({ ...record, attempts: 0 }), record.status).toEqual([
        "attempts: must be at least 1 once processing has started",
      ]);
    }
    expect(paths({ ...processingRecord(), attempts: -1 })).toEqual(["attempts"]);
    expect(paths({ ...failedRecord(), attempts: -1 })).toEqual(["attempts"]);
  });

  it("FAILED before any attempt (attempts 0) only without what an attempt measures", () => {
    const { format: _f, timings: _t, ...unmeasured } = failedRecord();
    const neverCame = { ...unmeasured, attempts: 0, failure: { code: "UPLOAD_MISSING", message: "x" } };
    expect(problems(neverCame)).toEqual([]);
    expect(problems({ ...failedRecord(), attempts: 0 })).toEqual([
      "attempts: must be at least 1 when a processing attempt measured the format, size or timings",
    ]);
  });

  it("UPLOADED with the stuck-image job's mark, as a timestamp", () => {
    const marked = { ...uploadedRecord(), reinvokedAt: "2025-01-31T12:11:00.000Z" };
    expect(parseImageRecord(marked)).toEqual(marked);
    expect(paths({ ...uploadedRecord(), reinvokedAt: "yesterday" })).toEqual(["reinvokedAt"]);
  });

  it("a FAILED record without a failure or with a code that is not stable", () => {
    const { failure: _, ...noFailure } = failedRecord();
    expect(paths(noFailure)).toEqual(["failure"]);
    expect(paths({ ...failedRecord(), failure: { code: "OOPS", message: "x" } })).toEqual(["failure.code"]);
    expect(paths({ ...failedRecord(), failure: { code: "CORRUPT", message: "" } })).toEqual([
      "failure.message",
    ]);
    const { processedAt: _p, ...noProcessedAt } = failedRecord();
    expect(paths(noProcessedAt)).toEqual(["processedAt"]);
    expect(problems({ ...failedRecord(), width: 100 })).toEqual(["width: width and height go together"]);
  });

  it.each([
    "format",
    "width",
    "height",
    "variants",
    "labels",
    "exif",
    "dominantColor",
    "placeholder",
    "timings",
    "processedAt",
  ])("a PROCESSED record without %s", (field) => {
    const record: Record<string, unknown> = processedRecord();
    delete record[field];
    expect(paths(record)).toEqual([field]);
  });

  it("decoded fields out of range", () => {
    expect(paths({ ...processedRecord(), format: "svg" })).toEqual(["format"]);
    expect(paths({ ...processedRecord(), orientation: 9 })).toEqual(["orientation"]);
    expect(problems({ ...processedRecord(), width: 20_000, height: 20_000 })).toContain(
      "width: 20000x20000 exceeds 100000000 pixels",
    );
    expect(problems({ ...processedRecord(), dominantColor: "#3A6F9C" })).toEqual([
      "dominantColor: must be a colour like #1a2b3c (six lower-case hex digits)",
    ]);
    expect(paths({ ...processedRecord(), placeholder: { kind: "blurhash", data: "AAAA" } })).toEqual([
      "placeholder.kind",
    ]);
    expect(paths({ ...processedRecord(), placeholder: { kind: "thumbhash", data: "not base64!" } })).toEqual([
      "placeholder.data",
    ]);
  });

  it("variants that are missing, repeated, unknown or off their spec", () => {
    const record = processedRecord();
    expect(problems({ ...record, variants: record.variants.slice(0, 4) })).toEqual([
      "variants: misses thumbnail",
    ]);
    expect(problems({ ...record, variants: [...record.variants, record.variants[0]] })).toEqual([
      'variants.5.name: lists "compressed" twice',
    ]);
    expect(
      paths({ ...record, variants: [...record.variants, { ...record.variants[0], name: "huge" }] }),
    ).toEqual(["variants.5.name"]);
    const [compressed, low, webp, png, thumbnail] = record.variants.map((v) => ({ ...v }));
    webp!.key = `variants/${IMAGE_ID}/webp.jpg`;
    png!.format = "jpeg";
    thumbnail!.width = 299;
    compressed!.height = 5000;
    low!.bytes = 0;
    // Format issues do not stop the spec checks: every problem is reported at once.
    expect(problems({ ...record, variants: [compressed, low, webp, png, thumbnail] })).toEqual([
      "variants.1.bytes: Too small: expected number to be >0",
      // 5000 px is within the 6000 px original: too big for the box, not an enlargement.
      "variants.0: 2731x5000 does not fit in 4096x4096",
      `variants.2.key: must be variants/${IMAGE_ID}/webp.webp`,
      "variants.3.format: must be png for the png variant",
      "variants.4: 299x300 is not exactly 300x300",
    ]);
  });

  it("full-size variants larger than the original as displayed", () => {
    // Orientation 6 shows the 6000x4000 original as 4000x6000: a 4096x2731 variant is not it, enlarged.
    const record = processedRecord();
    record.variants[0] = { ...record.variants[0]!, width: 4096, height: 2731 };
    expect(problems(record)).toEqual(["variants.0: 4096x2731 enlarges the 4000x6000 original"]);
    const { orientation: _, ...upright } = record;
    expect(problems(upright)).toEqual([
      "variants.1: 2731x4096 enlarges the 6000x4000 original",
      "variants.2: 2731x4096 enlarges the 6000x4000 original",
      "variants.3: 2731x4096 enlarges the 6000x4000 original",
    ]);
  });

  it("labels out of range, repeated, or beside a labelsError", () => {
    const record = processedRecord();
    const [beach, person] = record.labels;
    expect(paths({ ...record, labels: [{ ...beach, confidence: 101 }] })).toEqual(["labels.0.confidence"]);
    expect(paths({ ...record, labels: [{ ...beach, parents: undefined }] })).toEqual(["labels.0.parents"]);
    const box = { width: 0.2, height: 1.2, left: 0, top: 0 };
    expect(
      paths({ ...record, labels: [{ ...person, instances: [{ boundingBox: box, confidence: 90 }] }] }),
    ).toEqual(["labels.0.instances.0.boundingBox.height"]);
    expect(problems({ ...record, labels: [beach, { ...person, name: " BEACH " }] })).toEqual([
      'labels.1.name: "BEACH" is not a distinct label',
    ]);
    expect(
      problems({ ...record, labelsError: { code: "ThrottlingException", message: "Rate exceeded" } }),
    ).toEqual(["labelsError: only when the label call failed: labels must be []"]);
    expect(paths({ ...record, labels: [], labelsError: { code: "not a code!", message: "x" } })).toEqual([
      "labelsError.code",
    ]);
  });

  it("GPS the uploader did not allow, and EXIF out of range", () => {
    const record = processedRecord();
    const gps = { latitude: 43.7, longitude: 7.26 };
    expect(problems({ ...record, exif: { ...record.exif, gps } })).toEqual([
      "exif.gps: must be absent unless keepLocation is true",
    ]);
    expect(paths({ ...record, keepLocation: true, exif: { gps: { latitude: 91, longitude: 0 } } })).toEqual([
      "exif.gps.latitude",
    ]);
    expect(paths({ ...record, exif: { takenAt: "2024:07:14 16:03:22" } })).toEqual(["exif.takenAt"]);
    expect(paths({ ...record, exif: { exposure: { iso: 0 } } })).toEqual(["exif.exposure.iso"]);
  });

  it("timings for unknown steps, negative, longer than the total, or without a total", () => {
    const record = processedRecord();
    expect(problems({ ...record, timings: { ...record.timings, resize: 5 } })).toEqual([
      'timings: Unrecognized key: "resize"',
    ]);
    expect(paths({ ...record, timings: { ...record.timings, png: -1 } })).toEqual(["timings.png"]);
    expect(problems({ ...record, timings: { ...record.timings, webp: 4000 } })).toEqual([
      "timings.webp: 4000 ms is longer than the total (3410 ms)",
    ]);
    const { total: _, ...noTotal } = record.timings;
    expect(problems({ ...record, timings: noTotal })).toEqual(["timings.total: is required once processed"]);
  });
});

describe("parsing", () => {
  it("throws an error that lists every problem with its path", () => {
    const bad = { ...uploadedRecord(), imageId: "x", originalBytes: -1, createdAt: "yesterday" };
    let error: unknown;
    try {
      parseImageRecord(bad);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(InvalidImageRecordError);
    const { message, issues } = error as InvalidImageRecordError;
    expect(message).toMatch(/^invalid image record:/);
    for (const path of ["imageId", "originalBytes", "createdAt"]) expect(message).toContain(`at ${path}`);
    expect(issues.map((i) => i.path.join("."))).toEqual(["imageId", "originalBytes", "createdAt"]);
  });

  it("reads back a PROCESSED record that predates a variant; writing one is refused", () => {
    const record = processedRecord();
    const older = { ...record, variants: record.variants.filter((v) => v.name !== "png") };
    expect(parseStoredImageRecord(older)).toEqual(older);
    expect(() => parseImageRecord(older)).toThrow(/misses png/);
  });

  it("drops attributes it does not know, such as DynamoDB keys", () => {
    expect(parseImageRecord({ ...uploadedRecord(), pk: `IMAGE#${IMAGE_ID}` })).not.toHaveProperty("pk");
  });
});
