import type { HttpRequest } from "../../gateway/http.ts";
import { AwsError } from "../../protocol/aws-error.ts";
import { checksumHeader } from "./checksums.ts";
import { s3Errors } from "./errors.ts";
import type { BucketRecord, ObjectVersion } from "./model.ts";
import { parseTaggingHeader } from "./object-tags.ts";

/** Headers S3 stores with an object and returns on GET and HEAD. */
const STORED_HEADERS = [
  "cache-control",
  "content-disposition",
  "content-encoding",
  "content-language",
  "expires",
];

const STORAGE_CLASSES = new Set([
  "STANDARD",
  "REDUCED_REDUNDANCY",
  "STANDARD_IA",
  "ONEZONE_IA",
  "INTELLIGENT_TIERING",
  "GLACIER",
  "DEEP_ARCHIVE",
  "OUTPOSTS",
  "GLACIER_IR",
  "SNOW",
  "EXPRESS_ONEZONE",
]);

const MAX_METADATA_BYTES = 2048;

export interface ObjectAttributes {
  contentType: string;
  headers: Record<string, string>;
  metadata: Record<string, string>;
  tags: Array<{ Key: string; Value: string }>;
  storageClass: string;
  serverSideEncryption: string;
  websiteRedirectLocation?: string;
}

/** Reads what a PutObject, CopyObject (REPLACE) or CreateMultipartUpload sets on the object. */
export function objectAttributesFrom(req: HttpRequest): ObjectAttributes {
  const headers: Record<string, string> = {};
  for (const name of STORED_HEADERS) {
    const v = req.headers[name];
    if (v !== undefined) headers[name] = v;
  }
  const metadata: Record<string, string> = {};
  let metaBytes = 0;
  for (const [name, value] of Object.entries(req.headers)) {
    if (!name.startsWith("x-amz-meta-")) continue;
    const key = name.slice("x-amz-meta-".length);
    metadata[key] = value;
    metaBytes += Buffer.byteLength(key) + Buffer.byteLength(value);
  }
  if (metaBytes > MAX_METADATA_BYTES) {
    throw new AwsError(
      "MetadataTooLarge",
      "Your metadata headers exceed the maximum allowed metadata size.",
      400,
      {
        fields: { Size: String(metaBytes), MaxSizeAllowed: String(MAX_METADATA_BYTES) },
      },
    );
  }
  const storageClass = req.headers["x-amz-storage-class"] ?? "STANDARD";
  if (!STORAGE_CLASSES.has(storageClass)) {
    throw new AwsError("InvalidStorageClass", "The storage class you specified is not valid", 400, {
      fields: { StorageClassRequested: storageClass },
    });
  }
  const sse = req.headers["x-amz-server-side-encryption"] ?? "AES256";
  if (!["AES256", "aws:kms", "aws:kms:dsse"].includes(sse)) {
    throw s3Errors.invalidArgument(
      "The encryption method specified is not supported",
      "x-amz-server-side-encryption",
      sse,
    );
  }
  const redirect = req.headers["x-amz-website-redirect-location"];
  return {
    contentType: req.headers["content-type"] ?? "binary/octet-stream",
    headers,
    metadata,
    tags: parseTaggingHeader(req.headers["x-amz-tagging"]),
    storageClass,
    serverSideEncryption: sse,
    ...(redirect ? { websiteRedirectLocation: redirect } : {}),
  };
}

/** HTTP dates as S3 writes Last-Modified. */
export function httpDate(iso: string): string {
  return new Date(iso).toUTCString();
}

/** The headers GET and HEAD return for a version (before range and response-* overrides). */
export function versionHeaders(
  version: ObjectVersion,
  bucket: BucketRecord,
  req: HttpRequest,
): Record<string, string> {
  const h: Record<string, string> = {
    "content-type": version.contentType ?? "binary/octet-stream",
    etag: version.etag,
    "last-modified": httpDate(version.lastModified),
    "accept-ranges": "bytes",
    "x-amz-server-side-encryption": version.serverSideEncryption,
  };
  for (const [name, value] of Object.entries(version.headers)) h[name] = value;
  for (const [name, value] of Object.entries(version.metadata)) h[`x-amz-meta-${name}`] = value;
  if (bucket.versioning) h["x-amz-version-id"] = version.versionId;
  if (version.storageClass !== "STANDARD") h["x-amz-storage-class"] = version.storageClass;
  if (version.tags.length > 0) h["x-amz-tagging-count"] = String(version.tags.length);
  if (version.websiteRedirectLocation) h["x-amz-website-redirect-location"] = version.websiteRedirectLocation;
  // x-amz-mp-parts-count only answers ?partNumber requests, as on AWS.
  if (version.checksum && (req.headers["x-amz-checksum-mode"] ?? "").toUpperCase() === "ENABLED") {
    h[checksumHeader(version.checksum.algorithm)] = version.checksum.value;
    h["x-amz-checksum-type"] = version.checksum.type;
  }
  return h;
}

/** response-* query fields override headers on GET (used by presigned downloads). */
const OVERRIDES: Record<string, string> = {
  "response-content-type": "content-type",
  "response-content-language": "content-language",
  "response-expires": "expires",
  "response-cache-control": "cache-control",
  "response-content-disposition": "content-disposition",
  "response-content-encoding": "content-encoding",
};

export function applyResponseOverrides(req: HttpRequest, headers: Record<string, string>): void {
  for (const [param, header] of Object.entries(OVERRIDES)) {
    const v = req.query.get(param);
    if (v !== null) headers[header] = v;
  }
}
