import {
  CopyObjectCommand,
  CreateBucketCommand,
  DeleteObjectCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  GetObjectTaggingCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  ListObjectVersionsCommand,
  type ListObjectVersionsCommandOutput,
  PutBucketVersioningCommand,
  PutObjectCommand,
  PutObjectTaggingCommand,
} from "@aws-sdk/client-s3";
import { getSignedUrl } from "@aws-sdk/s3-request-presigner";
import { describe, expect, it } from "vitest";
import { s3Client, uniqueName } from "./support/clients.ts";
import { expectS3Error } from "./support/expect-aws-error.ts";
import { boundedPages } from "./support/pages.ts";

const s3 = s3Client();

async function versionedBucket(prefix: string): Promise<string> {
  const bucket = uniqueName(prefix);
  await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  await setVersioning(bucket, "Enabled");
  return bucket;
}

async function setVersioning(bucket: string, status: "Enabled" | "Suspended"): Promise<void> {
  await s3.send(
    new PutBucketVersioningCommand({ Bucket: bucket, VersioningConfiguration: { Status: status } }),
  );
}

async function put(bucket: string, key: string, body: string): Promise<string | undefined> {
  return (await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body }))).VersionId;
}

async function text(bucket: string, key: string, versionId?: string): Promise<string> {
  const got = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key, VersionId: versionId }));
  return got.Body!.transformToString();
}

/** The versions, then the delete markers (the SDK separates them), as [key, versionId, kind, isLatest]. */
function entries(listing: ListObjectVersionsCommandOutput): Array<[string, string, "v" | "dm", boolean]> {
  const all: Array<[string, string, "v" | "dm", boolean]> = [
    ...(listing.Versions ?? []).map(
      (v) => [v.Key!, v.VersionId!, "v", v.IsLatest!] as [string, string, "v", boolean],
    ),
    ...(listing.DeleteMarkers ?? []).map(
      (d) => [d.Key!, d.VersionId!, "dm", d.IsLatest!] as [string, string, "dm", boolean],
    ),
  ];
  return all;
}

/** The raw ListVersionsResult, to see the order of <Version> and <DeleteMarker> elements as sent. */
async function rawVersions(bucket: string): Promise<Array<[string, string, string]>> {
  const url = await getSignedUrl(s3, new ListObjectVersionsCommand({ Bucket: bucket }), { expiresIn: 60 });
  const res = await fetch(url);
  expect(res.status).toBe(200);
  const xml = await res.text();
  expect(xml).toContain('<ListVersionsResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">');
  const out: Array<[string, string, string]> = [];
  for (const m of xml.matchAll(
    /<(Version|DeleteMarker)>.*?<Key>(.*?)<\/Key><VersionId>(.*?)<\/VersionId>/g,
  )) {
    out.push([m[1]!, m[2]!, m[3]!]);
  }
  return out;
}

