import {
  CreateBucketCommand,
  ListObjectsCommand,
  ListObjectsV2Command,
  type ListObjectsV2CommandOutput,
  PutObjectCommand,
  paginateListObjectsV2,
} from "@aws-sdk/client-s3";
import { beforeAll, describe, expect, it } from "vitest";
import { s3Client, uniqueName } from "./support/clients.ts";
import { eachLimited } from "./support/concurrency.ts";
import { expectS3Error } from "./support/expect-aws-error.ts";
import { boundedPages } from "./support/pages.ts";

const s3 = s3Client();

async function putKeys(bucket: string, keys: string[]): Promise<void> {
  await eachLimited(keys, 50, (Key) => s3.send(new PutObjectCommand({ Bucket: bucket, Key, Body: Key })));
}

function keysOf(page: ListObjectsV2CommandOutput): string[] {
  return (page.Contents ?? []).map((c) => c.Key!);
}

describe("a bucket of 2,500 keys", () => {
  const bucket = uniqueName("listing-big");
  // 50 keys at the top level, the rest spread over 20 "folders".
  const allKeys = Array.from({ length: 2500 }, (_, i) => {
    const n = String(i).padStart(4, "0");
    return i % 50 === 0 ? `top-${n}` : `d${String(i % 20).padStart(2, "0")}/item-${n}`;
  });
  const sorted = [...allKeys].sort();
  const folders = [
    ...new Set(allKeys.filter((k) => k.includes("/")).map((k) => `${k.split("/")[0]}/`)),
  ].sort();
  const topKeys = sorted.filter((k) => !k.includes("/"));

  beforeAll(async () => {
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
    await putKeys(bucket, allKeys);
  }, 120_000);

  it("pages through every key exactly once, in order, 1000 at a time by default", async () => {
    const pages: ListObjectsV2CommandOutput[] = [];
    let token: string | undefined;
    for (const _ of boundedPages(5)) {
      const page = await s3.send(new ListObjectsV2Command({ Bucket: bucket, ContinuationToken: token }));
      pages.push(page);
      token = page.NextContinuationToken;
      expect(page.IsTruncated).toBe(token !== undefined);
      if (!token) break;
    }
    expect(pages.map((p) => p.KeyCount)).toEqual([1000, 1000, 500]);
    expect(pages.map((p) => p.MaxKeys)).toEqual([1000, 1000, 1000]);
    expect(pages[0]!.ContinuationToken).toBeUndefined();
    expect(pages[1]!.ContinuationToken).toBe(pages[0]!.NextContinuationToken);
    expect(pages.flatMap(keysOf)).toEqual(sorted);
  });

  it("pages with MaxKeys 333", async () => {
    const listed: string[] = [];
    const sizes: number[] = [];
    let token: string | undefined;
    for (const _ of boundedPages(12)) {
      const page = await s3.send(
        new ListObjectsV2Command({ Bucket: bucket, MaxKeys: 333, ContinuationToken: token }),
      );
      sizes.push(page.KeyCount!);
      listed.push(...keysOf(page));
      token = page.NextContinuationToken;
      if (!token) break;
    }
    expect(sizes).toEqual([...Array(7).fill(333), 2500 - 7 * 333]);
    expect(listed).toEqual(sorted);
  });

  it("rolls folders up into CommonPrefixes with a delimiter", async () => {
    const page = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Delimiter: "/" }));
    expect(page.CommonPrefixes?.map((p) => p.Prefix)).toEqual(folders);
    expect(keysOf(page)).toEqual(topKeys);
    expect(page.KeyCount).toBe(folders.length + topKeys.length);
    expect(page.Delimiter).toBe("/");
    expect(page.IsTruncated).toBe(false);
  });

  it("counts each CommonPrefix once toward MaxKeys while paging through prefixes", async () => {
    const prefixes: string[] = [];
    const keys: string[] = [];
    const counts: number[] = [];
    let token: string | undefined;
    for (const _ of boundedPages(15)) {
      const page = await s3.send(
        new ListObjectsV2Command({ Bucket: bucket, Delimiter: "/", MaxKeys: 7, ContinuationToken: token }),
      );
      counts.push(page.KeyCount!);
      expect(page.KeyCount).toBe((page.CommonPrefixes?.length ?? 0) + (page.Contents?.length ?? 0));
      prefixes.push(...(page.CommonPrefixes ?? []).map((p) => p.Prefix!));
      keys.push(...keysOf(page));
      token = page.NextContinuationToken;
      if (!token) break;
    }
    const total = folders.length + topKeys.length;
    expect(counts).toEqual([...Array(Math.floor(total / 7)).fill(7), total % 7].filter((n) => n > 0));
    expect(prefixes).toEqual(folders);
    expect(keys).toEqual(topKeys);
  });

  it("lists one folder with a prefix, and pages inside it", async () => {
    const inFolder = sorted.filter((k) => k.startsWith("d07/"));
    const first = await s3.send(
      new ListObjectsV2Command({ Bucket: bucket, Prefix: "d07/", Delimiter: "/", MaxKeys: 100 }),
    );
    expect(first.Prefix).toBe("d07/");
    expect(first.CommonPrefixes).toBeUndefined();
    expect(keysOf(first)).toEqual(inFolder.slice(0, 100));
    expect(first.IsTruncated).toBe(inFolder.length > 100);
    const rest = await s3.send(
      new ListObjectsV2Command({
        Bucket: bucket,
        Prefix: "d07/",
        Delimiter: "/",
        ContinuationToken: first.NextContinuationToken,
      }),
    );
    expect([...keysOf(first), ...keysOf(rest)]).toEqual(inFolder);
  });

  it("starts after StartAfter and echoes it", async () => {
    const page = await s3.send(
      new ListObjectsV2Command({ Bucket: bucket, StartAfter: sorted[1234], MaxKeys: 5 }),
    );
    expect(page.StartAfter).toBe(sorted[1234]);
    expect(keysOf(page)).toEqual(sorted.slice(1235, 1240));
  });

  it("collects every key through the SDK paginator", async () => {
    const listed: string[] = [];
    for await (const page of paginateListObjectsV2({ client: s3, pageSize: 400 }, { Bucket: bucket })) {
      listed.push(...keysOf(page));
    }
    expect(listed).toEqual(sorted);
  });

  it("pages ListObjects (v1) with markers: the last key without a delimiter, NextMarker with one", async () => {
    const listed: string[] = [];
    let marker: string | undefined;
    for (const _ of boundedPages(10)) {
      const page = await s3.send(new ListObjectsCommand({ Bucket: bucket, MaxKeys: 600, Marker: marker }));
      expect(page.Marker ?? "").toBe(marker ?? "");
      expect(page.NextMarker).toBeUndefined();
      const keys = (page.Contents ?? []).map((c) => c.Key!);
      listed.push(...keys);
      // v1 always names the owner.
      expect(page.Contents?.[0]?.Owner?.ID).toMatch(/^[0-9a-f]{64}$/);
      if (!page.IsTruncated) break;
      marker = keys[keys.length - 1];
    }
    expect(listed).toEqual(sorted);

    const prefixes: string[] = [];
    const keys: string[] = [];
    let next: string | undefined;
    for (const _ of boundedPages(15)) {
      const page = await s3.send(
        new ListObjectsCommand({ Bucket: bucket, Delimiter: "/", MaxKeys: 9, Marker: next }),
      );
      prefixes.push(...(page.CommonPrefixes ?? []).map((p) => p.Prefix!));
      keys.push(...(page.Contents ?? []).map((c) => c.Key!));
      if (!page.IsTruncated) {
        expect(page.NextMarker).toBeUndefined();
        break;
      }
      expect(page.NextMarker).toBeDefined();
      next = page.NextMarker;
    }
    expect(prefixes).toEqual(folders);
    expect(keys).toEqual(topKeys);
  });
});

