import {
  CopyObjectCommand,
  CreateBucketCommand,
  DeleteObjectCommand,
  DeleteObjectsCommand,
  DeleteObjectTaggingCommand,
  GetObjectAttributesCommand,
  GetObjectCommand,
  GetObjectTaggingCommand,
  HeadObjectCommand,
  type MetadataDirective,
  PutObjectCommand,
  PutObjectTaggingCommand,
  type S3ServiceException,
  type Tag,
} from "@aws-sdk/client-s3";
import { beforeAll, describe, expect, it } from "vitest";
import { emulatorUrl, s3Client, uniqueName } from "./support/clients.ts";
import { expectS3Error } from "./support/expect-aws-error.ts";

const s3 = s3Client();
const bucket = uniqueName("object-ops");
const ALPHABET = "abcdefghijklmnopqrstuvwxyz";

async function put(key: string, body: string | Uint8Array, extra: Partial<PutObjectCommand["input"]> = {}) {
  return s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body, ...extra }));
}

async function text(key: string, extra: Partial<GetObjectCommand["input"]> = {}): Promise<string> {
  const got = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key, ...extra }));
  return got.Body!.transformToString();
}

beforeAll(async () => {
  await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  await put("alphabet", ALPHABET);
});

describe("GetObject ranges", () => {
  const ranged = async (range: string) =>
    s3.send(new GetObjectCommand({ Bucket: bucket, Key: "alphabet", Range: range }));

  it.each([
    ["bytes=0-4", "abcde", "bytes 0-4/26"],
    ["bytes=20-", "uvwxyz", "bytes 20-25/26"],
    ["bytes=-3", "xyz", "bytes 23-25/26"],
    ["bytes=10-1000", "klmnopqrstuvwxyz", "bytes 10-25/26"],
    ["bytes=-100", ALPHABET, "bytes 0-25/26"],
  ])("serves %s as 206", async (range, body, contentRange) => {
    const got = await ranged(range);
    expect(got.$metadata.httpStatusCode).toBe(206);
    expect(got.ContentRange).toBe(contentRange);
    expect(got.ContentLength).toBe(body.length);
    expect(await got.Body!.transformToString()).toBe(body);
  });

  it.each(["bytes=5-2", "bytes=0-1,4-5", "items=0-3", "bytes=abc"])(
    "ignores %s and serves the whole object",
    async (range) => {
      const got = await ranged(range);
      expect(got.$metadata.httpStatusCode).toBe(200);
      expect(got.ContentRange).toBeUndefined();
      expect(await got.Body!.transformToString()).toBe(ALPHABET);
    },
  );

  it("answers 416 InvalidRange past the end, and for an empty object", async () => {
    const err = await expectS3Error(
      ranged("bytes=26-"),
      "InvalidRange",
      416,
      "The requested range is not satisfiable",
    );
    expect(err.$response?.headers["content-range"]).toBe("bytes */26");
    await put("empty", new Uint8Array(0));
    await expectS3Error(
      s3.send(new GetObjectCommand({ Bucket: bucket, Key: "empty", Range: "bytes=0-" })),
      "InvalidRange",
      416,
    );
    await expectS3Error(
      s3.send(new GetObjectCommand({ Bucket: bucket, Key: "empty", Range: "bytes=-1" })),
      "InvalidRange",
      416,
    );
  });

  it("answers HEAD with a range as 206 with the slice's length", async () => {
    const head = await s3.send(
      new HeadObjectCommand({ Bucket: bucket, Key: "alphabet", Range: "bytes=2-5" }),
    );
    expect(head.$metadata.httpStatusCode).toBe(206);
    expect(head.ContentLength).toBe(4);
    expect(head.ContentRange).toBe("bytes 2-5/26");
  });

  it("serves part 1 of an object uploaded in one piece, and nothing past it", async () => {
    const got = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: "alphabet", PartNumber: 1 }));
    expect(got.$metadata.httpStatusCode).toBe(206);
    expect(got.ContentRange).toBe("bytes 0-25/26");
    expect(got.PartsCount).toBeUndefined();
    await expectS3Error(
      s3.send(new GetObjectCommand({ Bucket: bucket, Key: "alphabet", PartNumber: 2 })),
      "InvalidPartNumber",
      416,
      "The requested partnumber is not satisfiable",
    );
    await expectS3Error(
      s3.send(new GetObjectCommand({ Bucket: bucket, Key: "alphabet", PartNumber: 1, Range: "bytes=0-1" })),
      "InvalidRequest",
      400,
    );
  });
});