describe("versioning enabled", () => {
  it("keeps every version, newest first, each readable by id", async () => {
    const bucket = await versionedBucket("ver-keep");
    const ids = [
      await put(bucket, "doc", "one"),
      await put(bucket, "doc", "two"),
      await put(bucket, "doc", "three"),
    ];
    for (const id of ids) expect(id).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(new Set(ids).size).toBe(3);
    expect(await text(bucket, "doc")).toBe("three");
    expect(await text(bucket, "doc", ids[0])).toBe("one");
    expect(await text(bucket, "doc", ids[1])).toBe("two");
    const head = await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: "doc", VersionId: ids[0] }));
    expect(head.VersionId).toBe(ids[0]);
    expect(head.ContentLength).toBe(3);
    const got = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: "doc" }));
    expect(got.VersionId).toBe(ids[2]);
    const listing = await s3.send(new ListObjectVersionsCommand({ Bucket: bucket }));
    expect(entries(listing)).toEqual([
      ["doc", ids[2], "v", true],
      ["doc", ids[1], "v", false],
      ["doc", ids[0], "v", false],
    ]);
    expect(listing.Versions?.[0]?.Size).toBe(5);
    expect(listing.Versions?.[0]?.Owner?.ID).toMatch(/^[0-9a-f]{64}$/);
  });

  it("a delete adds a delete marker: reads are 404 with x-amz-delete-marker, the old versions stay", async () => {
    const bucket = await versionedBucket("ver-marker");
    const v1 = await put(bucket, "gone", "body");
    const del = await s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: "gone" }));
    expect(del.DeleteMarker).toBe(true);
    expect(del.VersionId).toMatch(/^[A-Za-z0-9_-]{32}$/);

    const get = await expectS3Error(
      s3.send(new GetObjectCommand({ Bucket: bucket, Key: "gone" })),
      "NoSuchKey",
    );
    expect(get.$response?.headers["x-amz-delete-marker"]).toBe("true");
    expect(get.$response?.headers["x-amz-version-id"]).toBe(del.VersionId);

    const head = await expectS3Error(
      s3.send(new HeadObjectCommand({ Bucket: bucket, Key: "gone" })),
      undefined,
      404,
    );
    expect(head.$response?.headers["x-amz-delete-marker"]).toBe("true");

    // Naming the delete marker itself is 405, with Allow: DELETE.
    const byId = await expectS3Error(
      s3.send(new GetObjectCommand({ Bucket: bucket, Key: "gone", VersionId: del.VersionId })),
      "MethodNotAllowed",
      405,
    );
    expect(byId.$response?.headers.allow).toBe("DELETE");
    expect(byId.$response?.headers["x-amz-delete-marker"]).toBe("true");
    await expectS3Error(
      s3.send(new HeadObjectCommand({ Bucket: bucket, Key: "gone", VersionId: del.VersionId })),
      undefined,
      405,
    );

    expect(await text(bucket, "gone", v1)).toBe("body");
    const listed = await s3.send(new ListObjectsV2Command({ Bucket: bucket }));
    expect(listed.KeyCount).toBe(0);
    const versions = await s3.send(new ListObjectVersionsCommand({ Bucket: bucket }));
    expect(entries(versions)).toEqual([
      ["gone", v1, "v", false],
      ["gone", del.VersionId, "dm", true],
    ]);
    expect(versions.DeleteMarkers?.[0]?.Owner?.ID).toMatch(/^[0-9a-f]{64}$/);
  });

  it("deleting the delete marker brings the object back", async () => {
    const bucket = await versionedBucket("ver-undelete");
    await put(bucket, "k", "alive");
    const marker = await s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: "k" }));
    const removed = await s3.send(
      new DeleteObjectCommand({ Bucket: bucket, Key: "k", VersionId: marker.VersionId }),
    );
    expect(removed.DeleteMarker).toBe(true);
    expect(removed.VersionId).toBe(marker.VersionId);
    expect(await text(bucket, "k")).toBe("alive");
  });

  it("deleting by version id removes only that version", async () => {
    const bucket = await versionedBucket("ver-delete-id");
    const v1 = await put(bucket, "k", "first");
    const v2 = await put(bucket, "k", "second");
    const del = await s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: "k", VersionId: v2 }));
    expect(del.VersionId).toBe(v2);
    expect(del.DeleteMarker).toBeUndefined();
    expect(await text(bucket, "k")).toBe("first");
    const gone = await expectS3Error(
      s3.send(new GetObjectCommand({ Bucket: bucket, Key: "k", VersionId: v2 })),
      "NoSuchVersion",
    );
    expect(gone.$response?.headers["x-amz-delete-marker"]).toBeUndefined();
    await expectS3Error(
      s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: "k", VersionId: `${v1!.slice(0, -4)}ABCD` })),
      "InvalidArgument",
      undefined,
      "Invalid version id specified",
    );
    const versions = await s3.send(new ListObjectVersionsCommand({ Bucket: bucket }));
    expect(entries(versions)).toEqual([["k", v1, "v", true]]);
  });

  it("DeleteObjects adds markers, deletes named versions and reports unknown ones", async () => {
    const bucket = await versionedBucket("ver-batch");
    const v1 = await put(bucket, "a", "a");
    const vb = await put(bucket, "b", "b");
    const res = await s3.send(
      new DeleteObjectsCommand({
        Bucket: bucket,
        Delete: {
          Objects: [
            { Key: "a" },
            { Key: "b", VersionId: vb },
            { Key: "a", VersionId: "HPniJFCxqTsMuIH9KX8K8wEjNUgmABCD" },
          ],
        },
      }),
    );
    const byKey = new Map(res.Deleted?.map((d) => [`${d.Key}:${d.VersionId ?? ""}`, d]));
    expect(byKey.get("a:")?.DeleteMarker).toBe(true);
    expect(byKey.get("a:")?.DeleteMarkerVersionId).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(byKey.get(`b:${vb}`)?.DeleteMarker).toBeUndefined();
    expect(res.Errors).toEqual([
      {
        Key: "a",
        VersionId: "HPniJFCxqTsMuIH9KX8K8wEjNUgmABCD",
        Code: "NoSuchVersion",
        Message: "The specified version does not exist.",
      },
    ]);
    const marker = byKey.get("a:")!.DeleteMarkerVersionId!;
    const again = await s3.send(
      new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: [{ Key: "a", VersionId: marker }] } }),
    );
    expect(again.Deleted).toEqual([
      { Key: "a", VersionId: marker, DeleteMarker: true, DeleteMarkerVersionId: marker },
    ]);
    expect(await text(bucket, "a")).toBe("a");
    expect(await text(bucket, "a", v1)).toBe("a");
  });

  it("lists versions and delete markers interleaved by key, newest first", async () => {
    const bucket = await versionedBucket("ver-order");
    const a1 = await put(bucket, "a", "1");
    const b1 = await put(bucket, "b", "1");
    const aDel = (await s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: "a" }))).VersionId!;
    const a2 = await put(bucket, "a", "2");
    const bDel = (await s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: "b" }))).VersionId!;
    expect(await rawVersions(bucket)).toEqual([
      ["Version", "a", a2],
      ["DeleteMarker", "a", aDel],
      ["Version", "a", a1],
      ["DeleteMarker", "b", bDel],
      ["Version", "b", b1],
    ]);
    const listed = await s3.send(new ListObjectsV2Command({ Bucket: bucket }));
    expect(listed.Contents?.map((c) => c.Key)).toEqual(["a"]);
  });

  it("pages ListObjectVersions with key and version-id markers", async () => {
    const bucket = await versionedBucket("ver-pages");
    for (const key of ["a", "a", "a", "b", "c", "c"]) await put(bucket, key, key);
    await s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: "a" }));
    const all = (await rawVersions(bucket)).map(([, key, id]) => [key, id]);
    expect(all.length).toBe(7);
    const position = (id: string) => all.findIndex((e) => e[1] === id);
    for (const size of [1, 2, 3]) {
      const seen: string[][] = [];
      let keyMarker: string | undefined;
      let versionIdMarker: string | undefined;
      // No more pages than entries, and one spare.
      for (const _ of boundedPages(all.length + 1)) {
        const page = await s3.send(
          new ListObjectVersionsCommand({
            Bucket: bucket,
            MaxKeys: size,
            KeyMarker: keyMarker,
            VersionIdMarker: versionIdMarker,
          }),
        );
        // A page is a run of S3's order; the SDK splits it, so order it back by position.
        const got = entries(page)
          .map(([key, id]) => [key, id])
          .sort((x, y) => position(x[1]!) - position(y[1]!));
        expect(got.length).toBeLessThanOrEqual(size);
        seen.push(...got);
        if (!page.IsTruncated) break;
        const last = got[got.length - 1]!;
        expect(page.NextKeyMarker).toBe(last[0]);
        expect(page.NextVersionIdMarker).toBe(last[1]);
        keyMarker = page.NextKeyMarker;
        versionIdMarker = page.NextVersionIdMarker;
      }
      expect(seen).toEqual(all);
    }
    const keyOnly = await s3.send(new ListObjectVersionsCommand({ Bucket: bucket, KeyMarker: "a" }));
    expect(entries(keyOnly).map((e) => e[0])).toEqual(["b", "c", "c"]);
    await expectS3Error(
      s3.send(new ListObjectVersionsCommand({ Bucket: bucket, VersionIdMarker: all[0]![1] })),
      "InvalidArgument",
      undefined,
      "A version-id marker cannot be specified without a key marker.",
    );
  });

  it("rolls versions up into CommonPrefixes with a delimiter, paging past each prefix", async () => {
    const bucket = await versionedBucket("ver-prefixes");
    for (const key of [
      "folder/a-sub/one",
      "folder/a-sub/two",
      "folder/file1",
      "folder/file1",
      "folder/file2",
    ]) {
      await put(bucket, key, "x");
    }
    const first = await s3.send(
      new ListObjectVersionsCommand({ Bucket: bucket, Prefix: "folder/", Delimiter: "/", MaxKeys: 1 }),
    );
    expect(first.CommonPrefixes?.map((p) => p.Prefix)).toEqual(["folder/a-sub/"]);
    expect(first.NextKeyMarker).toBe("folder/a-sub/");
    expect(first.NextVersionIdMarker).toBeUndefined();
    const second = await s3.send(
      new ListObjectVersionsCommand({
        Bucket: bucket,
        Prefix: "folder/",
        Delimiter: "/",
        MaxKeys: 10,
        KeyMarker: first.NextKeyMarker,
      }),
    );
    expect(second.CommonPrefixes).toBeUndefined();
    expect(entries(second).map((e) => [e[0], e[3]])).toEqual([
      ["folder/file1", true],
      ["folder/file1", false],
      ["folder/file2", true],
    ]);
    // A key marker inside a prefix already returned skips the rest of that prefix, as S3 does.
    const inside = await s3.send(
      new ListObjectVersionsCommand({
        Bucket: bucket,
        Prefix: "folder/",
        Delimiter: "/",
        KeyMarker: "folder/a-sub/one",
      }),
    );
    expect(inside.CommonPrefixes).toBeUndefined();
    expect(entries(inside)[0]![0]).toBe("folder/file1");
  });

  it("hides deleted keys, and folders holding only deleted keys, from ListObjectsV2", async () => {
    const bucket = await versionedBucket("ver-hidden");
    for (const key of ["keep/a", "drop/a", "drop/b", "top"]) await put(bucket, key, "x");
    for (const key of ["drop/a", "drop/b", "top"])
      await s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: key }));
    const flat = await s3.send(new ListObjectsV2Command({ Bucket: bucket }));
    expect(flat.Contents?.map((c) => c.Key)).toEqual(["keep/a"]);
    const folders = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Delimiter: "/" }));
    expect(folders.CommonPrefixes?.map((p) => p.Prefix)).toEqual(["keep/"]);
    expect(folders.KeyCount).toBe(1);
  });

  it("copies a named source version and tags one version without touching the others", async () => {
    const bucket = await versionedBucket("ver-copy-tag");
    const v1 = await put(bucket, "src", "old");
    const v2 = await put(bucket, "src", "new");
    const copy = await s3.send(
      new CopyObjectCommand({ Bucket: bucket, Key: "dst", CopySource: `${bucket}/src?versionId=${v1}` }),
    );
    expect(copy.CopySourceVersionId).toBe(v1);
    expect(copy.VersionId).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(await text(bucket, "dst")).toBe("old");

    const tagged = await s3.send(
      new PutObjectTaggingCommand({
        Bucket: bucket,
        Key: "src",
        VersionId: v1,
        Tagging: { TagSet: [{ Key: "era", Value: "first" }] },
      }),
    );
    expect(tagged.VersionId).toBe(v1);
    const t1 = await s3.send(new GetObjectTaggingCommand({ Bucket: bucket, Key: "src", VersionId: v1 }));
    expect(t1.TagSet).toEqual([{ Key: "era", Value: "first" }]);
    expect(t1.VersionId).toBe(v1);
    const t2 = await s3.send(new GetObjectTaggingCommand({ Bucket: bucket, Key: "src" }));
    expect(t2.TagSet).toEqual([]);
    expect(t2.VersionId).toBe(v2);

    const marker = await s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: "src" }));
    await expectS3Error(
      s3.send(
        new CopyObjectCommand({
          Bucket: bucket,
          Key: "x",
          CopySource: `${bucket}/src?versionId=${marker.VersionId}`,
        }),
      ),
      "InvalidRequest",
    );
    await expectS3Error(
      s3.send(new PutObjectTaggingCommand({ Bucket: bucket, Key: "src", Tagging: { TagSet: [] } })),
      "MethodNotAllowed",
    );
    // GetObjectTagging too answers a current delete marker with 405, unlike GetObject.
    const readTags = await expectS3Error(
      s3.send(new GetObjectTaggingCommand({ Bucket: bucket, Key: "src" })),
      "MethodNotAllowed",
    );
    expect(readTags.$response?.headers["x-amz-delete-marker"]).toBe("true");
  });
});

