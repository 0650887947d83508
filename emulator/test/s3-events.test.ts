import {
  CompleteMultipartUploadCommand,
  CopyObjectCommand,
  CreateBucketCommand,
  CreateMultipartUploadCommand,
  DeleteObjectCommand,
  PutBucketVersioningCommand,
  PutObjectCommand,
  type S3Client,
  UploadPartCommand,
} from "@aws-sdk/client-s3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningEmulator, startEmulator } from "../src/index.ts";
import { S3_EVENT_TOPIC, type S3ObjectEvent } from "../src/services/s3/events.ts";
import { s3Client, uniqueName } from "./support/clients.ts";

/**
 * The in-process event bus, seen from an emulator started in this process with
 * startEmulator(): every object change publishes one record in S3's event shape.
 */
let emulator: RunningEmulator;
let s3: S3Client;
const events: S3ObjectEvent[] = [];

beforeAll(async () => {
  emulator = await startEmulator({ port: 0, persist: false });
  emulator.runtime.events.subscribe<S3ObjectEvent>(S3_EVENT_TOPIC, (e) => {
    events.push(e);
  });
  s3 = s3Client(emulator.url);
});

afterAll(async () => {
  s3.destroy();
  await emulator.stop();
});

/** Delivery is asynchronous, as on AWS: wait until the bus has caught up. */
async function nextEvents(count: number): Promise<S3ObjectEvent[]> {
  for (let i = 0; i < 200 && events.length < count; i++) await new Promise((r) => setTimeout(r, 5));
  expect(events.length, "events published").toBeGreaterThanOrEqual(count);
  return events.splice(0, count);
}

describe("S3 object events", () => {
  it("publishes ObjectCreated:Put with S3's record shape", async () => {
    const bucket = uniqueName("events");
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
    const put = await s3.send(
      new PutObjectCommand({ Bucket: bucket, Key: "uploads/my photo+1.jpg", Body: "abc" }),
    );
    const [event] = await nextEvents(1);
    expect(event).toMatchObject({ accountId: "000000000000", bucket });
    const record = event!.record;
    expect(record).toMatchObject({
      eventVersion: "2.1",
      eventSource: "aws:s3",
      awsRegion: "us-east-1",
      eventName: "ObjectCreated:Put",
      s3: {
        s3SchemaVersion: "1.0",
        bucket: { name: bucket, arn: `arn:aws:s3:::${bucket}` },
        // Keys are URL-encoded with spaces as "+", and the ETag is unquoted.
        object: { key: "uploads/my+photo%2B1.jpg", size: 3, eTag: put.ETag!.replace(/"/g, "") },
      },
    });
    expect(Number.isNaN(Date.parse(record.eventTime))).toBe(false);
    expect(record.s3.object.sequencer).toMatch(/^[0-9A-F]+$/);
    expect(record.s3.object.versionId).toBeUndefined();
    // The ids the response carried, and accounts by their Amazon customer id.
    expect(record.responseElements).toEqual({
      "x-amz-request-id": put.$metadata.requestId,
      "x-amz-id-2": put.$metadata.extendedRequestId,
    });
    expect(record.s3.bucket.ownerIdentity.principalId).toMatch(/^A[A-Z0-9]{13}$/);
    expect(record.userIdentity.principalId).toBe(record.s3.bucket.ownerIdentity.principalId);
    expect(event!.key).toBe("uploads/my photo+1.jpg");
  });

  it("runs before-flush subscribers while the request is handled, before it is answered", async () => {
    const bucket = uniqueName("events");
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
    const seen: string[] = [];
    const unsubscribe = emulator.runtime.events.subscribeBeforeFlush<S3ObjectEvent>(S3_EVENT_TOPIC, (e) => {
      seen.push(e.key);
      // What the subscriber writes joins the flush that makes the object durable.
      emulator.runtime.store.table<string>("test/before-flush").set(e.key, e.bucket);
    });
    try {
      await s3.send(new PutObjectCommand({ Bucket: bucket, Key: "k", Body: "v" }));
      expect(seen).toEqual(["k"]);
      expect(emulator.runtime.store.table<string>("test/before-flush").get("k")).toBe(bucket);
    } finally {
      unsubscribe();
    }
    // The after-flush subscriber gets it too.
    expect((await nextEvents(1))[0]!.key).toBe("k");
  });

  it("names copies, multipart completions, deletes and delete markers", async () => {
    const bucket = uniqueName("events");
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: "a", Body: "1" }));
    await s3.send(new CopyObjectCommand({ Bucket: bucket, Key: "b", CopySource: `${bucket}/a` }));
    const upload = await s3.send(new CreateMultipartUploadCommand({ Bucket: bucket, Key: "c" }));
    const part = await s3.send(
      new UploadPartCommand({
        Bucket: bucket,
        Key: "c",
        UploadId: upload.UploadId,
        PartNumber: 1,
        Body: "x",
      }),
    );
    await s3.send(
      new CompleteMultipartUploadCommand({
        Bucket: bucket,
        Key: "c",
        UploadId: upload.UploadId,
        MultipartUpload: { Parts: [{ PartNumber: 1, ETag: part.ETag }] },
      }),
    );
    await s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: "a" }));
    await s3.send(
      new PutBucketVersioningCommand({ Bucket: bucket, VersioningConfiguration: { Status: "Enabled" } }),
    );
    await s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: "b" }));
    const names = (await nextEvents(5)).map((e) => [e.record.eventName, e.record.s3.object.key]);
    expect(names).toEqual([
      ["ObjectCreated:Put", "a"],
      ["ObjectCreated:Copy", "b"],
      ["ObjectCreated:CompleteMultipartUpload", "c"],
      ["ObjectRemoved:Delete", "a"],
      ["ObjectRemoved:DeleteMarkerCreated", "b"],
    ]);
    // Creating the upload and its part publish nothing.
    await new Promise((r) => setTimeout(r, 50));
    expect(events).toHaveLength(0);
  });
});