describe("conditional GET and HEAD", () => {
  let etag: string;
  let lastModified: Date;
  const day = 24 * 3600 * 1000;

  beforeAll(async () => {
    const head = await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: "alphabet" }));
    etag = head.ETag!;
    lastModified = head.LastModified!;
  });

  it("serves when If-Match matches (quoted or not) and If-None-Match does not", async () => {
    expect(await text("alphabet", { IfMatch: etag })).toBe(ALPHABET);
    expect(await text("alphabet", { IfMatch: etag.replace(/"/g, "") })).toBe(ALPHABET);
    expect(await text("alphabet", { IfNoneMatch: '"0000"' })).toBe(ALPHABET);
  });

  it("answers 412 for a failed If-Match or If-Unmodified-Since", async () => {
    await expectS3Error(
      text("alphabet", { IfMatch: '"0000"' }),
      "PreconditionFailed",
      412,
      "At least one of the pre-conditions you specified did not hold",
    );
    await expectS3Error(
      text("alphabet", { IfUnmodifiedSince: new Date(lastModified.getTime() - day) }),
      "PreconditionFailed",
      412,
    );
    await expectS3Error(
      s3.send(new HeadObjectCommand({ Bucket: bucket, Key: "alphabet", IfMatch: '"0000"' })),
      undefined,
      412,
    );
  });

  it("answers 304 for a failed If-None-Match or If-Modified-Since", async () => {
    const get = await expectS3Error(text("alphabet", { IfNoneMatch: etag }), undefined, 304);
    expect(get.$response?.headers.etag).toBe(etag);
    await expectS3Error(text("alphabet", { IfModifiedSince: lastModified }), undefined, 304);
    await expectS3Error(
      s3.send(new HeadObjectCommand({ Bucket: bucket, Key: "alphabet", IfNoneMatch: etag })),
      undefined,
      304,
    );
  });

  it("lets If-Match override If-Unmodified-Since, and If-None-Match override If-Modified-Since", async () => {
    expect(
      await text("alphabet", { IfMatch: etag, IfUnmodifiedSince: new Date(lastModified.getTime() - day) }),
    ).toBe(ALPHABET);
    expect(await text("alphabet", { IfNoneMatch: '"0000"', IfModifiedSince: lastModified })).toBe(ALPHABET);
  });

  it("ignores If-Modified-Since in the future", async () => {
    expect(await text("alphabet", { IfModifiedSince: new Date(Date.now() + day) })).toBe(ALPHABET);
  });
});

describe("GetObject response overrides and checksums", () => {
  it("applies response-* query fields to the headers", async () => {
    const expires = new Date("2030-01-01T00:00:00Z");
    const got = await s3.send(
      new GetObjectCommand({
        Bucket: bucket,
        Key: "alphabet",
        ResponseContentType: "text/csv",
        ResponseContentDisposition: 'attachment; filename="a.csv"',
        ResponseCacheControl: "no-cache",
        ResponseContentLanguage: "fr",
        ResponseContentEncoding: "identity",
        ResponseExpires: expires,
      }),
    );
    expect(got.ContentType).toBe("text/csv");
    expect(got.ContentDisposition).toBe('attachment; filename="a.csv"');
    expect(got.CacheControl).toBe("no-cache");
    expect(got.ContentLanguage).toBe("fr");
    expect(got.ContentEncoding).toBe("identity");
    expect(got.Expires?.getTime()).toBe(expires.getTime());
    expect(await got.Body!.transformToString()).toBe(ALPHABET);
  });

  it("returns the stored checksum only in checksum mode, and not for a range", async () => {
    const stored = await put("sha", "checksummed", { ChecksumAlgorithm: "SHA256" });
    expect(stored.ChecksumSHA256).toBeDefined();
    // The SDK asks for checksums on every GET unless told to ask only when required.
    const plainClient = s3Client(emulatorUrl(), { responseChecksumValidation: "WHEN_REQUIRED" });
    const plain = await plainClient.send(new GetObjectCommand({ Bucket: bucket, Key: "sha" }));
    expect(plain.ChecksumSHA256).toBeUndefined();
    await plain.Body!.transformToString();
    const withMode = await s3.send(
      new GetObjectCommand({ Bucket: bucket, Key: "sha", ChecksumMode: "ENABLED" }),
    );
    expect(withMode.ChecksumSHA256).toBe(stored.ChecksumSHA256);
    expect(withMode.ChecksumType).toBe("FULL_OBJECT");
    expect(await withMode.Body!.transformToString()).toBe("checksummed");
    const head = await s3.send(
      new HeadObjectCommand({ Bucket: bucket, Key: "sha", ChecksumMode: "ENABLED" }),
    );
    expect(head.ChecksumSHA256).toBe(stored.ChecksumSHA256);
    const slice = await s3.send(
      new GetObjectCommand({ Bucket: bucket, Key: "sha", ChecksumMode: "ENABLED", Range: "bytes=0-4" }),
    );
    expect(slice.ChecksumSHA256).toBeUndefined();
    expect(await slice.Body!.transformToString()).toBe("check");
  });
});

describe("conditional PutObject", () => {
  it("If-None-Match: * writes only when the key is free", async () => {
    const key = uniqueName("once");
    await put(key, "first", { IfNoneMatch: "*" });
    await expectS3Error(
      put(key, "second", { IfNoneMatch: "*" }),
      "PreconditionFailed",
      412,
      "At least one of the pre-conditions you specified did not hold",
    );
    expect(await text(key)).toBe("first");
    await s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: key }));
    await put(key, "third", { IfNoneMatch: "*" });
    expect(await text(key)).toBe("third");
  });

  it("lets exactly one of many racing If-None-Match: * writes win", async () => {
    const key = uniqueName("race");
    const results = await Promise.allSettled(
      Array.from({ length: 12 }, (_, i) => put(key, `writer-${i}`, { IfNoneMatch: "*" })),
    );
    const won = results.filter((r) => r.status === "fulfilled");
    expect(won.length).toBe(1);
    for (const r of results) {
      if (r.status === "rejected") expect((r.reason as S3ServiceException).name).toBe("PreconditionFailed");
    }
  });

  it("If-Match needs the current ETag, and an object at all", async () => {
    const key = uniqueName("match");
    await expectS3Error(put(key, "x", { IfMatch: '"0000"' }), "NoSuchKey", 404);
    const first = await put(key, "v1");
    await expectS3Error(put(key, "v2", { IfMatch: '"0000"' }), "PreconditionFailed", 412);
    await put(key, "v2", { IfMatch: first.ETag });
    expect(await text(key)).toBe("v2");
  });

  it("answers NotImplemented for If-None-Match with an ETag", async () => {
    await expectS3Error(put(uniqueName("etag"), "x", { IfNoneMatch: '"abc"' }), "NotImplemented", 501);
  });
});