describe("listing details", () => {
  const bucket = uniqueName("listing-small");

  beforeAll(async () => {
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
    await putKeys(bucket, ["a", "b/1", "b/2", "c"]);
  });

  it("answers MaxKeys 0 with nothing and no truncation", async () => {
    const page = await s3.send(new ListObjectsV2Command({ Bucket: bucket, MaxKeys: 0 }));
    expect(page.KeyCount).toBe(0);
    expect(page.Contents).toBeUndefined();
    expect(page.IsTruncated).toBe(false);
    expect(page.MaxKeys).toBe(0);
  });

  it("shows Owner only with FetchOwner, and each object's fields", async () => {
    const plain = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: "a" }));
    expect(plain.Contents?.[0]?.Owner).toBeUndefined();
    const withOwner = await s3.send(
      new ListObjectsV2Command({ Bucket: bucket, Prefix: "a", FetchOwner: true }),
    );
    const a = withOwner.Contents![0]!;
    expect(a.Owner?.ID).toMatch(/^[0-9a-f]{64}$/);
    expect(a).toMatchObject({
      Key: "a",
      Size: 1,
      ETag: '"0cc175b9c0f1b6a831c399e269772661"',
      StorageClass: "STANDARD",
    });
    expect(a.LastModified).toBeInstanceOf(Date);
    expect(a.ChecksumAlgorithm?.length).toBe(1);
    expect(a.ChecksumType).toBe("FULL_OBJECT");
  });

  it("rejects a bad max-keys, continuation token and encoding type", async () => {
    await expectS3Error(
      s3.send(new ListObjectsV2Command({ Bucket: bucket, ContinuationToken: "not-a-token" })),
      "InvalidArgument",
      400,
      "The continuation token provided is incorrect",
    );
    await expectS3Error(
      s3.send(new ListObjectsV2Command({ Bucket: bucket, MaxKeys: -1 })),
      "InvalidArgument",
      undefined,
      "Argument maxKeys must be an integer between 0 and 2147483647",
    );
    await expectS3Error(
      s3.send(new ListObjectsV2Command({ Bucket: bucket, EncodingType: "base64" as "url" })),
      "InvalidArgument",
      undefined,
      "Invalid Encoding Method specified in Request",
    );
  });

  it("answers NoSuchBucket for a missing bucket", async () => {
    await expectS3Error(s3.send(new ListObjectsV2Command({ Bucket: uniqueName("missing") })), "NoSuchBucket");
  });
});

