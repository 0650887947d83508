import { createHash, randomBytes } from "node:crypto";
import { crc32 } from "node:zlib";
import { Crc64Nvme } from "@aws-sdk/checksums/crc";
import {
  AbortMultipartUploadCommand,
  type CompletedPart,
  CompleteMultipartUploadCommand,
  CreateBucketCommand,
  CreateMultipartUploadCommand,
  type CreateMultipartUploadCommandInput,
  GetObjectCommand,
  GetObjectTaggingCommand,
  HeadObjectCommand,
  ListMultipartUploadsCommand,
  ListPartsCommand,
  PutBucketVersioningCommand,
  PutObjectCommand,
  UploadPartCommand,
  UploadPartCopyCommand,
} from "@aws-sdk/client-s3";
import { Upload } from "@aws-sdk/lib-storage";
import { beforeAll, describe, expect, it } from "vitest";
import { s3Client, uniqueName } from "./support/clients.ts";
import { spawnEmulator } from "./support/emulator-process.ts";
import { bodyBytes, objectBytes } from "./support/s3-body.ts";
import { tempDir } from "./support/temp-dir.ts";

const s3 = s3Client();
const bucket = uniqueName("multipart");
const MiB = 1024 * 1024;

beforeAll(async () => {
  await s3.send(new CreateBucketCommand({ Bucket: bucket }));
});

const md5 = (data: Buffer) => createHash("md5").update(data).digest();

/** The ETag S3 gives a multipart object: MD5 of the parts' binary MD5s, then "-<count>". */
function multipartEtag(parts: Buffer[]): string {
  return `"${md5(Buffer.concat(parts.map(md5))).toString("hex")}-${parts.length}"`;
}

function crc32Raw(data: Buffer): Buffer {
  const out = Buffer.alloc(4);
  out.writeUInt32BE(crc32(data) >>> 0);
  return out;
}

async function crc64nvme(data: Buffer): Promise<string> {
  const c = new Crc64Nvme();
  c.update(data);
  return Buffer.from(await c.digest()).toString("base64");
}

/** Creates an upload and uploads `parts` as parts 1..n, returning what Complete needs. */
async function uploadParts(
  key: string,
  parts: Buffer[],
  create: Partial<CreateMultipartUploadCommandInput> = {},
): Promise<{ uploadId: string; completed: CompletedPart[] }> {
  const { UploadId } = await s3.send(
    new CreateMultipartUploadCommand({ Bucket: bucket, Key: key, ...create }),
  );
  const completed: CompletedPart[] = [];
  for (const [i, body] of parts.entries()) {
    const r = await s3.send(
      new UploadPartCommand({ Bucket: bucket, Key: key, UploadId, PartNumber: i + 1, Body: body }),
    );
    completed.push({
      PartNumber: i + 1,
      ETag: r.ETag,
      ...(r.ChecksumCRC32 && create.ChecksumAlgorithm ? { ChecksumCRC32: r.ChecksumCRC32 } : {}),
    });
  }
  return { uploadId: UploadId!, completed };
}

function complete(key: string, uploadId: string, parts: CompletedPart[]) {
  return s3.send(
    new CompleteMultipartUploadCommand({
      Bucket: bucket,
      Key: key,
      UploadId: uploadId,
      MultipartUpload: { Parts: parts },
    }),
  );
}

describe("lib-storage Upload", () => {
  it("uploads 40 MiB in 5 MiB parts with CRC32 checksums and reads it back byte for byte", async () => {
    const body = randomBytes(40 * MiB);
    const key = "big/forty.bin";
    const result = await new Upload({ client: s3, params: { Bucket: bucket, Key: key, Body: body } }).done();
    const chunks = Array.from({ length: 8 }, (_, i) => body.subarray(i * 5 * MiB, (i + 1) * 5 * MiB));
    expect(result.ETag).toBe(multipartEtag(chunks));
    // COMPOSITE: the CRC32 of the parts' raw CRC32s, with the part count.
    const composite = crc32Raw(Buffer.concat(chunks.map(crc32Raw))).toString("base64");
    expect(result.ChecksumCRC32).toBe(`${composite}-8`);
    expect(result.Location).toContain(`/${bucket}/big/forty.bin`);
    const got = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key, ChecksumMode: "ENABLED" }));
    const bytes = await bodyBytes(got);
    expect(bytes.equals(body)).toBe(true);
    expect(got.ETag).toBe(result.ETag);
    expect(got.ChecksumType).toBe("COMPOSITE");
  });
});

