import { createHash } from "node:crypto";
import type { HttpResponse } from "../../../gateway/http.ts";
import { AwsError } from "../../../protocol/aws-error.ts";
import { asArray, parseXml } from "../../../protocol/xml.ts";
import { checksumBase64, checksumHeader, verifyRequestChecksums } from "../checksums.ts";
import { emptyResponse, xmlResponse } from "../codec.ts";
import { checkConditions } from "../conditions.ts";
import { s3Errors } from "../errors.ts";
import type { S3Call, S3Handlers } from "../handler.ts";
import type { ObjectVersion, StoredChecksum } from "../model.ts";
import {
  applyResponseOverrides,
  objectAttributesFrom,
  parseTaggingHeader,
  versionHeaders,
} from "../object-headers.ts";
import { deleteObject, findVersion, putVersion } from "../object-store.ts";
import { parseRange } from "../range.ts";

const MAX_KEY_BYTES = 1024;
const MAX_DELETE_KEYS = 1000;

export function checkKey(key: string): void {
  if (Buffer.byteLength(key) > MAX_KEY_BYTES) {
    throw new AwsError("KeyTooLongError", "Your key is too long", 400, {
      fields: { Size: String(Buffer.byteLength(key)), MaxSizeAllowed: String(MAX_KEY_BYTES) },
    });
  }
}

export function quotedMd5(data: Buffer): string {
  return `"${createHash("md5").update(data).digest("hex")}"`;
}

/** Headers a write answers with: ETag, encryption, version id and checksum. */
export function writeHeaders(version: ObjectVersion, versioned: boolean): Record<string, string> {
  const h: Record<string, string> = {
    etag: version.etag,
    "x-amz-server-side-encryption": version.serverSideEncryption,
  };
  if (versioned) h["x-amz-version-id"] = version.versionId;
  if (version.checksum) {
    h[checksumHeader(version.checksum.algorithm)] = version.checksum.value;
    h["x-amz-checksum-type"] = version.checksum.type;
  }
  return h;
}

function versionIdParam(call: S3Call): string | null {
  return call.req.query.get("versionId");
}

async function getOrHead(call: S3Call, withBody: boolean): Promise<HttpResponse> {
  const { state, bucket, key, req } = call;
  const b = state.bucket(bucket);
  const version = findVersion(state, b, key, versionIdParam(call));
  checkConditions(req, version);
  const headers = versionHeaders(version, b, req);
  applyResponseOverrides(req, headers);
  let start = 0;
  let end = version.size - 1;
  let status = 200;
  const partNumber = req.query.get("partNumber");
  if (partNumber !== null) {
    const n = Number(partNumber);
    if (!Number.isInteger(n) || n < 1 || n > 10000) {
      throw s3Errors.invalidArgument(
        "Part number must be an integer between 1 and 10000, inclusive",
        "partNumber",
        partNumber,
      );
    }
    if (n > version.parts.length) throw s3Errors.invalidRange(version.size, `part ${n}`);
    start = version.parts.slice(0, n - 1).reduce((s, p) => s + p.size, 0);
    end = start + version.parts[n - 1]!.size - 1;
    headers["x-amz-mp-parts-count"] = String(version.parts.length);
    status = 206;
    headers["content-range"] = `bytes ${start}-${end}/${version.size}`;
  } else {
    const range = parseRange(req.headers.range, version.size);
    if (range) {
      start = range.start;
      end = range.end;
      status = 206;
      headers["content-range"] = `bytes ${start}-${end}/${version.size}`;
    }
  }
  const length = Math.max(0, end - start + 1);
  headers["content-length"] = String(length);
  if (!withBody || length === 0) return { status, headers, body: withBody ? Buffer.alloc(0) : undefined };
  const blobIds = version.parts.map((p) => p.blobId);
  return { status, headers, body: state.store.streamBlobs(blobIds, start, end + 1) };
}

