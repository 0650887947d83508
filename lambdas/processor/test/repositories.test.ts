import { PutObjectCommand } from "@aws-sdk/client-s3";
import { type ImageRecord, MAX_LABEL_ITEMS, parseImageRecord, VARIANT_NAMES } from "@darkroom/image-record";
import { imageTableClient, readLabelCounts, storedLabels } from "@darkroom/image-record/dynamodb";
import sharp from "sharp";
import { beforeAll, describe, expect, it } from "vitest";
import { Deadline } from "../src/deadline.ts";
import { processUpload } from "../src/process-image.ts";
import { dynamoImageTable, type ImageTable } from "../src/repositories/image-table.ts";
import { rekognitionLabelDetector } from "../src/repositories/label-detector.ts";
import { type ObjectStore, s3ObjectStore } from "../src/repositories/object-store.ts";
import { createBucket, createImageTable, emulatorClients } from "./support/emulator.ts";
import { RecordingTelemetry } from "./support/fakes.ts";
import { chelsea, jpegOf } from "./support/images.ts";
import { ID, uploadedRecord } from "./support/uploads.ts";

/** The real repositories, against the emulator's S3, DynamoDB and Rekognition. */
const clients = emulatorClients();
/** A second upload, so the label tests do not meet the first one's record. */
const OTHER_ID = "01JNB4Q7Z8X3K5M9P2R6T0V1WZ";
let uploads = "";
let media = "";
let tableName = "";
let objects: ObjectStore;
let table: ImageTable;

beforeAll(async () => {
  [uploads, media, tableName] = await Promise.all([
    createBucket(clients.s3, "uploads"),
    createBucket(clients.s3, "media"),
    createImageTable(clients.dynamodb),
  ]);
  objects = s3ObjectStore(clients.s3);
  table = dynamoImageTable(tableName, clients.dynamodb);
});

const at = (minute: number) => `2025-03-01T10:${String(minute).padStart(2, "0")}:00.000Z`;
function recordFor(imageId: string, fields: Partial<ImageRecord>): ImageRecord {
  return parseImageRecord({
    ...uploadedRecord(),
    imageId,
    originalKey: `uploads/${imageId}/chelsea.jpg`,
    ...fields,
  });
}
let counter = 0;
/** A fresh image id per test, so tests share the table without meeting. */
const nextId = () => `01JNB4Q7Z8X3K5M9P2R6T0V${(counter++).toString().padStart(3, "0")}`;

describe("s3ObjectStore", () => {
  it("heads, reads and writes objects", async () => {
    await objects.write(uploads, "uploads/a.png", chelsea(), "image/png");
    expect(await objects.head(uploads, "uploads/a.png")).toEqual({
      bytes: chelsea().length,
      contentType: "image/png",
    });
    const { body, complete } = await objects.read(uploads, "uploads/a.png", 5_000_000);
    expect(complete).toBe(true);
    expect(body.equals(chelsea())).toBe(true);
  });

  it("reads one byte past the limit at most: an oversized object is not downloaded", async () => {
    await clients.s3.send(
      new PutObjectCommand({ Bucket: uploads, Key: "uploads/big.bin", Body: Buffer.alloc(100_000, 7) }),
    );
    const { body, complete } = await objects.read(uploads, "uploads/big.bin", 1000);
    expect(complete).toBe(false);
    expect(body.length).toBe(1000);
    const exact = await objects.read(uploads, "uploads/big.bin", 100_000);
    expect([exact.complete, exact.body.length]).toEqual([true, 100_000]);
  });

  it("reads an empty object as empty (S3 refuses any range of it)", async () => {
    await clients.s3.send(
      new PutObjectCommand({ Bucket: uploads, Key: "uploads/empty.jpg", Body: Buffer.alloc(0) }),
    );
    expect(await objects.read(uploads, "uploads/empty.jpg", 1000)).toEqual({
      body: Buffer.alloc(0),
      complete: true,
    });
  });
});

/** `base` (PROCESSING) as the processor ends it, labelled with `names`. */
function processed(base: ImageRecord, names: string[], minute: number): ImageRecord {
  const id = base.imageId;
  return parseImageRecord({
    ...base,
    status: "PROCESSED",
    format: "jpeg",
    width: 451,
    height: 300,
    variants: VARIANT_NAMES.map((name) => ({
      name,
      key: `variants/${id}/${name}.${name === "webp" ? "webp" : name === "png" ? "png" : "jpg"}`,
      format: name === "webp" ? "webp" : name === "png" ? "png" : "jpeg",
      width: name === "thumbnail" ? 300 : 451,
      height: 300,
      bytes: 1000,
    })),
    labels: names.map((name) => ({ name, confidence: 90, parents: [], categories: [], instances: [] })),
    exif: {},
    dominantColor: "#808080",
    placeholder: { kind: "thumbhash", data: "AAAA" },
    timings: { total: 10 },
    processedAt: at(minute),
    updatedAt: at(minute),
  });
}

