import type { HttpResponse } from "../../gateway/http.ts";
import { AwsError } from "../../protocol/aws-error.ts";
import { checksumHeader } from "./checksums.ts";
import { checkConditions } from "./conditions.ts";
import { s3Errors } from "./errors.ts";
import type { S3Call } from "./handler.ts";
import type { ObjectVersion } from "./model.ts";
import { parsePartNumber } from "./multipart-uploads.ts";
import { applyResponseOverrides, versionHeaders } from "./object-headers.ts";
import { findVersion } from "./object-store.ts";
import { parseRange } from "./range.ts";

/** Multipart objects carry "-<part count>" in their ETag; copies and single PUTs do not. */
export function isMultipart(version: ObjectVersion): boolean {
  return /-\d+"?$/.test(version.etag);
}

function dropChecksum(version: ObjectVersion, headers: Record<string, string>): void {
  if (!version.checksum) return;
  delete headers[checksumHeader(version.checksum.algorithm)];
  delete headers["x-amz-checksum-type"];
}

interface Slice {
  start: number;
  end: number;
  partial: boolean;
}

/**
 * ?partNumber=N: the bytes of part N of a multipart object (an object uploaded in one
 * piece has only part 1). A full-object checksum only describes part 1 of a one-part
 * object; a composite one names each part's own.
 */
function partSlice(
  call: S3Call,
  version: ObjectVersion,
  raw: string,
  headers: Record<string, string>,
): Slice {
  if (call.req.headers.range !== undefined) {
    throw s3Errors.invalidRequest("Cannot specify both Range header and partNumber query parameter");
  }
  const n = parsePartNumber(raw);
  const multipart = isMultipart(version);
  const count = multipart ? version.parts.length : 1;
  if (n > count) {
    throw new AwsError("InvalidPartNumber", "The requested partnumber is not satisfiable", 416, {
      fields: { ActualPartCount: String(count), PartNumberRequested: raw },
    });
  }
  if (!multipart) return { start: 0, end: version.size - 1, partial: version.size > 0 };
  headers["x-amz-mp-parts-count"] = String(count);
  const part = version.parts[n - 1]!;
  const start = version.parts.slice(0, n - 1).reduce((s, p) => s + p.size, 0);
  const checksum = version.checksum;
  if (checksum && headers[checksumHeader(checksum.algorithm)] !== undefined) {
    if (checksum.type === "COMPOSITE" && part.checksum)
      headers[checksumHeader(checksum.algorithm)] = part.checksum;
    else if (count > 1) dropChecksum(version, headers);
  }
  return { start, end: start + part.size - 1, partial: true };
}

/** GetObject and HeadObject: the version, its conditions, then one byte range of it. */
export async function readObject(call: S3Call, withBody: boolean): Promise<HttpResponse> {
  const { state, bucket, key, req } = call;
  const b = state.bucket(bucket);
  const version = findVersion(state, b, key, req.query.get("versionId"), withBody ? "GET" : "HEAD");
  checkConditions(req, version);
  const headers = versionHeaders(version, b, req);
  applyResponseOverrides(req, headers);
  const partNumber = req.query.get("partNumber");
  let slice: Slice = { start: 0, end: version.size - 1, partial: false };
  if (partNumber !== null) {
    slice = partSlice(call, version, partNumber, headers);
  } else {
    const range = parseRange(req.headers.range, version.size);
    if (range) {
      slice = { ...range, partial: true };
      // A whole-object checksum would not match a slice of the bytes.
      dropChecksum(version, headers);
    }
  }
  const { start, end } = slice;
  if (slice.partial) headers["content-range"] = `bytes ${start}-${end}/${version.size}`;
  const status = slice.partial ? 206 : 200;
  const length = Math.max(0, end - start + 1);
  headers["content-length"] = String(length);
  if (!withBody) return { status, headers };
  if (length === 0) return { status, headers, body: Buffer.alloc(0) };
  const blobIds = version.parts.map((p) => p.blobId);
  const body =
    state.store.readSmall(blobIds, start, end + 1) ?? state.store.streamBlobs(blobIds, start, end + 1);
  return { status, headers, body };
}