/** Parses x-amz-copy-source: "[/]bucket/key[?versionId=...]", URL-encoded. */
export function parseCopySource(value: string): { bucket: string; key: string; versionId: string | null } {
  const [path = "", query = ""] = value.split("?");
  const decoded = decodeURIComponent(path.startsWith("/") ? path.slice(1) : path);
  const slash = decoded.indexOf("/");
  if (slash <= 0 || slash === decoded.length - 1) {
    throw s3Errors.invalidArgument("Invalid copy source object key", "x-amz-copy-source", value);
  }
  return {
    bucket: decoded.slice(0, slash),
    key: decoded.slice(slash + 1),
    versionId: new URLSearchParams(query).get("versionId"),
  };
}

export const objectOperations: S3Handlers = {
  async PutObject(call) {
    const { state, ctx, req, bucket, key } = call;
    const b = state.bucket(bucket);
    checkKey(key);
    const body = req.body;
    const attrs = objectAttributesFrom(req);
    const existing = state.currentVersion(bucket, key);
    if (req.headers["if-none-match"] === "*" && existing && !existing.isDeleteMarker) {
      throw s3Errors.preconditionFailed("If-None-Match");
    }
    if (req.headers["if-match"] !== undefined) {
      if (!existing || existing.isDeleteMarker) throw s3Errors.noSuchKey(key);
      checkConditions(req, existing);
    }
    const sent = await verifyRequestChecksums(req, body);
    const checksum: StoredChecksum = sent
      ? { ...sent, type: "FULL_OBJECT" }
      : // S3 computes CRC64NVME for objects uploaded without a checksum, since 2025.
        { algorithm: "CRC64NVME", value: await checksumBase64("CRC64NVME", body), type: "FULL_OBJECT" };
    const version = putVersion(
      state,
      ctx,
      req,
      b,
      key,
      {
        isDeleteMarker: false,
        lastModified: new Date().toISOString(),
        size: body.length,
        etag: quotedMd5(body),
        parts: [{ blobId: state.store.putBlob(body), size: body.length }],
        ...attrs,
        checksum,
        ownerAccountId: ctx.accountId,
      },
      "ObjectCreated:Put",
    );
    return emptyResponse(200, {
      ...writeHeaders(version, b.versioning !== undefined),
      "content-length": "0",
    });
  },

  GetObject(call) {
    return getOrHead(call, true);
  },

  HeadObject(call) {
    return getOrHead(call, false);
  },

  DeleteObject({ state, ctx, req, bucket, key }) {
    const b = state.bucket(bucket);
    const outcome = deleteObject(state, ctx, req, b, key, req.query.get("versionId"));
    const headers: Record<string, string> = {};
    if (outcome.deleteMarker) headers["x-amz-delete-marker"] = "true";
    if (outcome.versionId && b.versioning) headers["x-amz-version-id"] = outcome.versionId;
    return emptyResponse(204, headers);
  },

  async DeleteObjects({ state, ctx, req, bucket }) {
    const b = state.bucket(bucket);
    const hasIntegrity =
      req.headers["content-md5"] !== undefined ||
      Object.keys(req.headers).some((h) => h.startsWith("x-amz-checksum-"));
    if (!hasIntegrity) {
      throw s3Errors.invalidRequest(
        "Missing required header for this request: Content-MD5 OR x-amz-checksum-*",
      );
    }
    await verifyRequestChecksums(req, req.body);
    const doc = parseXml(req.body).Delete as Record<string, unknown> | undefined;
    if (!doc) throw s3Errors.malformedXml();
    const objects = asArray(doc.Object as Array<Record<string, string>> | Record<string, string>);
    if (objects.length === 0 || objects.length > MAX_DELETE_KEYS) throw s3Errors.malformedXml();
    const quiet = String(doc.Quiet ?? "false").toLowerCase() === "true";
    const deleted: Array<Record<string, string | boolean>> = [];
    const errors: Array<Record<string, string>> = [];
    for (const o of objects) {
      const key = typeof o.Key === "string" ? o.Key : "";
      const versionId = typeof o.VersionId === "string" ? o.VersionId : null;
      try {
        const outcome = deleteObject(state, ctx, req, b, key, versionId);
        if (quiet) continue;
        const item: Record<string, string | boolean> = { Key: key };
        if (versionId !== null) item.VersionId = versionId;
        if (outcome.deleteMarker) {
          item.DeleteMarker = true;
          if (outcome.versionId) item.DeleteMarkerVersionId = outcome.versionId;
        }
        deleted.push(item);
      } catch (err) {
        if (!(err instanceof AwsError)) throw err;
        errors.push({
          Key: key,
          ...(versionId !== null ? { VersionId: versionId } : {}),
          Code: err.code,
          Message: err.message,
        });
      }
    }
    return xmlResponse("DeleteResult", { Deleted: deleted, Error: errors });
  },

  async CopyObject({ state, ctx, req, bucket, key }) {
    const target = state.bucket(bucket);
    checkKey(key);
    const source = parseCopySource(req.headers["x-amz-copy-source"]!);
    const sourceBucket = state.bucket(source.bucket);
    const original = findVersion(state, sourceBucket, source.key, source.versionId);
    checkConditions(req, original, "x-amz-copy-source-");
    const replaceMeta = (req.headers["x-amz-metadata-directive"] ?? "COPY").toUpperCase() === "REPLACE";
    const replaceTags = (req.headers["x-amz-tagging-directive"] ?? "COPY").toUpperCase() === "REPLACE";
    const requested = objectAttributesFrom(req);
    const sameObject = source.bucket === bucket && source.key === key && source.versionId === null;
    const changesSomething =
      replaceMeta ||
      req.headers["x-amz-storage-class"] !== undefined ||
      req.headers["x-amz-server-side-encryption"] !== undefined ||
      req.headers["x-amz-website-redirect-location"] !== undefined ||
      req.headers["x-amz-checksum-algorithm"] !== undefined;
    if (sameObject && !changesSomething) {
      throw s3Errors.invalidRequest(
        "This copy request is illegal because it is trying to copy an object to itself without changing the object's metadata, storage class, website redirect location or encryption attributes.",
      );
    }
    const chunks = await Promise.all(original.parts.map((p) => state.store.readBlob(p.blobId)));
    const data = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks);
    const algorithm = (req.headers["x-amz-checksum-algorithm"]?.toUpperCase() ??
      original.checksum?.algorithm) as StoredChecksum["algorithm"] | undefined;
    const checksum: StoredChecksum | undefined = algorithm
      ? { algorithm, value: await checksumBase64(algorithm, data), type: "FULL_OBJECT" }
      : undefined;
    const version = putVersion(
      state,
      ctx,
      req,
      target,
      key,
      {
        isDeleteMarker: false,
        lastModified: new Date().toISOString(),
        size: data.length,
        etag: original.parts.length === 1 ? original.etag : quotedMd5(data),
        parts: [{ blobId: state.store.putBlob(data), size: data.length }],
        contentType: replaceMeta ? requested.contentType : original.contentType,
        headers: replaceMeta ? requested.headers : original.headers,
        metadata: replaceMeta ? requested.metadata : original.metadata,
        tags: replaceTags ? parseTaggingHeader(req.headers["x-amz-tagging"]) : original.tags,
        storageClass: req.headers["x-amz-storage-class"] ?? original.storageClass,
        serverSideEncryption: req.headers["x-amz-server-side-encryption"] ?? original.serverSideEncryption,
        ...(checksum ? { checksum } : {}),
        ownerAccountId: ctx.accountId,
      },
      "ObjectCreated:Copy",
    );
    const headers = writeHeaders(version, target.versioning !== undefined);
    delete headers.etag;
    if (sourceBucket.versioning) headers["x-amz-copy-source-version-id"] = original.versionId;
    const result: Record<string, string | Date> = {
      ETag: version.etag,
      LastModified: new Date(version.lastModified),
    };
    if (checksum) {
      result.ChecksumType = checksum.type;
      result[`Checksum${checksum.algorithm}`] = checksum.value;
    }
    return xmlResponse("CopyObjectResult", result, headers);
  },
};