describe("dynamoImageTable: conditional writes", () => {
  it("creates a record only where none exists", async () => {
    const id = nextId();
    const processing = recordFor(id, { status: "PROCESSING", attempts: 1 });
    expect(await table.create(processing)).toBe("written");
    expect(await table.create(processing)).toBe("conflict");
    expect(await table.get(id)).toEqual(processing);
    expect(await table.get(nextId())).toBeUndefined();
  });

  it("claims UPLOADED once: a second claim from the same read conflicts", async () => {
    const id = nextId();
    const uploaded = recordFor(id, {});
    await table.create(uploaded);
    const claim = recordFor(id, { status: "PROCESSING", attempts: 1, updatedAt: at(1) });
    expect(await table.replace(uploaded, claim)).toBe("written");
    expect(await table.replace(uploaded, claim)).toBe("conflict");
    expect(await table.get(id)).toMatchObject({ status: "PROCESSING", attempts: 1 });
  });

  it("re-claims an abandoned attempt only from the updatedAt it read", async () => {
    const id = nextId();
    const stale = recordFor(id, { status: "PROCESSING", attempts: 1, updatedAt: at(1) });
    await table.create(stale);
    const reclaim = recordFor(id, { status: "PROCESSING", attempts: 2, updatedAt: at(5) });
    expect(await table.replace({ ...stale, updatedAt: at(2) }, reclaim)).toBe("conflict");
    expect(await table.replace(stale, reclaim)).toBe("written");
    expect(await table.replace(stale, reclaim)).toBe("conflict");
  });

  it("writes a PROCESSED record with its label items, and replaces them when re-processed", async () => {
    const id = nextId();
    const claim = recordFor(id, { status: "PROCESSING", attempts: 1, updatedAt: at(1) });
    await table.create(claim);
    const first = processed(claim, ["Cat", "Pet"], 2);
    expect(await table.replace(claim, first)).toBe("written");

    // Deliberate re-processing: PROCESSED → PROCESSING → PROCESSED with other labels.
    const again = recordFor(id, { status: "PROCESSING", attempts: 2, updatedAt: at(3) });
    expect(await table.replace(first, again)).toBe("written");
    expect(await table.replace(again, processed(again, ["Cat", "Whiskers"], 4))).toBe("written");

    const { QueryCommand } = await import("@aws-sdk/lib-dynamodb");
    const { DynamoDBDocumentClient } = await import("@aws-sdk/lib-dynamodb");
    const documents = DynamoDBDocumentClient.from(clients.dynamodb);
    const { Items } = await documents.send(
      new QueryCommand({
        TableName: tableName,
        KeyConditionExpression: "pk = :pk AND begins_with(sk, :label)",
        ExpressionAttributeValues: { ":pk": `IMAGE#${id}`, ":label": "LABEL#" },
      }),
    );
    expect(Items?.map((item) => item.label).sort()).toEqual(["cat", "whiskers"]);
  });
});

describe("dynamoImageTable: label counts, in the transactions that write the label items", () => {
  // A table of its own: counts are per table, and the tests above label images too.
  let counted: ImageTable;
  let countedTable = "";
  const documents = imageTableClient(clients.dynamodb);
  beforeAll(async () => {
    countedTable = await createImageTable(clients.dynamodb);
    counted = dynamoImageTable(countedTable, clients.dynamodb);
  });

  /** The count of each of `labels` (normalised), as stored: 0 for a count item at 0, null for none. */
  async function counts(...labels: string[]): Promise<Record<string, number | null>> {
    const stored = new Map((await readLabelCounts(documents, countedTable)).map((c) => [c.label, c.count]));
    return Object.fromEntries(labels.map((label) => [label, stored.get(label) ?? null]));
  }
  const storedLabelsOf = async (imageId: string) =>
    (await storedLabels(documents, countedTable, imageId)).map((l) => l.label).sort();

  /** An image claimed, then PROCESSED with `names`. */
  async function processedImage(names: string[]) {
    const claim = recordFor(nextId(), { status: "PROCESSING", attempts: 1, updatedAt: at(1) });
    expect(await counted.create(claim)).toBe("written");
    const done = processed(claim, names, 2);
    expect(await counted.replace(claim, done)).toBe("written");
    return { claim, done };
  }

  it("counts each label once per image, and not again when the same result is written twice", async () => {
    const { claim, done } = await processedImage(["Cat", "Pet"]);
    await processedImage(["Cat"]);
    expect(await counts("cat", "pet")).toEqual({ cat: 2, pet: 1 });
    // A second run that read the same claim (a redelivered event): its write conflicts.
    expect(await counted.replace(claim, done)).toBe("conflict");
    expect(await counts("cat", "pet")).toEqual({ cat: 2, pet: 1 });
  });

  it("keeps the counts while re-processing, moves them to the new labels, and takes them off on failure", async () => {
    const { done } = await processedImage(["Dog", "Ball"]);
    expect(await counts("dog", "ball", "frisbee")).toEqual({ dog: 1, ball: 1, frisbee: null });

    const again = recordFor(done.imageId, { status: "PROCESSING", attempts: 2, updatedAt: at(3) });
    expect(await counted.replace(done, again)).toBe("written");
    expect(await counts("dog", "ball")).toEqual({ dog: 1, ball: 1 });
    expect(await storedLabelsOf(done.imageId)).toEqual(["ball", "dog"]);

    const relabelled = processed(again, ["Dog", "Frisbee"], 4);
    expect(await counted.replace(again, relabelled)).toBe("written");
    expect(await counts("dog", "ball", "frisbee")).toEqual({ dog: 1, ball: 0, frisbee: 1 });
    expect(await storedLabelsOf(done.imageId)).toEqual(["dog", "frisbee"]);

    const third = recordFor(done.imageId, { status: "PROCESSING", attempts: 3, updatedAt: at(5) });
    expect(await counted.replace(relabelled, third)).toBe("written");
    const failed = recordFor(done.imageId, {
      status: "FAILED",
      attempts: 3,
      failure: { code: "CORRUPT", message: "cut short" },
      processedAt: at(6),
      updatedAt: at(6),
    });
    expect(await counted.replace(third, failed)).toBe("written");
    expect(await counts("dog", "ball", "frisbee")).toEqual({ dog: 0, ball: 0, frisbee: 0 });
    expect(await storedLabelsOf(done.imageId)).toEqual([]);
  });

  it(`fits the largest replacement in one transaction: ${MAX_LABEL_ITEMS} labels for ${MAX_LABEL_ITEMS} others`, async () => {
    const names = (prefix: string) => Array.from({ length: MAX_LABEL_ITEMS + 6 }, (_, i) => `${prefix} ${i}`);
    const { done } = await processedImage(names("Old"));
    // Only the surest MAX_LABEL_ITEMS get label items (and counts); here all are equally sure.
    expect(await storedLabelsOf(done.imageId)).toHaveLength(MAX_LABEL_ITEMS);
    const again = recordFor(done.imageId, { status: "PROCESSING", attempts: 2, updatedAt: at(3) });
    await counted.replace(done, again);
    expect(await counted.replace(again, processed(again, names("New"), 4))).toBe("written");
    const stored = await storedLabelsOf(done.imageId);
    expect(stored).toHaveLength(MAX_LABEL_ITEMS);
    expect(stored.every((label) => label.startsWith("new "))).toBe(true);
    const all = await readLabelCounts(documents, countedTable);
    expect(all.filter((c) => c.label.startsWith("old ")).every((c) => c.count === 0)).toBe(true);
    expect(all.filter((c) => c.label.startsWith("new ") && c.count === 1)).toHaveLength(MAX_LABEL_ITEMS);
  });
});

