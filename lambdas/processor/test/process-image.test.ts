import {
  type Label,
  MAX_ATTEMPTS,
  parseImageRecord,
  VARIANT_NAMES,
  variantKey,
} from "@darkroom/image-record";
import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { CLOCK_SKEW_MS } from "../src/claim.ts";
import { Deadline } from "../src/deadline.ts";
import { type Outcome, processUpload } from "../src/process-image.ts";
import { FakeLabelDetector, fakeWorld, MEDIA, s3Error, UPLOADS } from "./support/fakes.ts";
import {
  bombPng,
  chelsea,
  jpegOf,
  orientation6Jpeg,
  SVG,
  truncatedJpeg,
  wideImage,
} from "./support/images.ts";
import { ID, KEY, upload, uploadedRecord } from "./support/uploads.ts";

const FUNCTION_TIMEOUT_MS = 60_000;
const deadline = () => new Deadline(() => FUNCTION_TIMEOUT_MS);

const CAT: Label = {
  name: "Cat",
  confidence: 98.5,
  parents: ["Animal", "Mammal"],
  categories: ["Animals and Pets"],
  instances: [],
};

function expectKind<K extends Outcome["kind"]>(outcome: Outcome, kind: K): Extract<Outcome, { kind: K }> {
  expect(outcome.kind).toBe(kind);
  return outcome as Extract<Outcome, { kind: K }>;
}

const slowDown = () => s3Error("SlowDown", 503, "Please reduce your request rate.");

