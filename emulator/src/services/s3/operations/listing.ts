import type { HttpResponse } from "../../../gateway/http.ts";
import type { XmlObject, XmlValue } from "../../../protocol/xml.ts";
import { xmlResponse } from "../codec.ts";
import { s3Errors } from "../errors.ts";
import type { S3Call, S3Handlers } from "../handler.ts";
import { type KeyListItem, walkKeys } from "../list-keys.ts";
import {
  continuationToken,
  encoder,
  parseContinuationToken,
  parseEncodingType,
  parseMaxKeys,
} from "../list-params.ts";
import type { ObjectVersion } from "../model.ts";
import { ownerOf } from "../owner.ts";

/** Takes up to `max` items, and one more to learn whether the listing goes on. */
function takePage<T>(items: Iterator<T>, max: number): { page: T[]; truncated: boolean } {
  const page: T[] = [];
  if (max === 0) return { page, truncated: false };
  for (let next = items.next(); !next.done; next = items.next()) {
    if (page.length === max) return { page, truncated: true };
    page.push(next.value);
  }
  return { page, truncated: false };
}

interface CurrentListing {
  contents: XmlObject[];
  commonPrefixes: XmlObject[];
  truncated: boolean;
  /** The last key or CommonPrefix returned, unencoded. */
  last: string | undefined;
}

/** The shared part of ListObjects and ListObjectsV2: current versions only, delete markers hidden. */
function listCurrent(
  call: S3Call,
  opts: {
    prefix: string;
    delimiter: string;
    after: string;
    maxKeys: number;
    withOwner: boolean;
    url: boolean;
  },
): CurrentListing {
  const { state, bucket } = call;
  const table = state.objects(bucket);
  const current = (key: string) => table.get(key)?.versions[0];
  const { page, truncated } = takePage(
    walkKeys(table.keysSorted(), {
      prefix: opts.prefix,
      delimiter: opts.delimiter,
      after: opts.after,
      include: (key) => current(key)?.isDeleteMarker === false,
    }),
    opts.maxKeys,
  );
  const enc = encoder(opts.url);
  const contents: XmlObject[] = [];
  const commonPrefixes: XmlObject[] = [];
  for (const item of page) {
    if ("commonPrefix" in item) {
      commonPrefixes.push({ Prefix: enc(item.commonPrefix) });
      continue;
    }
    const v = current(item.key)!;
    contents.push({
      Key: enc(item.key),
      LastModified: new Date(v.lastModified),
      ETag: v.etag,
      ...checksumFields(v),
      Size: v.size,
      ...(opts.withOwner ? { Owner: ownerOf(v.ownerAccountId) } : {}),
      StorageClass: v.storageClass,
    });
  }
  return { contents, commonPrefixes, truncated, last: lastOf(page) };
}

function lastOf(page: KeyListItem[]): string | undefined {
  const item = page[page.length - 1];
  if (!item) return undefined;
  return "commonPrefix" in item ? item.commonPrefix : item.key;
}

function checksumFields(v: ObjectVersion): XmlObject {
  if (!v.checksum) return {};
  return { ChecksumAlgorithm: v.checksum.algorithm, ChecksumType: v.checksum.type };
}

function listQuery(call: S3Call) {
  const q = call.req.query;
  return {
    prefix: q.get("prefix") ?? "",
    delimiter: q.get("delimiter") ?? "",
    url: parseEncodingType(call.req),
    maxKeys: parseMaxKeys(call.req),
  };
}

type VersionItem = { commonPrefix: string } | { key: string; version: ObjectVersion; latest: boolean };

/** Every version in S3's order (by key, then newest first), resuming after the key and version markers. */
function* versionItems(
  call: S3Call,
  opts: { prefix: string; delimiter: string; keyMarker: string; versionIdMarker: string },
): Generator<VersionItem> {
  const table = call.state.objects(call.bucket);
  const { prefix, delimiter, keyMarker, versionIdMarker } = opts;
  if (versionIdMarker !== "" && keyMarker.startsWith(prefix)) {
    const rolledUp = delimiter !== "" && keyMarker.indexOf(delimiter, prefix.length) >= 0;
    const versions = table.get(keyMarker)?.versions ?? [];
    const at = versions.findIndex((v) => v.versionId === versionIdMarker);
    if (!rolledUp && at >= 0) {
      for (let j = at + 1; j < versions.length; j++) {
        yield { key: keyMarker, version: versions[j]!, latest: false };
      }
    }
  }
  const walk = walkKeys(table.keysSorted(), { prefix, delimiter, after: keyMarker, include: () => true });
  for (const item of walk) {
    if ("commonPrefix" in item) {
      yield item;
      continue;
    }
    const versions = table.get(item.key)?.versions ?? [];
    for (let j = 0; j < versions.length; j++) yield { key: item.key, version: versions[j]!, latest: j === 0 };
  }
}