describe("rekognitionLabelDetector against the emulator's Rekognition", () => {
  async function processChelsea(id: string, labels: ReturnType<typeof rekognitionLabelDetector>) {
    const key = `uploads/${id}/chelsea.jpg`;
    const body = await jpegOf(chelsea());
    await objects.write(uploads, key, body, "image/jpeg");
    const telemetry = new RecordingTelemetry();
    const outcome = await processUpload(
      { bucket: uploads, key, size: body.length, eventName: "ObjectCreated:Put" },
      {
        uploadsBucket: uploads,
        mediaBucket: media,
        maxUploadBytes: 5 * 1024 * 1024,
        objects,
        table,
        labels,
        telemetry,
      },
      new Deadline(() => 60_000),
    );
    expect(outcome.kind).toBe("processed");
    const record = await table.get(id);
    if (record?.status !== "PROCESSED") throw new Error(`not processed: ${JSON.stringify(record)}`);
    return { record, telemetry };
  }

  it("labels the cat, with its parents and a box inside the image, using the real S3 and DynamoDB", async () => {
    const { record, telemetry } = await processChelsea(ID, rekognitionLabelDetector(clients.rekognition));
    const cat = record.labels.find((l) => l.name === "Cat");
    expect(cat, JSON.stringify(record.labels)).toBeDefined();
    expect(cat?.parents).toContain("Animal");
    expect(cat?.confidence).toBeGreaterThanOrEqual(70);
    const box = cat!.instances[0]!.boundingBox;
    expect(box.left + box.width).toBeLessThanOrEqual(1);
    expect(box.top + box.height).toBeLessThanOrEqual(1);
    expect(record.labelsError).toBeUndefined();
    expect(telemetry.types()).toEqual(["started", "processed"]);
    const thumbnail = record.variants.find((v) => v.name === "thumbnail")!;
    const { body: stored } = await objects.read(media, thumbnail.key, 10_000_000);
    expect(await sharp(stored).metadata()).toMatchObject({ format: "jpeg", width: 300, height: 300 });
  });

  it("records PROCESSED with labelsError when Rekognition refuses the call", async () => {
    // Keys the emulator does not know: Rekognition answers UnrecognizedClientException.
    const refused = emulatorClients({ accessKeyId: "AKIAUNKNOWN000000000", secretAccessKey: "nope" });
    const { record, telemetry } = await processChelsea(
      OTHER_ID,
      rekognitionLabelDetector(refused.rekognition),
    );
    expect(record).toMatchObject({ attempts: 1, labels: [], originalFileName: "chelsea.jpg" });
    expect(record.labelsError?.code).toBe("UnrecognizedClientException");
    expect(telemetry.types()).toEqual(["started", "labelsFailed", "processed"]);
  });
});