describe("processUpload: a JPEG the API recorded", () => {
  it("writes every variant to the media bucket and records PROCESSED with labels", async () => {
    const world = fakeWorld({ labels: new FakeLabelDetector([CAT]) });
    world.table.seed(uploadedRecord());
    const event = upload(world, await jpegOf(chelsea()));

    const { record } = expectKind(await processUpload(event, world.deps, deadline()), "processed");

    expect(parseImageRecord(record)).toEqual(record);
    expect(world.table.record(ID)).toEqual(record);
    expect(record).toMatchObject({
      status: "PROCESSED",
      attempts: 1,
      format: "jpeg",
      width: 451,
      height: 300,
      labels: [CAT],
    });
    expect(record.labelsError).toBeUndefined();
    expect(record.variants.map((v) => v.name)).toEqual(VARIANT_NAMES);
    expect(world.objects.keys(MEDIA).sort()).toEqual(
      VARIANT_NAMES.map((name) => variantKey(ID, name)).sort(),
    );
    for (const variant of record.variants) {
      const stored = world.objects.body(MEDIA, variant.key)!;
      expect(stored.length, variant.name).toBe(variant.bytes);
      const meta = await sharp(stored).metadata();
      expect([meta.format, meta.width, meta.height], variant.name).toEqual([
        variant.format,
        variant.width,
        variant.height,
      ]);
    }
    expect(record.variants.find((v) => v.name === "thumbnail")).toMatchObject({ width: 300, height: 300 });
    expect(record.dominantColor).toMatch(/^#[0-9a-f]{6}$/);
    expect(record.placeholder.kind).toBe("thumbhash");
    const timings: Partial<Record<string, number>> = record.timings;
    for (const step of ["download", "decode", ...VARIANT_NAMES, "labels", "write", "total"]) {
      expect(timings[step], step).toBeGreaterThanOrEqual(0);
    }
    expect(world.table.labels.get(ID)?.map((item) => item.label)).toEqual(["cat"]);
    // Rekognition got the compressed JPEG's bytes.
    const compressed = record.variants.find((v) => v.name === "compressed")!;
    expect((world.deps.labels as FakeLabelDetector).sources).toEqual([
      { bytes: world.objects.body(MEDIA, compressed.key) },
    ]);
    expect(world.telemetry.types()).toEqual(["started", "processed"]);
  });

  it("detects the format from the bytes, not from the name or the declared type", async () => {
    const world = fakeWorld();
    world.table.seed(uploadedRecord({ contentType: "image/jpeg" }));
    // A PNG uploaded as chelsea.jpg with Content-Type image/jpeg.
    const event = upload(world, chelsea(), { contentType: "image/jpeg" });
    const { record } = expectKind(await processUpload(event, world.deps, deadline()), "processed");
    expect(record.format).toBe("png");
  });

  it("records the EXIF orientation and the displayed size of the variants", async () => {
    const world = fakeWorld();
    world.table.seed(uploadedRecord());
    const { record } = expectKind(
      await processUpload(upload(world, await orientation6Jpeg()), world.deps, deadline()),
      "processed",
    );
    expect([record.width, record.height, record.orientation]).toEqual([451, 300, 6]);
    expect(record.variants.find((v) => v.name === "compressed")).toMatchObject({ width: 300, height: 451 });
  });

  it("keeps GPS only for uploads that allowed it", async () => {
    const gpsJpeg = await sharp(chelsea())
      .withExif({
        IFD0: { Make: "Apple", Model: "iPhone 15" },
        IFD3: {
          GPSLatitudeRef: "N",
          GPSLatitude: "48/1 51/1 24/1",
          GPSLongitudeRef: "E",
          GPSLongitude: "2/1 17/1 40/1",
        },
      })
      .jpeg()
      .toBuffer();
    for (const keepLocation of [false, true]) {
      const world = fakeWorld();
      world.table.seed(uploadedRecord({ keepLocation }));
      const { record } = expectKind(
        await processUpload(upload(world, gpsJpeg), world.deps, deadline()),
        "processed",
      );
      expect(record.exif.camera).toBe("Apple iPhone 15");
      expect(record.exif.gps !== undefined, `keepLocation ${keepLocation}`).toBe(keepLocation);
    }
  });

  it("warns about originals over 4096 px and writes nothing larger", async () => {
    const world = fakeWorld();
    world.table.seed(uploadedRecord());
    const { record } = expectKind(
      await processUpload(upload(world, await wideImage()), world.deps, deadline()),
      "processed",
    );
    expect(world.telemetry.events.find((e) => e.type === "largeImage")?.detail).toEqual({
      imageId: ID,
      width: 5000,
      height: 400,
      maxSide: 4096,
    });
    for (const v of record.variants) expect(Math.max(v.width, v.height)).toBeLessThanOrEqual(4096);
  });
});

describe("idempotency: one record, one set of variants", () => {
  it("the same event three times: processed once, then duplicates; attempts stays 1", async () => {
    const world = fakeWorld();
    world.table.seed(uploadedRecord());
    const event = upload(world, await jpegOf(chelsea()));

    const outcomes = [];
    for (let i = 0; i < 3; i++) outcomes.push((await processUpload(event, world.deps, deadline())).kind);

    expect(outcomes).toEqual(["processed", "duplicate", "duplicate"]);
    expect(world.objects.count("write")).toBe(VARIANT_NAMES.length);
    expect(world.objects.count("read")).toBe(1);
    expect(world.table.record(ID)).toMatchObject({ status: "PROCESSED", attempts: 1 });
    expect(world.table.written.map((r) => r.status)).toEqual(["PROCESSING", "PROCESSED"]);
  });

  it("a deliberate reprocess (the admin's) processes a PROCESSED image again; S3's redelivery does not", async () => {
    const world = fakeWorld();
    world.table.seed(uploadedRecord());
    const event = upload(world, await jpegOf(chelsea()));
    expect((await processUpload(event, world.deps, deadline())).kind).toBe("processed");

    const again = await processUpload({ ...event, reprocess: true }, world.deps, deadline());

    expect(again.kind).toBe("processed");
    expect(world.table.record(ID)).toMatchObject({ status: "PROCESSED", attempts: 2 });
    expect(world.table.written.map((r) => r.status)).toEqual([
      "PROCESSING",
      "PROCESSED",
      "PROCESSING",
      "PROCESSED",
    ]);
    expect((await processUpload(event, world.deps, deadline())).kind).toBe("duplicate");
  });

  it("three deliveries at once: exactly one does the work", async () => {
    const world = fakeWorld();
    world.table.seed(uploadedRecord());
    const event = upload(world, await jpegOf(chelsea()));

    const outcomes = await Promise.all([1, 2, 3].map(() => processUpload(event, world.deps, deadline())));

    expect(outcomes.map((o) => o.kind).sort()).toEqual(["duplicate", "duplicate", "processed"]);
    expect(world.objects.count("write")).toBe(VARIANT_NAMES.length);
    expect(world.table.record(ID)).toMatchObject({ status: "PROCESSED", attempts: 1 });
  });

  it("creates the record of an upload nobody recorded (aws s3 cp), then treats it the same", async () => {
    const world = fakeWorld();
    const event = upload(world, await jpegOf(chelsea()), {
      key: `uploads/${ID}/IMG_0001.jpg`,
      contentType: "image/jpeg",
    });

    const { record } = expectKind(await processUpload(event, world.deps, deadline()), "processed");
    expect(record).toMatchObject({
      originalKey: `uploads/${ID}/IMG_0001.jpg`,
      originalFileName: "IMG_0001.jpg",
      contentType: "image/jpeg",
      keepLocation: false,
      attempts: 1,
    });
    expect(world.table.written.map((r) => r.status)).toEqual(["PROCESSING", "PROCESSED"]);
    expect(world.telemetry.events.find((e) => e.type === "started")?.detail).toMatchObject({
      createdRecord: true,
    });
    expect((await processUpload(event, world.deps, deadline())).kind).toBe("duplicate");
  });
});

describe("the recursion guard", () => {
  it("ignores the media bucket's own variants and anything outside uploads/: nothing read, nothing written", async () => {
    const world = fakeWorld();
    const body = await jpegOf(chelsea());
    world.objects.put(MEDIA, variantKey(ID, "compressed"), body);
    world.objects.put(UPLOADS, `variants/${ID}/compressed.jpg`, body);
    world.objects.put(UPLOADS, `other/${ID}/x.jpg`, body);
    world.objects.put(UPLOADS, "uploads/not-an-id/x.jpg", body);
    const events = [
      { bucket: MEDIA, key: variantKey(ID, "compressed") },
      { bucket: UPLOADS, key: `variants/${ID}/compressed.jpg` },
      { bucket: UPLOADS, key: `other/${ID}/x.jpg` },
      { bucket: UPLOADS, key: "uploads/not-an-id/x.jpg" },
    ];
    for (const { bucket, key } of events) {
      const outcome = await processUpload(
        { bucket, key, size: body.length, eventName: "ObjectCreated:Put" },
        world.deps,
        deadline(),
      );
      expect(outcome.kind, `${bucket}/${key}`).toBe("ignored");
    }
    expect(world.objects.calls).toEqual([]);
    expect(world.table.items.size).toBe(0);
    expect(world.telemetry.types()).toEqual(["ignored", "ignored", "ignored", "ignored"]);
  });
});

describe("permanent failures: FAILED with a code, nothing thrown", () => {
  it("TOO_LARGE from the event's size: the object is never downloaded", async () => {
    const world = fakeWorld({ maxUploadBytes: 1000 });
    world.table.seed(uploadedRecord());
    const event = upload(world, await jpegOf(chelsea()));
    const { record } = expectKind(await processUpload(event, world.deps, deadline()), "failed");
    expect(record.failure).toEqual({
      code: "TOO_LARGE",
      message: `The file is ${event.size} bytes, more than the upload limit of 1000 bytes.`,
    });
    expect(world.objects.count("read")).toBe(0);
    expect(world.objects.keys(MEDIA)).toEqual([]);
  });

  it("TOO_LARGE from HEAD when the event has no size, and from the ranged read when the event's size was wrong", async () => {
    const body = await jpegOf(chelsea());
    const noSize = fakeWorld({ maxUploadBytes: 1000 });
    noSize.table.seed(uploadedRecord());
    const event = upload(noSize, body);
    expectKind(await processUpload({ ...event, size: undefined }, noSize.deps, deadline()), "failed");
    expect([noSize.objects.count("head"), noSize.objects.count("read")]).toEqual([1, 0]);

    const lied = fakeWorld({ maxUploadBytes: 1000 });
    lied.table.seed(uploadedRecord());
    const { record } = expectKind(
      await processUpload({ ...upload(lied, body), size: 10 }, lied.deps, deadline()),
      "failed",
    );
    expect(record.failure.code).toBe("TOO_LARGE");
    expect(lied.objects.calls.find((c) => c.op === "read")?.maxBytes).toBe(1000);
  });

  it.each([
    {
      upload: "an SVG sent as image/png",
      make: async () => SVG,
      code: "UNSUPPORTED_FORMAT",
      format: undefined,
    },
    { upload: "a truncated JPEG", make: truncatedJpeg, code: "CORRUPT", format: "jpeg" },
    { upload: "a 50000x50000 PNG", make: async () => bombPng(), code: "DECOMPRESSION_BOMB", format: "png" },
  ] as const)("$upload: $code", async ({ make, code, format }) => {
    const world = fakeWorld();
    world.table.seed(uploadedRecord());
    const { record } = expectKind(
      await processUpload(upload(world, await make(), { contentType: "image/png" }), world.deps, deadline()),
      "failed",
    );
    expect(parseImageRecord(record)).toEqual(record);
    expect(record).toMatchObject({ status: "FAILED", attempts: 1, failure: { code } });
    expect(record.format).toBe(format);
    if (code === "DECOMPRESSION_BOMB") expect([record.width, record.height]).toEqual([50_000, 50_000]);
    expect(record.timings?.total).toBeGreaterThanOrEqual(record.timings?.decode ?? 0);
    expect(world.objects.keys(MEDIA)).toEqual([]);
    expect(world.telemetry.types()).toEqual(["started", "failed"]);
  });

  it("an empty upload the API recorded: UNSUPPORTED_FORMAT, nothing read", async () => {
    const world = fakeWorld();
    world.table.seed(uploadedRecord({ originalBytes: 1 }));
    const { record } = expectKind(
      await processUpload(upload(world, Buffer.alloc(0)), world.deps, deadline()),
      "failed",
    );
    expect(record.failure).toMatchObject({ code: "UNSUPPORTED_FORMAT" });
    expect(record.failure.message).toMatch(/the file is empty/);
    expect(world.objects.count("read")).toBe(0);
  });

  it("an empty object nobody recorded is ignored: no record can describe it (originalBytes ≥ 1)", async () => {
    const world = fakeWorld();
    const outcome = await processUpload(upload(world, Buffer.alloc(0)), world.deps, deadline());
    expect(outcome).toEqual({ kind: "ignored", reason: "the object is empty and has no record" });
    expect(world.table.items.size).toBe(0);
  });

  it("S3 AccessDenied: FAILED INTERNAL, reported as an access problem", async () => {
    const world = fakeWorld();
    world.table.seed(uploadedRecord());
    const event = upload(world, await jpegOf(chelsea()));
    world.objects.failures.read = [s3Error("AccessDenied", 403, "Access Denied")];
    const { record } = expectKind(await processUpload(event, world.deps, deadline()), "failed");
    expect(record.failure).toEqual({ code: "INTERNAL", message: "AWS error AccessDenied: Access Denied" });
    expect(world.telemetry.events.find((e) => e.type === "failed")?.detail).toMatchObject({
      accessDenied: true,
    });
  });

  it("TIMEOUT when the function's time runs out, recorded while there is still time", async () => {
    const world = fakeWorld();
    world.table.seed(uploadedRecord());
    const event = upload(world, await jpegOf(chelsea()));
    // 60 s at the start, then only 1.5 s: less than the 2 s kept back to record the outcome.
    const left = [60_000];
    const { record } = expectKind(
      await processUpload(event, world.deps, new Deadline(() => left.shift() ?? 1_500)),
      "failed",
    );
    expect(record.failure.code).toBe("TIMEOUT");
    expect(record.failure.message).toMatch(/before the download step/);
    expect(world.objects.count("read")).toBe(0);
  });
});

describe("transient failures: rethrown for Lambda's retry, which takes over", () => {
  it("an S3 503 leaves the record PROCESSING; a retry within the timeout stops, one after it processes (attempt 2)", async () => {
    const world = fakeWorld();
    world.table.seed(uploadedRecord());
    const event = upload(world, await jpegOf(chelsea()));
    world.objects.failures.read = [slowDown()];

    await expect(processUpload(event, world.deps, deadline())).rejects.toThrow(
      "Please reduce your request rate.",
    );
    expect(world.table.record(ID)).toMatchObject({ status: "PROCESSING", attempts: 1 });
    expect(world.telemetry.events.find((e) => e.type === "transient")?.detail).toMatchObject({
      imageId: ID,
      reason: "SlowDown (HTTP 503)",
    });

    // Lambda retries after a minute or more; before the claim expires it is taken for a duplicate.
    world.clock.advance(FUNCTION_TIMEOUT_MS);
    expect(expectKind(await processUpload(event, world.deps, deadline()), "duplicate")).toMatchObject({
      status: "PROCESSING",
    });

    world.clock.advance(CLOCK_SKEW_MS + 1);
    const { record } = expectKind(await processUpload(event, world.deps, deadline()), "processed");
    expect(record.attempts).toBe(2);
    expect(world.telemetry.events.filter((e) => e.type === "started").map((e) => e.detail)).toMatchObject([
      { attempt: 1, reclaimed: false },
      { attempt: 2, reclaimed: true },
    ]);
  });

  it("a throttled table read before the claim is rethrown with nothing written", async () => {
    const world = fakeWorld();
    world.table.seed(uploadedRecord());
    const event = upload(world, await jpegOf(chelsea()));
    world.table.get = async () => {
      throw Object.assign(new Error("Rate exceeded"), {
        name: "ProvisionedThroughputExceededException",
        $metadata: { httpStatusCode: 400 },
      });
    };
    await expect(processUpload(event, world.deps, deadline())).rejects.toThrow("Rate exceeded");
    expect(world.table.written).toEqual([]);
    expect(world.telemetry.types()).toEqual(["transient"]);
  });

  it(`gives up after ${MAX_ATTEMPTS} attempts that never finished: FAILED, not a loop`, async () => {
    const world = fakeWorld();
    world.table.seed({
      ...uploadedRecord(),
      status: "PROCESSING",
      attempts: MAX_ATTEMPTS,
      updatedAt: "2025-03-01T09:59:30.000Z",
    });
    const event = upload(world, await jpegOf(chelsea()));
    world.clock.advance(FUNCTION_TIMEOUT_MS);
    const { record } = expectKind(await processUpload(event, world.deps, deadline()), "failed");
    expect(record).toMatchObject({ attempts: MAX_ATTEMPTS, failure: { code: "INTERNAL" } });
    expect(record.failure.message).toMatch(`Gave up after ${MAX_ATTEMPTS} attempts`);
    expect(world.objects.count("read")).toBe(0);
  });

  it("an attempt whose record was taken over meanwhile drops its result", async () => {
    const world = fakeWorld();
    world.table.seed(uploadedRecord());
    const event = upload(world, await jpegOf(chelsea()));
    world.table.beforeReplace = (next) => {
      if (next.status !== "PROCESSED") return;
      // Another attempt re-claimed the record while this one worked.
      const current = world.table.record(ID)!;
      world.table.items.delete(ID);
      world.table.seed({ ...current, attempts: 2 } as typeof current);
    };
    expectKind(await processUpload(event, world.deps, deadline()), "superseded");
    expect(world.table.record(ID)).toMatchObject({ status: "PROCESSING", attempts: 2 });
    expect(world.telemetry.types()).toEqual(["started", "claimLost"]);
  });
});

describe("labels never fail the image", () => {
  it("a failed label call (the emulator has no Rekognition) leaves PROCESSED, labels [] and labelsError", async () => {
    const unknown = Object.assign(new Error("The service rekognition is not implemented"), {
      name: "NotImplemented",
    });
    const world = fakeWorld({ labels: new FakeLabelDetector(unknown) });
    world.table.seed(uploadedRecord());
    const { record } = expectKind(
      await processUpload(upload(world, await jpegOf(chelsea())), world.deps, deadline()),
      "processed",
    );
    expect(record.labels).toEqual([]);
    expect(record.labelsError).toEqual({
      code: "NotImplemented",
      message: "The service rekognition is not implemented",
    });
    expect(world.table.labels.get(ID)).toEqual([]);
    expect(world.telemetry.types()).toEqual(["started", "labelsFailed", "processed"]);
  });

  it("labels switched off: no call, no labelsError, no labels timing", async () => {
    const world = fakeWorld({ labels: null });
    world.table.seed(uploadedRecord());
    const { record } = expectKind(
      await processUpload(upload(world, await jpegOf(chelsea())), world.deps, deadline()),
      "processed",
    );
    expect(record.labels).toEqual([]);
    expect(record.labelsError).toBeUndefined();
    expect(Object.keys(record.timings)).not.toContain("labels");
  });

  it("a compressed variant over Rekognition's byte limit goes by its S3 key, once written", async () => {
    const world = fakeWorld();
    const seen: boolean[] = [];
    world.deps.labels = {
      async detect(source) {
        if (!("key" in source)) throw new Error("expected an S3 reference");
        seen.push(world.objects.body(source.bucket, source.key) !== undefined);
        return [CAT];
      },
    };
    world.deps.labelBytesLimit = 10_000;
    world.table.seed(uploadedRecord());
    const { record } = expectKind(
      await processUpload(upload(world, await jpegOf(chelsea())), world.deps, deadline()),
      "processed",
    );
    expect(record.variants.find((v) => v.name === "compressed")!.bytes).toBeGreaterThan(10_000);
    expect(seen).toEqual([true]);
    expect(record.labels).toEqual([CAT]);
  });
});

describe("records the upload arrived with", () => {
  it("keeps the API's fields and moves only status, attempts and times", async () => {
    const world = fakeWorld();
    const uploaded = uploadedRecord({
      keepLocation: true,
      originalFileName: "Chelsea the cat.jpg",
      createdAt: "2025-03-01T09:59:00.000Z",
    });
    world.table.seed(uploaded);
    const { record } = expectKind(
      await processUpload(upload(world, await jpegOf(chelsea())), world.deps, deadline()),
      "processed",
    );
    expect(record).toMatchObject({
      originalKey: KEY,
      originalBytes: uploaded.originalBytes,
      originalFileName: "Chelsea the cat.jpg",
      keepLocation: true,
      createdAt: uploaded.createdAt,
      processedAt: "2025-03-01T10:00:00.000Z",
      updatedAt: "2025-03-01T10:00:00.000Z",
    });
  });

  it("ignores an object whose image already has another original", async () => {
    const world = fakeWorld();
    world.table.seed(uploadedRecord());
    const outcome = await processUpload(
      upload(world, await jpegOf(chelsea()), { key: `uploads/${ID}/other.jpg` }),
      world.deps,
      deadline(),
    );
    expect(outcome).toEqual({ kind: "ignored", reason: `the image's record names another original, ${KEY}` });
    expect(world.objects.count("read")).toBe(0);
  });
});