describe("encoding-type=url", () => {
  const bucket = uniqueName("listing-enc");
  const awkward = [
    "dir one/a b.txt",
    "plus+sign",
    "100%.csv",
    "unicode/é漢字😀.png",
    "eq=1&x",
    "tilde~ok_-.",
  ];

  beforeAll(async () => {
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
    await putKeys(bucket, awkward);
  });

  it("percent-encodes keys, keeping / and unreserved characters, as S3 does", async () => {
    const page = await s3.send(new ListObjectsV2Command({ Bucket: bucket, EncodingType: "url" }));
    expect(page.EncodingType).toBe("url");
    const keys = keysOf(page);
    expect(keys).toContain("dir%20one/a%20b.txt");
    expect(keys).toContain("plus%2Bsign");
    expect(keys).toContain("100%25.csv");
    expect(keys).toContain("unicode/%C3%A9%E6%BC%A2%E5%AD%97%F0%9F%98%80.png");
    expect(keys).toContain("eq%3D1%26x");
    expect(keys).toContain("tilde~ok_-.");
    expect(keys.map(decodeURIComponent).sort()).toEqual([...awkward].sort());
  });

  it("encodes Prefix, Delimiter, StartAfter and CommonPrefixes too", async () => {
    const page = await s3.send(
      new ListObjectsV2Command({
        Bucket: bucket,
        EncodingType: "url",
        Delimiter: " ",
        StartAfter: "100%.csv",
      }),
    );
    expect(page.Delimiter).toBe("%20");
    expect(page.StartAfter).toBe("100%25.csv");
    expect(page.CommonPrefixes?.map((p) => p.Prefix)).toEqual(["dir%20"]);
    const prefixed = await s3.send(
      new ListObjectsV2Command({ Bucket: bucket, EncodingType: "url", Prefix: "unicode/é" }),
    );
    expect(prefixed.Prefix).toBe("unicode/%C3%A9");
    expect(keysOf(prefixed)).toEqual(["unicode/%C3%A9%E6%BC%A2%E5%AD%97%F0%9F%98%80.png"]);
  });

  it("encodes ListObjects (v1) keys, Marker and NextMarker", async () => {
    const page = await s3.send(
      new ListObjectsCommand({
        Bucket: bucket,
        EncodingType: "url",
        Marker: "100%.csv",
        Delimiter: "/",
        MaxKeys: 1,
      }),
    );
    expect(page.Marker).toBe("100%25.csv");
    expect(page.CommonPrefixes?.map((p) => p.Prefix)).toEqual(["dir%20one/"]);
    expect(page.NextMarker).toBe("dir%20one/");
    expect(page.IsTruncated).toBe(true);
  });

  it("returns keys as stored without encoding-type", async () => {
    const page = await s3.send(new ListObjectsV2Command({ Bucket: bucket }));
    expect(keysOf(page).sort()).toEqual([...awkward].sort());
    expect(page.EncodingType).toBeUndefined();
  });
});