describe("CopyObject", () => {
  beforeAll(async () => {
    await put("src/original.txt", "copy me", {
      ContentType: "text/plain",
      CacheControl: "max-age=5",
      Metadata: { colour: "blue" },
      Tagging: "team=darkroom&stage=raw",
    });
  });

  it("copies bytes, metadata and tags by default (COPY)", async () => {
    const copy = await s3.send(
      new CopyObjectCommand({
        Bucket: bucket,
        Key: "dst/copied.txt",
        CopySource: `${bucket}/src/original.txt`,
      }),
    );
    const source = await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: "src/original.txt" }));
    expect(copy.CopyObjectResult?.ETag).toBe(source.ETag);
    expect(copy.CopyObjectResult?.LastModified).toBeInstanceOf(Date);
    expect(copy.CopyObjectResult?.ChecksumType).toBe("FULL_OBJECT");
    const head = await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: "dst/copied.txt" }));
    expect(head.ContentType).toBe("text/plain");
    expect(head.CacheControl).toBe("max-age=5");
    expect(head.Metadata).toEqual({ colour: "blue" });
    expect(await text("dst/copied.txt")).toBe("copy me");
    const tags = await s3.send(new GetObjectTaggingCommand({ Bucket: bucket, Key: "dst/copied.txt" }));
    expect(sortTags(tags.TagSet)).toEqual([
      { Key: "stage", Value: "raw" },
      { Key: "team", Value: "darkroom" },
    ]);
  });

  it("replaces metadata with REPLACE, and tags with the tagging directive", async () => {
    await s3.send(
      new CopyObjectCommand({
        Bucket: bucket,
        Key: "dst/replaced.txt",
        CopySource: `${bucket}/src/original.txt`,
        MetadataDirective: "REPLACE",
        ContentType: "application/json",
        Metadata: { shape: "square" },
        TaggingDirective: "REPLACE",
        Tagging: "stage=final",
      }),
    );
    const head = await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: "dst/replaced.txt" }));
    expect(head.ContentType).toBe("application/json");
    expect(head.CacheControl).toBeUndefined();
    expect(head.Metadata).toEqual({ shape: "square" });
    const tags = await s3.send(new GetObjectTaggingCommand({ Bucket: bucket, Key: "dst/replaced.txt" }));
    expect(tags.TagSet).toEqual([{ Key: "stage", Value: "final" }]);
  });

  it("copies keys that need URL-encoding in x-amz-copy-source", async () => {
    const key = "src/with space+plus/é.txt";
    await put(key, "awkward");
    await s3.send(
      new CopyObjectCommand({
        Bucket: bucket,
        Key: "dst/awkward",
        CopySource: encodeURI(`${bucket}/${key}`).replace(/\+/g, "%2B"),
      }),
    );
    expect(await text("dst/awkward")).toBe("awkward");
  });

  it("refuses to copy an object onto itself unchanged, but allows REPLACE", async () => {
    await expectS3Error(
      s3.send(
        new CopyObjectCommand({
          Bucket: bucket,
          Key: "src/original.txt",
          CopySource: `${bucket}/src/original.txt`,
        }),
      ),
      "InvalidRequest",
      400,
      /^This copy request is illegal because it is trying to copy an object to itself/,
    );
    await s3.send(
      new CopyObjectCommand({
        Bucket: bucket,
        Key: "dst/self.txt",
        CopySource: `${bucket}/src/original.txt`,
      }),
    );
    await s3.send(
      new CopyObjectCommand({
        Bucket: bucket,
        Key: "dst/self.txt",
        CopySource: `${bucket}/dst/self.txt`,
        MetadataDirective: "REPLACE",
        Metadata: { updated: "yes" },
      }),
    );
    const head = await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: "dst/self.txt" }));
    expect(head.Metadata).toEqual({ updated: "yes" });
  });

  it("checks x-amz-copy-source-if-* conditions, naming the one that failed", async () => {
    const source = await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: "src/original.txt" }));
    const copy = (extra: Partial<CopyObjectCommand["input"]>) =>
      s3.send(
        new CopyObjectCommand({
          Bucket: bucket,
          Key: "dst/conditional",
          CopySource: `${bucket}/src/original.txt`,
          ...extra,
        }),
      );
    const day = 24 * 3600 * 1000;
    const cases: Array<[Partial<CopyObjectCommand["input"]>, string]> = [
      [{ CopySourceIfMatch: '"0000"', CopySourceIfNoneMatch: source.ETag }, "x-amz-copy-source-If-Match"],
      [{ CopySourceIfUnmodifiedSince: new Date(Date.now() - day) }, "x-amz-copy-source-If-Unmodified-Since"],
      [
        { CopySourceIfNoneMatch: source.ETag, CopySourceIfModifiedSince: source.LastModified },
        "x-amz-copy-source-If-None-Match",
      ],
      [{ CopySourceIfModifiedSince: source.LastModified }, "x-amz-copy-source-If-Modified-Since"],
    ];
    for (const [conditions, condition] of cases) {
      const err = await expectS3Error(
        copy(conditions),
        "PreconditionFailed",
        412,
        "At least one of the pre-conditions you specified did not hold",
      );
      expect((err as unknown as { Condition?: string }).Condition).toBe(condition);
    }
    const ok = await copy({
      CopySourceIfMatch: source.ETag!.replace(/"/g, ""),
      CopySourceIfNoneMatch: '"0000"',
      CopySourceIfModifiedSince: new Date(source.LastModified!.getTime() - day),
      CopySourceIfUnmodifiedSince: new Date(),
    });
    expect(ok.CopyObjectResult?.ETag).toBe(source.ETag);
    // A future If-Modified-Since is ignored.
    await copy({ CopySourceIfModifiedSince: new Date(Date.now() + day) });
  });

  it("honours If-None-Match: * on the destination", async () => {
    await expectS3Error(
      s3.send(
        new CopyObjectCommand({
          Bucket: bucket,
          Key: "dst/copied.txt",
          CopySource: `${bucket}/src/original.txt`,
          IfNoneMatch: "*",
        }),
      ),
      "PreconditionFailed",
      412,
    );
  });

  it("answers NoSuchKey for a missing source and InvalidArgument for a bad directive", async () => {
    await expectS3Error(
      s3.send(
        new CopyObjectCommand({ Bucket: bucket, Key: "dst/none", CopySource: `${bucket}/src/missing` }),
      ),
      "NoSuchKey",
      404,
    );
    await expectS3Error(
      s3.send(
        new CopyObjectCommand({
          Bucket: bucket,
          Key: "dst/none",
          CopySource: `${bucket}/src/original.txt`,
          MetadataDirective: "MERGE" as MetadataDirective,
        }),
      ),
      "InvalidArgument",
      400,
      "Unknown metadata directive.",
    );
  });
});