describe("CreateMultipartUpload, UploadPart, CompleteMultipartUpload", () => {
  const parts = [randomBytes(5 * MiB), randomBytes(5 * MiB + 17), randomBytes(1000)];
  const key = "manual/three parts+ü.bin";

  beforeAll(async () => {
    const create = await s3.send(
      new CreateMultipartUploadCommand({
        Bucket: bucket,
        Key: key,
        ContentType: "application/x-test",
        CacheControl: "max-age=5",
        Metadata: { origin: "manual" },
        Tagging: "a=1&b=2",
      }),
    );
    expect(create.Bucket).toBe(bucket);
    expect(create.Key).toBe(key);
    expect(create.UploadId).toMatch(/^[A-Za-z0-9_-]{32,}$/);
    expect(create.ChecksumAlgorithm).toBeUndefined();
    const completed: CompletedPart[] = [];
    for (const [i, body] of parts.entries()) {
      const r = await s3.send(
        new UploadPartCommand({
          Bucket: bucket,
          Key: key,
          UploadId: create.UploadId,
          PartNumber: i + 1,
          Body: body,
        }),
      );
      expect(r.ETag).toBe(`"${md5(body).toString("hex")}"`);
      completed.push({ PartNumber: i + 1, ETag: r.ETag });
    }
    const done = await complete(key, create.UploadId!, completed);
    expect(done.ETag).toBe(multipartEtag(parts));
    expect(done.Key).toBe(key);
    expect(done.Bucket).toBe(bucket);
    // Without a checksum algorithm, S3 gives the object a full-object CRC64NVME.
    expect(done.ChecksumType).toBe("FULL_OBJECT");
    expect(done.ChecksumCRC64NVME).toBe(await crc64nvme(Buffer.concat(parts)));
  });

  it("stores the attributes given at creation", async () => {
    const head = await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
    expect(head.ContentType).toBe("application/x-test");
    expect(head.CacheControl).toBe("max-age=5");
    expect(head.Metadata).toEqual({ origin: "manual" });
    expect(head.ContentLength).toBe(parts.reduce((n, p) => n + p.length, 0));
    expect(head.ETag).toBe(multipartEtag(parts));
    const tags = await s3.send(new GetObjectTaggingCommand({ Bucket: bucket, Key: key }));
    expect(tags.TagSet).toEqual([
      { Key: "a", Value: "1" },
      { Key: "b", Value: "2" },
    ]);
  });

  it("returns the whole object, its checksum verified by the SDK", async () => {
    const got = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key, ChecksumMode: "ENABLED" }));
    expect(got.ChecksumCRC64NVME).toBe(await crc64nvme(Buffer.concat(parts)));
    const bytes = await bodyBytes(got);
    expect(bytes.equals(Buffer.concat(parts))).toBe(true);
  });

  it("serves one part with GetObject PartNumber", async () => {
    const got = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key, PartNumber: 2 }));
    const bytes = await bodyBytes(got);
    expect(bytes.equals(parts[1]!)).toBe(true);
    expect(got.PartsCount).toBe(3);
    const start = parts[0]!.length;
    const total = parts.reduce((n, p) => n + p.length, 0);
    expect(got.ContentRange).toBe(`bytes ${start}-${start + parts[1]!.length - 1}/${total}`);
    expect(got.$metadata.httpStatusCode).toBe(206);
  });

  it("forgets the upload once completed", async () => {
    const uploads = await s3.send(new ListMultipartUploadsCommand({ Bucket: bucket, Prefix: "manual/" }));
    expect(uploads.Uploads ?? []).toEqual([]);
  });
});

