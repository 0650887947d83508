import type { HttpRequest, HttpResponse } from "../../gateway/http.ts";
import { AwsError } from "../../protocol/aws-error.ts";
import { checksumBase64, parseAlgorithm } from "./checksums.ts";
import { xmlResponse } from "./codec.ts";
import { checkConditions, checkWriteConditions } from "./conditions.ts";
import { s3Errors } from "./errors.ts";
import type { S3Call } from "./handler.ts";
import type { ObjectVersion, StoredChecksum } from "./model.ts";
import { objectAttributesFrom } from "./object-headers.ts";
import { findVersion, putVersion } from "./object-store.ts";
import { parseTaggingHeader } from "./object-tags.ts";
import { singlePartVersion } from "./single-part.ts";

/** Parses x-amz-copy-source: "[/]bucket/key[?versionId=...]", URL-encoded. */
export function parseCopySource(value: string): { bucket: string; key: string; versionId: string | null } {
  const invalid = () =>
    s3Errors.invalidArgument("Invalid copy source object key", "x-amz-copy-source", value);
  const q = value.indexOf("?");
  const path = q < 0 ? value : value.slice(0, q);
  const query = q < 0 ? "" : value.slice(q + 1);
  let decoded: string;
  try {
    decoded = decodeURIComponent(path.startsWith("/") ? path.slice(1) : path);
  } catch {
    throw invalid();
  }
  const slash = decoded.indexOf("/");
  if (slash <= 0 || slash === decoded.length - 1) throw invalid();
  const versionId = new URLSearchParams(query).get("versionId");
  if (versionId === "") {
    throw s3Errors.invalidArgument("Version id cannot be the empty string", "x-amz-copy-source", "");
  }
  return { bucket: decoded.slice(0, slash), key: decoded.slice(slash + 1), versionId };
}

/** x-amz-metadata-directive and x-amz-tagging-directive: COPY (the default) or REPLACE. */
function directive(req: HttpRequest, header: string, what: string): "COPY" | "REPLACE" {
  const raw = req.headers[header];
  if (raw === undefined) return "COPY";
  if (raw === "COPY" || raw === "REPLACE") return raw;
  throw s3Errors.invalidArgument(`Unknown ${what} directive.`, header, raw);
}

/** The source version; naming a delete marker by id is InvalidRequest for a copy, as on AWS. */
export function copySource(call: S3Call): { version: ObjectVersion; versioned: boolean } {
  const source = parseCopySource(call.req.headers["x-amz-copy-source"] ?? "");
  const bucket = call.state.bucket(source.bucket);
  try {
    return {
      version: findVersion(call.state, bucket, source.key, source.versionId),
      versioned: bucket.versioning !== undefined,
    };
  } catch (err) {
    if (err instanceof AwsError && err.code === "MethodNotAllowed") {
      throw s3Errors.invalidRequest(
        "The source of a copy request may not specifically refer to a delete marker by version id.",
      );
    }
    throw err;
  }
}

const SELF_COPY =
  "This copy request is illegal because it is trying to copy an object to itself without changing the object's metadata, storage class, website redirect location or encryption attributes.";

/**
 * CopyObject. Metadata (content type, stored headers, x-amz-meta-*) follows the
 * metadata directive, tags the tagging directive; storage class, encryption and
 * redirect come from the request, as S3 does not carry them over. The checksum keeps
 * the source's algorithm (recomputed over the whole object) unless the request names one.
 */
export async function copyObject(call: S3Call): Promise<HttpResponse> {
  const { state, ctx, req, bucket, key } = call;
  const target = state.bucket(bucket);
  const source = parseCopySource(req.headers["x-amz-copy-source"] ?? "");
  const { version: original, versioned: sourceVersioned } = copySource(call);
  checkConditions(req, original, "x-amz-copy-source-");
  checkWriteConditions(req, state.currentVersion(bucket, key), key);
  const replaceMeta = directive(req, "x-amz-metadata-directive", "metadata") === "REPLACE";
  const replaceTags = directive(req, "x-amz-tagging-directive", "tagging") === "REPLACE";
  const requested = objectAttributesFrom(req);
  const sameObject = source.bucket === bucket && source.key === key && source.versionId === null;
  const changesSomething =
    replaceMeta ||
    req.headers["x-amz-storage-class"] !== undefined ||
    req.headers["x-amz-server-side-encryption"] !== undefined ||
    req.headers["x-amz-website-redirect-location"] !== undefined;
  if (sameObject && !changesSomething) throw s3Errors.invalidRequest(SELF_COPY);
  const chunks = await Promise.all(original.parts.map((p) => state.store.readBlob(p.blobId)));
  const data = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks);
  const algorithm =
    parseAlgorithm(req.headers["x-amz-checksum-algorithm"]) ?? original.checksum?.algorithm ?? "CRC64NVME";
  const checksum: StoredChecksum = {
    algorithm,
    value: await checksumBase64(algorithm, data),
    type: "FULL_OBJECT",
  };
  // Re-checked after the awaits above, which let other requests change source and target.
  checkConditions(req, copySource(call).version, "x-amz-copy-source-");
  checkWriteConditions(req, state.currentVersion(bucket, key), key);
  const version = putVersion(
    state,
    ctx,
    req,
    target,
    key,
    {
      ...singlePartVersion(state, data),
      contentType: replaceMeta ? requested.contentType : original.contentType,
      headers: replaceMeta ? requested.headers : original.headers,
      metadata: replaceMeta ? requested.metadata : original.metadata,
      tags: replaceTags ? parseTaggingHeader(req.headers["x-amz-tagging"]) : original.tags,
      storageClass: requested.storageClass,
      serverSideEncryption: requested.serverSideEncryption,
      ...(requested.websiteRedirectLocation
        ? { websiteRedirectLocation: requested.websiteRedirectLocation }
        : {}),
      checksum,
      ownerAccountId: ctx.accountId,
    },
    "ObjectCreated:Copy",
  );
  const headers: Record<string, string> = { "x-amz-server-side-encryption": version.serverSideEncryption };
  if (target.versioning) headers["x-amz-version-id"] = version.versionId;
  if (sourceVersioned && original.versionId !== "null") {
    headers["x-amz-copy-source-version-id"] = original.versionId;
  }
  if (version.storageClass !== "STANDARD") headers["x-amz-storage-class"] = version.storageClass;
  return xmlResponse(
    "CopyObjectResult",
    {
      ETag: version.etag,
      LastModified: new Date(version.lastModified),
      ChecksumType: checksum.type,
      [`Checksum${checksum.algorithm}`]: checksum.value,
    },
    headers,
  );
}