function versionEntry(
  item: Exclude<VersionItem, { commonPrefix: string }>,
  enc: (s: string) => string,
): [string, XmlObject] {
  const v = item.version;
  if (v.isDeleteMarker) {
    return [
      "DeleteMarker",
      {
        Key: enc(item.key),
        VersionId: v.versionId,
        IsLatest: item.latest,
        LastModified: new Date(v.lastModified),
        Owner: ownerOf(v.ownerAccountId),
      },
    ];
  }
  return [
    "Version",
    {
      Key: enc(item.key),
      VersionId: v.versionId,
      IsLatest: item.latest,
      LastModified: new Date(v.lastModified),
      ETag: v.etag,
      ...checksumFields(v),
      Size: v.size,
      StorageClass: v.storageClass,
      Owner: ownerOf(v.ownerAccountId),
    },
  ];
}

export const listingOperations: S3Handlers = {
  ListObjectsV2(call) {
    call.state.bucket(call.bucket);
    const q = call.req.query;
    const { prefix, delimiter, url, maxKeys } = listQuery(call);
    const token = q.get("continuation-token");
    const startAfter = q.get("start-after") ?? "";
    const after = token !== null ? parseContinuationToken(token) : startAfter;
    const fetchOwner = (q.get("fetch-owner") ?? "").toLowerCase() === "true";
    const listing = listCurrent(call, { prefix, delimiter, after, maxKeys, withOwner: fetchOwner, url });
    const enc = encoder(url);
    return xmlResponse("ListBucketResult", {
      Name: call.bucket,
      Prefix: enc(prefix),
      ContinuationToken: token ?? undefined,
      NextContinuationToken:
        listing.truncated && listing.last !== undefined ? continuationToken(listing.last) : undefined,
      // A continuation token supersedes start-after, and S3 then leaves StartAfter out.
      StartAfter: token === null && startAfter !== "" ? enc(startAfter) : undefined,
      KeyCount: listing.contents.length + listing.commonPrefixes.length,
      MaxKeys: maxKeys,
      Delimiter: delimiter !== "" ? enc(delimiter) : undefined,
      EncodingType: url ? "url" : undefined,
      IsTruncated: listing.truncated,
      Contents: listing.contents,
      CommonPrefixes: listing.commonPrefixes,
    });
  },

  ListObjects(call) {
    call.state.bucket(call.bucket);
    const { prefix, delimiter, url, maxKeys } = listQuery(call);
    const marker = call.req.query.get("marker") ?? "";
    const listing = listCurrent(call, { prefix, delimiter, after: marker, maxKeys, withOwner: true, url });
    const enc = encoder(url);
    return xmlResponse("ListBucketResult", {
      Name: call.bucket,
      Prefix: enc(prefix),
      Marker: enc(marker),
      // S3 gives NextMarker only with a delimiter; without one, clients resume from the last key.
      NextMarker:
        listing.truncated && delimiter !== "" && listing.last !== undefined ? enc(listing.last) : undefined,
      MaxKeys: maxKeys,
      Delimiter: delimiter !== "" ? enc(delimiter) : undefined,
      EncodingType: url ? "url" : undefined,
      IsTruncated: listing.truncated,
      Contents: listing.contents,
      CommonPrefixes: listing.commonPrefixes,
    });
  },

  ListObjectVersions(call): HttpResponse {
    const q = call.req.query;
    const keyMarker = q.get("key-marker") ?? "";
    const versionIdMarker = q.get("version-id-marker") ?? "";
    if (versionIdMarker !== "" && keyMarker === "") {
      throw s3Errors.invalidArgument(
        "A version-id marker cannot be specified without a key marker.",
        "version-id-marker",
        versionIdMarker,
      );
    }
    call.state.bucket(call.bucket);
    const { prefix, delimiter, url, maxKeys } = listQuery(call);
    const enc = encoder(url);
    const { page, truncated } = takePage(
      versionItems(call, { prefix, delimiter, keyMarker, versionIdMarker }),
      maxKeys,
    );
    const last = page[page.length - 1];
    const head: Record<string, XmlValue> = {
      Name: call.bucket,
      Prefix: enc(prefix),
      KeyMarker: enc(keyMarker),
      VersionIdMarker: versionIdMarker,
    };
    if (truncated && last) {
      if ("commonPrefix" in last) head.NextKeyMarker = enc(last.commonPrefix);
      else {
        head.NextKeyMarker = enc(last.key);
        head.NextVersionIdMarker = last.version.versionId;
      }
    }
    head.MaxKeys = maxKeys;
    if (delimiter !== "") head.Delimiter = enc(delimiter);
    if (url) head.EncodingType = "url";
    head.IsTruncated = truncated;
    // Versions and delete markers interleave in listing order.
    const entries: Array<[string, XmlObject]> = [];
    const prefixes: XmlObject[] = [];
    for (const item of page) {
      if ("commonPrefix" in item) prefixes.push({ Prefix: enc(item.commonPrefix) });
      else entries.push(versionEntry(item, enc));
    }
    return xmlResponse("ListVersionsResult", { ...head, "#ordered": entries, CommonPrefixes: prefixes });
  },
};