describe("checksums", () => {
  it("computes a FULL_OBJECT CRC32 over the whole object and checks the one sent on completion", async () => {
    const key = "checksum/full.bin";
    const parts = [randomBytes(5 * MiB), randomBytes(3 * MiB)];
    const { uploadId, completed } = await uploadParts(key, parts, {
      ChecksumAlgorithm: "CRC32",
      ChecksumType: "FULL_OBJECT",
    });
    const whole = crc32Raw(Buffer.concat(parts)).toString("base64");
    await expect(
      s3.send(
        new CompleteMultipartUploadCommand({
          Bucket: bucket,
          Key: key,
          UploadId: uploadId,
          MultipartUpload: { Parts: completed },
          ChecksumType: "FULL_OBJECT",
          ChecksumCRC32: crc32Raw(Buffer.from("other")).toString("base64"),
        }),
      ),
    ).rejects.toMatchObject({ name: "BadDigest" });
    const done = await s3.send(
      new CompleteMultipartUploadCommand({
        Bucket: bucket,
        Key: key,
        UploadId: uploadId,
        MultipartUpload: { Parts: completed },
        ChecksumType: "FULL_OBJECT",
        ChecksumCRC32: whole,
      }),
    );
    expect(done.ChecksumCRC32).toBe(whole);
    expect(done.ChecksumType).toBe("FULL_OBJECT");
    const got = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key, ChecksumMode: "ENABLED" }));
    expect(got.ChecksumCRC32).toBe(whole);
    expect((await bodyBytes(got)).equals(Buffer.concat(parts))).toBe(true);
  });

  it("answers CreateMultipartUpload with the algorithm and type, and rejects SHA256 with FULL_OBJECT", async () => {
    const created = await s3.send(
      new CreateMultipartUploadCommand({
        Bucket: bucket,
        Key: "checksum/create",
        ChecksumAlgorithm: "SHA256",
      }),
    );
    expect(created.ChecksumAlgorithm).toBe("SHA256");
    expect(created.ChecksumType).toBe("COMPOSITE");
    await s3.send(
      new AbortMultipartUploadCommand({ Bucket: bucket, Key: "checksum/create", UploadId: created.UploadId }),
    );
    await expect(
      s3.send(
        new CreateMultipartUploadCommand({
          Bucket: bucket,
          Key: "checksum/create",
          ChecksumAlgorithm: "SHA256",
          ChecksumType: "FULL_OBJECT",
        }),
      ),
    ).rejects.toMatchObject({
      name: "InvalidRequest",
      message: "The FULL_OBJECT checksum type cannot be used with the sha256 checksum algorithm.",
    });
  });

  it("requires each part's checksum when completing a COMPOSITE upload", async () => {
    const key = "checksum/composite-missing";
    const { uploadId, completed } = await uploadParts(key, [Buffer.from("only part")], {
      ChecksumAlgorithm: "CRC32",
    });
    expect(completed[0]!.ChecksumCRC32).toBeDefined();
    await expect(
      complete(key, uploadId, [{ PartNumber: 1, ETag: completed[0]!.ETag }]),
    ).rejects.toMatchObject({
      name: "InvalidRequest",
      message:
        "The upload was created using a crc32 checksum. The complete request must include the checksum for each part. It was missing for part 1 in the request.",
    });
    await expect(
      complete(key, uploadId, [
        { ...completed[0], ChecksumCRC32: crc32Raw(Buffer.from("x")).toString("base64") },
      ]),
    ).rejects.toMatchObject({ name: "InvalidPart" });
    const done = await complete(key, uploadId, completed);
    const expected = crc32Raw(crc32Raw(Buffer.from("only part"))).toString("base64");
    expect(done.ChecksumCRC32).toBe(`${expected}-1`);
  });
});

