import { randomBytes } from "node:crypto";
import {
  CreateBucketCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListBucketsCommand,
  PutObjectCommand,
} from "@aws-sdk/client-s3";
import { beforeAll, describe, expect, it } from "vitest";
import { emulatorUrl, s3Client, uniqueName } from "./support/clients.ts";
import { bodyBytes } from "./support/s3-body.ts";

const s3 = s3Client();
const bucket = uniqueName("objects");

beforeAll(async () => {
  await s3.send(new CreateBucketCommand({ Bucket: bucket }));
});

describe("PutObject and GetObject with the SDK's default checksums", () => {
  for (const [label, size] of [
    ["0 B", 0],
    ["1 KiB", 1024],
    ["20 MiB", 20 * 1024 * 1024],
  ] as const) {
    it(`round-trips ${label}`, async () => {
      const body = randomBytes(size);
      const key = `round-trip/${label}`;
      const put = await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body }));
      expect(put.ETag).toMatch(/^"[0-9a-f]{32}"$/);
      // The SDK sends a CRC32 trailer by default; S3 echoes the checksum it verified.
      expect(put.ChecksumCRC32).toBeDefined();
      const got = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
      const bytes = await bodyBytes(got);
      expect(bytes.length).toBe(size);
      expect(bytes.equals(body)).toBe(true);
      expect(got.ETag).toBe(put.ETag);
    });
  }

  it("keeps user metadata and standard headers", async () => {
    await s3.send(
      new PutObjectCommand({
        Bucket: bucket,
        Key: "meta.txt",
        Body: "hello",
        ContentType: "text/plain",
        CacheControl: "max-age=60",
        ContentDisposition: 'attachment; filename="meta.txt"',
        Metadata: { owner: "darkroom", "photo-id": "42" },
      }),
    );
    const head = await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: "meta.txt" }));
    expect(head.ContentType).toBe("text/plain");
    expect(head.CacheControl).toBe("max-age=60");
    expect(head.ContentDisposition).toBe('attachment; filename="meta.txt"');
    expect(head.Metadata).toEqual({ owner: "darkroom", "photo-id": "42" });
    expect(head.ContentLength).toBe(5);
    expect(head.ServerSideEncryption).toBe("AES256");
  });

  it("answers NoSuchKey for a missing key", async () => {
    await expect(s3.send(new GetObjectCommand({ Bucket: bucket, Key: "absent" }))).rejects.toMatchObject({
      name: "NoSuchKey",
      $metadata: { httpStatusCode: 404 },
    });
  });
});

describe("SigV4 in strict mode", () => {
  it("rejects an unknown access key with InvalidAccessKeyId", async () => {
    const client = s3Client(emulatorUrl(), {
      credentials: { accessKeyId: "AKIDUNKNOWN", secretAccessKey: "x" },
    });
    await expect(client.send(new ListBucketsCommand({}))).rejects.toMatchObject({
      name: "InvalidAccessKeyId",
    });
  });

  it("rejects a wrong secret with SignatureDoesNotMatch", async () => {
    const client = s3Client(emulatorUrl(), {
      credentials: { accessKeyId: "test", secretAccessKey: "wrong" },
    });
    await expect(client.send(new ListBucketsCommand({}))).rejects.toMatchObject({
      name: "SignatureDoesNotMatch",
      $metadata: { httpStatusCode: 403 },
    });
  });
});