describe("DeleteObjects", () => {
  it("reports every key, existing or not, and removes them", async () => {
    await put("batch/1", "1");
    await put("batch/2", "2");
    const res = await s3.send(
      new DeleteObjectsCommand({
        Bucket: bucket,
        Delete: { Objects: [{ Key: "batch/1" }, { Key: "batch/2" }, { Key: "batch/never" }] },
      }),
    );
    expect(res.Deleted?.map((d) => d.Key).sort()).toEqual(["batch/1", "batch/2", "batch/never"]);
    expect(res.Errors).toBeUndefined();
    await expectS3Error(s3.send(new HeadObjectCommand({ Bucket: bucket, Key: "batch/1" })), undefined, 404);
  });

  it("in Quiet mode reports only the failures", async () => {
    await put("quiet/1", "1");
    const res = await s3.send(
      new DeleteObjectsCommand({
        Bucket: bucket,
        Delete: {
          Quiet: true,
          Objects: [{ Key: "quiet/1" }, { Key: "quiet/1", VersionId: "HPniJFCxqTsMuIH9KX8K8wEjNUgmABCD" }],
        },
      }),
    );
    expect(res.Deleted).toBeUndefined();
    expect(res.Errors).toEqual([
      {
        Key: "quiet/1",
        VersionId: "HPniJFCxqTsMuIH9KX8K8wEjNUgmABCD",
        Code: "NoSuchVersion",
        Message: "The specified version does not exist.",
      },
    ]);
    await expectS3Error(s3.send(new HeadObjectCommand({ Bucket: bucket, Key: "quiet/1" })), undefined, 404);
  });

  it("rejects more than 1000 keys as MalformedXML", async () => {
    const objects = Array.from({ length: 1001 }, (_, i) => ({ Key: `k${i}` }));
    await expectS3Error(
      s3.send(new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: objects } })),
      "MalformedXML",
      400,
    );
  });

  it("answers DeleteObject with a version id in an unversioned bucket as InvalidArgument", async () => {
    await expectS3Error(
      s3.send(
        new DeleteObjectCommand({
          Bucket: bucket,
          Key: "alphabet",
          VersionId: "HPniJFCxqTsMuIH9KX8K8wEjNUgmABCD",
        }),
      ),
      "InvalidArgument",
      400,
      "Invalid version id specified",
    );
  });
});