describe("ListParts", () => {
  it("pages with MaxParts and PartNumberMarker", async () => {
    const key = "list-parts/object";
    const bodies = [Buffer.from("one"), Buffer.from("two"), Buffer.from("three")];
    const { uploadId } = await uploadParts(key, bodies, { ChecksumAlgorithm: "CRC32" });
    const first = await s3.send(
      new ListPartsCommand({ Bucket: bucket, Key: key, UploadId: uploadId, MaxParts: 2 }),
    );
    expect(first.Parts?.map((p) => p.PartNumber)).toEqual([1, 2]);
    expect(first.IsTruncated).toBe(true);
    expect(first.NextPartNumberMarker).toBe("2");
    expect(first.MaxParts).toBe(2);
    expect(first.ChecksumAlgorithm).toBe("CRC32");
    expect(first.ChecksumType).toBe("COMPOSITE");
    expect(first.StorageClass).toBe("STANDARD");
    expect(first.Initiator?.ID).toBeDefined();
    expect(first.Owner?.ID).toBe(first.Initiator?.ID);
    expect(first.Parts?.[0]).toMatchObject({
      PartNumber: 1,
      ETag: `"${md5(bodies[0]!).toString("hex")}"`,
      Size: 3,
      ChecksumCRC32: crc32Raw(bodies[0]!).toString("base64"),
    });
    expect(first.Parts?.[0]?.LastModified).toBeInstanceOf(Date);
    const second = await s3.send(
      new ListPartsCommand({
        Bucket: bucket,
        Key: key,
        UploadId: uploadId,
        MaxParts: 2,
        PartNumberMarker: first.NextPartNumberMarker,
      }),
    );
    expect(second.Parts?.map((p) => p.PartNumber)).toEqual([3]);
    expect(second.IsTruncated).toBe(false);
    expect(second.PartNumberMarker).toBe("2");
    await s3.send(new AbortMultipartUploadCommand({ Bucket: bucket, Key: key, UploadId: uploadId }));
  });

  it("replaces a part uploaded again under the same number", async () => {
    const key = "list-parts/replace";
    const { uploadId } = await uploadParts(key, [Buffer.from("first version")]);
    const again = await s3.send(
      new UploadPartCommand({ Bucket: bucket, Key: key, UploadId: uploadId, PartNumber: 1, Body: "second" }),
    );
    const listed = await s3.send(new ListPartsCommand({ Bucket: bucket, Key: key, UploadId: uploadId }));
    expect(listed.Parts).toHaveLength(1);
    expect(listed.Parts?.[0]).toMatchObject({ ETag: again.ETag, Size: 6 });
    await complete(key, uploadId, [{ PartNumber: 1, ETag: again.ETag }]);
    expect((await objectBytes(s3, bucket, key)).toString()).toBe("second");
  });
});

describe("ListMultipartUploads", () => {
  const local = uniqueName("uploads");
  const keys = ["a/1", "a/2", "b", "c/x/1", "c/y", "d%20space"];
  const ids = new Map<string, string>();

  beforeAll(async () => {
    await s3.send(new CreateBucketCommand({ Bucket: local }));
    for (const key of keys) {
      const r = await s3.send(new CreateMultipartUploadCommand({ Bucket: local, Key: key }));
      ids.set(key, r.UploadId!);
    }
    // A second upload for the same key lists after the first.
    const r = await s3.send(new CreateMultipartUploadCommand({ Bucket: local, Key: "b" }));
    ids.set("b#2", r.UploadId!);
  });

  it("lists every upload in key order", async () => {
    const r = await s3.send(new ListMultipartUploadsCommand({ Bucket: local }));
    expect(r.Uploads?.map((u) => u.Key)).toEqual(["a/1", "a/2", "b", "b", "c/x/1", "c/y", "d%20space"]);
    expect(r.Uploads?.[2]?.UploadId).toBe(ids.get("b"));
    expect(r.Uploads?.[3]?.UploadId).toBe(ids.get("b#2"));
    expect(r.Uploads?.[0]?.Initiated).toBeInstanceOf(Date);
    expect(r.Uploads?.[0]?.StorageClass).toBe("STANDARD");
    expect(r.IsTruncated).toBe(false);
    expect(r.MaxUploads).toBe(1000);
  });

  it("groups by delimiter and filters by prefix", async () => {
    const grouped = await s3.send(new ListMultipartUploadsCommand({ Bucket: local, Delimiter: "/" }));
    expect(grouped.Uploads?.map((u) => u.Key)).toEqual(["b", "b", "d%20space"]);
    expect(grouped.CommonPrefixes?.map((p) => p.Prefix)).toEqual(["a/", "c/"]);
    const nested = await s3.send(
      new ListMultipartUploadsCommand({ Bucket: local, Prefix: "c/", Delimiter: "/" }),
    );
    expect(nested.Uploads?.map((u) => u.Key)).toEqual(["c/y"]);
    expect(nested.CommonPrefixes?.map((p) => p.Prefix)).toEqual(["c/x/"]);
    expect(nested.Prefix).toBe("c/");
  });

  it("pages with MaxUploads, NextKeyMarker and NextUploadIdMarker", async () => {
    const seen: string[] = [];
    let keyMarker: string | undefined;
    let uploadIdMarker: string | undefined;
    for (let page = 0; page < 10; page++) {
      const r = await s3.send(
        new ListMultipartUploadsCommand({
          Bucket: local,
          MaxUploads: 3,
          KeyMarker: keyMarker,
          UploadIdMarker: uploadIdMarker,
        }),
      );
      for (const u of r.Uploads ?? []) seen.push(u.UploadId!);
      if (!r.IsTruncated) break;
      expect(r.Uploads).toHaveLength(3);
      keyMarker = r.NextKeyMarker;
      uploadIdMarker = r.NextUploadIdMarker;
    }
    expect(seen).toEqual([
      ids.get("a/1"),
      ids.get("a/2"),
      ids.get("b"),
      ids.get("b#2"),
      ids.get("c/x/1"),
      ids.get("c/y"),
      ids.get("d%20space"),
    ]);
  });

  it("URL-encodes keys with EncodingType url", async () => {
    const r = await s3.send(
      new ListMultipartUploadsCommand({ Bucket: local, Prefix: "d", EncodingType: "url" }),
    );
    expect(r.Uploads?.map((u) => u.Key)).toEqual(["d%2520space"]);
    expect(r.EncodingType).toBe("url");
  });
});