describe("versioning suspended", () => {
  it("writes the null version, replacing the previous null version and keeping the versioned ones", async () => {
    const bucket = uniqueName("ver-suspend");
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
    // Written before versioning was ever enabled: the null version.
    expect(await put(bucket, "k", "unversioned")).toBeUndefined();
    await setVersioning(bucket, "Enabled");
    const v1 = await put(bucket, "k", "versioned");
    let listing = entries(await s3.send(new ListObjectVersionsCommand({ Bucket: bucket })));
    expect(listing).toEqual([
      ["k", v1, "v", true],
      ["k", "null", "v", false],
    ]);
    expect(await text(bucket, "k", "null")).toBe("unversioned");

    await setVersioning(bucket, "Suspended");
    expect(await put(bucket, "k", "suspended-1")).toBe("null");
    expect(await put(bucket, "k", "suspended-2")).toBe("null");
    listing = entries(await s3.send(new ListObjectVersionsCommand({ Bucket: bucket })));
    expect(listing).toEqual([
      ["k", "null", "v", true],
      ["k", v1, "v", false],
    ]);
    expect(await text(bucket, "k")).toBe("suspended-2");
    expect(await text(bucket, "k", v1)).toBe("versioned");

    const del = await s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: "k" }));
    expect(del.DeleteMarker).toBe(true);
    expect(del.VersionId).toBe("null");
    listing = entries(await s3.send(new ListObjectVersionsCommand({ Bucket: bucket })));
    expect(listing).toEqual([
      ["k", v1, "v", false],
      ["k", "null", "dm", true],
    ]);
  });
});

describe("a bucket that was never versioned", () => {
  it("knows only the null version", async () => {
    const bucket = uniqueName("ver-none");
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
    await put(bucket, "k", "body");
    expect(await text(bucket, "k", "null")).toBe("body");
    await expectS3Error(
      s3.send(
        new GetObjectCommand({ Bucket: bucket, Key: "k", VersionId: "HPniJFCxqTsMuIH9KX8K8wEjNUgmABCD" }),
      ),
      "InvalidArgument",
      undefined,
      "Invalid version id specified",
    );
    await expectS3Error(
      s3.send(new GetObjectCommand({ Bucket: bucket, Key: "k", VersionId: "" })),
      "InvalidArgument",
      undefined,
      "Version id cannot be the empty string",
    );
    const listing = await s3.send(new ListObjectVersionsCommand({ Bucket: bucket }));
    expect(entries(listing)).toEqual([["k", "null", "v", true]]);
    const del = await s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: "k" }));
    expect(del.DeleteMarker).toBeUndefined();
    expect(del.VersionId).toBeUndefined();
    expect((await s3.send(new ListObjectVersionsCommand({ Bucket: bucket }))).Versions).toBeUndefined();
  });
});