function sortTags(tags: Tag[] | undefined): Tag[] {
  return [...(tags ?? [])].sort((a, b) => (a.Key! < b.Key! ? -1 : 1));
}

describe("object tagging", () => {
  const tagging = (TagSet: Tag[], Key = "tagged") =>
    s3.send(new PutObjectTaggingCommand({ Bucket: bucket, Key, Tagging: { TagSet } }));

  beforeAll(async () => {
    await put("tagged", "x", { Tagging: "a=1&b=two%20words" });
  });

  it("stores x-amz-tagging from PutObject and counts tags on GET", async () => {
    const tags = await s3.send(new GetObjectTaggingCommand({ Bucket: bucket, Key: "tagged" }));
    expect(sortTags(tags.TagSet)).toEqual([
      { Key: "a", Value: "1" },
      { Key: "b", Value: "two words" },
    ]);
    expect(tags.VersionId).toBeUndefined();
    const got = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: "tagged" }));
    expect(got.TagCount).toBe(2);
    await got.Body!.transformToString();
  });

  it("replaces the whole set with PutObjectTagging and clears it with DeleteObjectTagging", async () => {
    await tagging([{ Key: "only", Value: "this" }]);
    let tags = await s3.send(new GetObjectTaggingCommand({ Bucket: bucket, Key: "tagged" }));
    expect(tags.TagSet).toEqual([{ Key: "only", Value: "this" }]);
    const del = await s3.send(new DeleteObjectTaggingCommand({ Bucket: bucket, Key: "tagged" }));
    expect(del.$metadata.httpStatusCode).toBe(204);
    tags = await s3.send(new GetObjectTaggingCommand({ Bucket: bucket, Key: "tagged" }));
    expect(tags.TagSet).toEqual([]);
    // Tagging leaves the object itself alone.
    expect(await text("tagged")).toBe("x");
  });

  it("accepts the limits: 10 tags, keys of 128 and values of 256 characters", async () => {
    const ten = Array.from({ length: 10 }, (_, i) => ({ Key: `k${i}`, Value: `v${i}` }));
    await tagging(ten);
    await tagging([{ Key: "k".repeat(128), Value: "v".repeat(256) }]);
    const tags = await s3.send(new GetObjectTaggingCommand({ Bucket: bucket, Key: "tagged" }));
    expect(tags.TagSet).toEqual([{ Key: "k".repeat(128), Value: "v".repeat(256) }]);
  });

  it("rejects tag sets S3 rejects, with its codes", async () => {
    const eleven = Array.from({ length: 11 }, (_, i) => ({ Key: `k${i}`, Value: "v" }));
    await expectS3Error(tagging(eleven), "BadRequest", 400, "Object tags cannot be greater than 10");
    await expectS3Error(tagging([{ Key: "k".repeat(129), Value: "v" }]), "InvalidTag", 400);
    await expectS3Error(tagging([{ Key: "k", Value: "v".repeat(257) }]), "InvalidTag", 400);
    await expectS3Error(
      tagging([
        { Key: "same", Value: "1" },
        { Key: "same", Value: "2" },
      ]),
      "InvalidTag",
      undefined,
      "Cannot provide multiple Tags with the same key",
    );
    await expectS3Error(
      tagging([{ Key: "aws:reserved", Value: "v" }]),
      "InvalidTag",
      undefined,
      "Your TagKey cannot be prefixed with aws:",
    );
    await expectS3Error(
      tagging([{ Key: "a,b", Value: "v" }]),
      "InvalidTag",
      undefined,
      "The TagKey you have provided is invalid",
    );
    await expectS3Error(
      put("tag-header", "x", { Tagging: Array.from({ length: 11 }, (_, i) => `k${i}=v`).join("&") }),
      "BadRequest",
      400,
      "Object tags cannot be greater than 10",
    );
  });

  it("answers NoSuchKey for a missing object", async () => {
    await expectS3Error(
      s3.send(new GetObjectTaggingCommand({ Bucket: bucket, Key: "no-such" })),
      "NoSuchKey",
      404,
    );
    await expectS3Error(tagging([], "no-such"), "NoSuchKey", 404);
  });
});