describe("AbortMultipartUpload", () => {
  it("removes the upload, after which it is NoSuchUpload", async () => {
    const key = "abort/me";
    const { uploadId } = await uploadParts(key, [Buffer.from("part")]);
    const aborted = await s3.send(
      new AbortMultipartUploadCommand({ Bucket: bucket, Key: key, UploadId: uploadId }),
    );
    expect(aborted.$metadata.httpStatusCode).toBe(204);
    const noSuchUpload = {
      name: "NoSuchUpload",
      message:
        "The specified upload does not exist. The upload ID may be invalid, or the upload may have been aborted or completed.",
      $metadata: { httpStatusCode: 404 },
    };
    await expect(
      s3.send(new ListPartsCommand({ Bucket: bucket, Key: key, UploadId: uploadId })),
    ).rejects.toMatchObject(noSuchUpload);
    await expect(
      s3.send(
        new UploadPartCommand({ Bucket: bucket, Key: key, UploadId: uploadId, PartNumber: 1, Body: "x" }),
      ),
    ).rejects.toMatchObject(noSuchUpload);
    await expect(
      s3.send(new AbortMultipartUploadCommand({ Bucket: bucket, Key: key, UploadId: uploadId })),
    ).rejects.toMatchObject(noSuchUpload);
  });
});

describe("CompleteMultipartUpload errors", () => {
  it("rejects a non-last part under 5 MiB with EntityTooSmall", async () => {
    const key = "errors/small";
    const { uploadId, completed } = await uploadParts(key, [randomBytes(1024), randomBytes(1024)]);
    const err = await complete(key, uploadId, completed).catch((e: unknown) => e);
    expect(err).toMatchObject({ name: "EntityTooSmall", $metadata: { httpStatusCode: 400 } });
    expect((err as { ProposedSize?: string }).ProposedSize).toBe("1024");
    expect((err as { MinSizeAllowed?: string }).MinSizeAllowed).toBe(String(5 * MiB));
  });

  it("rejects a wrong ETag with InvalidPart", async () => {
    const key = "errors/etag";
    const { uploadId } = await uploadParts(key, [Buffer.from("data")]);
    await expect(
      complete(key, uploadId, [{ PartNumber: 1, ETag: '"d41d8cd98f00b204e9800998ecf8427e"' }]),
    ).rejects.toMatchObject({ name: "InvalidPart" });
  });

  it("rejects a missing part with InvalidPart", async () => {
    const key = "errors/missing";
    const { uploadId, completed } = await uploadParts(key, [Buffer.from("data")]);
    await expect(complete(key, uploadId, [{ ...completed[0], PartNumber: 2 }])).rejects.toMatchObject({
      name: "InvalidPart",
    });
  });

  it("rejects parts out of order with InvalidPartOrder", async () => {
    const key = "errors/order";
    const { uploadId, completed } = await uploadParts(key, [randomBytes(5 * MiB), Buffer.from("tail")]);
    await expect(complete(key, uploadId, [completed[1]!, completed[0]!])).rejects.toMatchObject({
      name: "InvalidPartOrder",
      message: "The list of parts was not in ascending order. Parts must be ordered by part number.",
    });
  });

  it("rejects an empty part list with MalformedXML", async () => {
    const key = "errors/empty";
    const { uploadId } = await uploadParts(key, [Buffer.from("data")]);
    await expect(complete(key, uploadId, [])).rejects.toMatchObject({ name: "MalformedXML" });
  });

  it("rejects a wrong x-amz-mp-object-size", async () => {
    const key = "errors/size";
    const { uploadId, completed } = await uploadParts(key, [Buffer.from("data")]);
    await expect(
      s3.send(
        new CompleteMultipartUploadCommand({
          Bucket: bucket,
          Key: key,
          UploadId: uploadId,
          MultipartUpload: { Parts: completed },
          MpuObjectSize: 5,
        }),
      ),
    ).rejects.toMatchObject({
      name: "InvalidRequest",
      message: "The provided 'x-amz-mp-object-size' header value 5 does not match what was computed: 4",
    });
  });

  it("completes with only the listed parts, leaving the others out", async () => {
    const key = "errors/subset";
    const bodies = [randomBytes(5 * MiB), Buffer.from("unused"), Buffer.from("tail")];
    const { uploadId, completed } = await uploadParts(key, bodies);
    const done = await complete(key, uploadId, [completed[0]!, completed[2]!]);
    expect(done.ETag).toBe(multipartEtag([bodies[0]!, bodies[2]!]));
    expect((await objectBytes(s3, bucket, key)).equals(Buffer.concat([bodies[0]!, bodies[2]!]))).toBe(true);
  });

  it("rejects a part number outside 1..10000 and a missing bucket", async () => {
    const key = "errors/part-number";
    const { uploadId } = await uploadParts(key, []);
    await expect(
      s3.send(
        new UploadPartCommand({ Bucket: bucket, Key: key, UploadId: uploadId, PartNumber: 10001, Body: "x" }),
      ),
    ).rejects.toMatchObject({
      name: "InvalidArgument",
      message: "Part number must be an integer between 1 and 10000, inclusive",
    });
    await expect(
      s3.send(new CreateMultipartUploadCommand({ Bucket: uniqueName("absent"), Key: key })),
    ).rejects.toMatchObject({ name: "NoSuchBucket" });
  });
});

describe("UploadPartCopy", () => {
  it("copies byte ranges of an object into parts", async () => {
    const source = randomBytes(6 * MiB + 100);
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: "copy/source", Body: source }));
    const key = "copy/target";
    const { UploadId } = await s3.send(
      new CreateMultipartUploadCommand({ Bucket: bucket, Key: key, ChecksumAlgorithm: "CRC32" }),
    );
    const first = await s3.send(
      new UploadPartCopyCommand({
        Bucket: bucket,
        Key: key,
        UploadId,
        PartNumber: 1,
        CopySource: `${bucket}/copy/source`,
        CopySourceRange: `bytes=0-${5 * MiB - 1}`,
      }),
    );
    const head = source.subarray(0, 5 * MiB);
    expect(first.CopyPartResult?.ETag).toBe(`"${md5(head).toString("hex")}"`);
    expect(first.CopyPartResult?.LastModified).toBeInstanceOf(Date);
    expect(first.CopyPartResult?.ChecksumCRC32).toBe(crc32Raw(head).toString("base64"));
    const second = await s3.send(
      new UploadPartCopyCommand({
        Bucket: bucket,
        Key: key,
        UploadId,
        PartNumber: 2,
        CopySource: `${bucket}/copy/source`,
        CopySourceRange: `bytes=${5 * MiB}-${source.length - 1}`,
      }),
    );
    await expect(
      s3.send(
        new UploadPartCopyCommand({
          Bucket: bucket,
          Key: key,
          UploadId,
          PartNumber: 3,
          CopySource: `${bucket}/copy/source`,
          CopySourceRange: `bytes=0-${source.length}`,
        }),
      ),
    ).rejects.toMatchObject({
      name: "InvalidArgument",
      message: `Range specified is not valid for source object of size: ${source.length}`,
    });
    await expect(
      s3.send(
        new UploadPartCopyCommand({
          Bucket: bucket,
          Key: key,
          UploadId,
          PartNumber: 3,
          CopySource: `${bucket}/copy/source`,
          CopySourceRange: "0-10",
        }),
      ),
    ).rejects.toMatchObject({ name: "InvalidArgument" });
    await expect(
      s3.send(
        new UploadPartCopyCommand({
          Bucket: bucket,
          Key: key,
          UploadId,
          PartNumber: 3,
          CopySource: `${bucket}/copy/source`,
          CopySourceIfMatch: '"0123456789abcdef0123456789abcdef"',
        }),
      ),
    ).rejects.toMatchObject({ name: "PreconditionFailed" });
    const done = await complete(key, UploadId!, [
      { PartNumber: 1, ETag: first.CopyPartResult?.ETag, ChecksumCRC32: first.CopyPartResult?.ChecksumCRC32 },
      {
        PartNumber: 2,
        ETag: second.CopyPartResult?.ETag,
        ChecksumCRC32: second.CopyPartResult?.ChecksumCRC32,
      },
    ]);
    expect(done.ETag).toBe(multipartEtag([head, source.subarray(5 * MiB)]));
    expect((await objectBytes(s3, bucket, key)).equals(source)).toBe(true);
  });
});