describe("GetObjectAttributes", () => {
  it("returns only the attributes asked for", async () => {
    const stored = await put("attrs", "attributes", {
      ChecksumAlgorithm: "CRC32C",
      StorageClass: "STANDARD_IA",
    });
    const all = await s3.send(
      new GetObjectAttributesCommand({
        Bucket: bucket,
        Key: "attrs",
        ObjectAttributes: ["ETag", "Checksum", "ObjectSize", "StorageClass", "ObjectParts"],
      }),
    );
    expect(all.ETag).toBe(stored.ETag!.replace(/"/g, ""));
    expect(all.ObjectSize).toBe(10);
    expect(all.StorageClass).toBe("STANDARD_IA");
    expect(all.Checksum).toEqual({ ChecksumCRC32C: stored.ChecksumCRC32C, ChecksumType: "FULL_OBJECT" });
    expect(all.ObjectParts).toBeUndefined();
    expect(all.LastModified).toBeInstanceOf(Date);
    const some = await s3.send(
      new GetObjectAttributesCommand({ Bucket: bucket, Key: "attrs", ObjectAttributes: ["ObjectSize"] }),
    );
    expect(some.ObjectSize).toBe(10);
    expect(some.ETag).toBeUndefined();
    expect(some.Checksum).toBeUndefined();
  });
});