describe("versioned buckets", () => {
  it("gives each completed upload a version id", async () => {
    const versioned = uniqueName("mp-versioned");
    await s3.send(new CreateBucketCommand({ Bucket: versioned }));
    await s3.send(
      new PutBucketVersioningCommand({ Bucket: versioned, VersioningConfiguration: { Status: "Enabled" } }),
    );
    const versions: string[] = [];
    for (const text of ["v1", "v2"]) {
      const { UploadId } = await s3.send(new CreateMultipartUploadCommand({ Bucket: versioned, Key: "k" }));
      const part = await s3.send(
        new UploadPartCommand({ Bucket: versioned, Key: "k", UploadId, PartNumber: 1, Body: text }),
      );
      const done = await s3.send(
        new CompleteMultipartUploadCommand({
          Bucket: versioned,
          Key: "k",
          UploadId,
          MultipartUpload: { Parts: [{ PartNumber: 1, ETag: part.ETag }] },
        }),
      );
      expect(done.VersionId).toMatch(/^[A-Za-z0-9_-]{32}$/);
      versions.push(done.VersionId!);
    }
    const old = await s3.send(new GetObjectCommand({ Bucket: versioned, Key: "k", VersionId: versions[0] }));
    expect(await old.Body!.transformToString()).toBe("v1");
    const current = await s3.send(new GetObjectCommand({ Bucket: versioned, Key: "k" }));
    expect(await current.Body!.transformToString()).toBe("v2");
  });
});

describe("persistence", () => {
  it("keeps an upload's parts across a crash, and the completed object across a restart", async () => {
    const dir = await tempDir("darkroom-multipart-");
    const env = { DARKROOM_PERSIST: "1", DARKROOM_STATE_DIR: dir };
    const parts = [randomBytes(5 * MiB), randomBytes(1234)];
    let emulator = await spawnEmulator(env);
    try {
      let client = s3Client(emulator.url);
      const b = uniqueName("mp-persist");
      await client.send(new CreateBucketCommand({ Bucket: b }));
      const { UploadId } = await client.send(new CreateMultipartUploadCommand({ Bucket: b, Key: "k" }));
      const etags: string[] = [];
      for (const [i, body] of parts.entries()) {
        const r = await client.send(
          new UploadPartCommand({ Bucket: b, Key: "k", UploadId, PartNumber: i + 1, Body: body }),
        );
        etags.push(r.ETag!);
      }
      await emulator.kill();
      emulator = await spawnEmulator(env);
      client = s3Client(emulator.url);
      const listed = await client.send(new ListPartsCommand({ Bucket: b, Key: "k", UploadId }));
      expect(listed.Parts?.map((p) => p.ETag)).toEqual(etags);
      await client.send(
        new CompleteMultipartUploadCommand({
          Bucket: b,
          Key: "k",
          UploadId,
          MultipartUpload: { Parts: etags.map((ETag, i) => ({ PartNumber: i + 1, ETag })) },
        }),
      );
      await emulator.stop();
      emulator = await spawnEmulator(env);
      client = s3Client(emulator.url);
      const got = await client.send(new GetObjectCommand({ Bucket: b, Key: "k" }));
      expect(got.ETag).toBe(multipartEtag(parts));
      expect((await bodyBytes(got)).equals(Buffer.concat(parts))).toBe(true);
    } finally {
      await emulator.stop();
    }
  });
});
