import type { HttpRequest, HttpResponse } from "../../gateway/http.ts";
import { checksumBase64, parseAlgorithm } from "./checksums.ts";
import { xmlResponse } from "./codec.ts";
import { checkConditions, checkWriteConditions } from "./conditions.ts";
import {
  checkCopySourceSize,
  copySource,
  copySourceHeaders,
  findCopySource,
  readVersionRange,
} from "./copy-source.ts";
import { s3Errors } from "./errors.ts";
import type { S3Call } from "./handler.ts";
import type { StoredChecksum } from "./model.ts";
import { objectAttributesFrom } from "./object-headers.ts";
import { putVersion } from "./object-store.ts";
import { parseTaggingHeader } from "./object-tags.ts";
import { singlePartVersion } from "./single-part.ts";

/** x-amz-metadata-directive and x-amz-tagging-directive: COPY (the default) or REPLACE. */
function directive(req: HttpRequest, header: string, what: string): "COPY" | "REPLACE" {
  const raw = req.headers[header];
  if (raw === undefined) return "COPY";
  if (raw === "COPY" || raw === "REPLACE") return raw;
  throw s3Errors.invalidArgument(`Unknown ${what} directive.`, header, raw);
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
  const source = copySource(call);
  const original = source.version;
  checkConditions(req, original, "x-amz-copy-source-");
  checkCopySourceSize(original.size);
  checkWriteConditions(req, state.currentVersion(bucket, key), key);
  const replaceMeta = directive(req, "x-amz-metadata-directive", "metadata") === "REPLACE";
  const replaceTags = directive(req, "x-amz-tagging-directive", "tagging") === "REPLACE";
  const requested = objectAttributesFrom(req);
  const { name } = source;
  const sameObject = name.bucket === bucket && name.key === key && name.versionId === null;
  const changesSomething =
    replaceMeta ||
    req.headers["x-amz-storage-class"] !== undefined ||
    req.headers["x-amz-server-side-encryption"] !== undefined ||
    req.headers["x-amz-website-redirect-location"] !== undefined;
  if (sameObject && !changesSomething) throw s3Errors.invalidRequest(SELF_COPY);
  const data = await readVersionRange(state, original, 0, original.size - 1);
  const algorithm =
    parseAlgorithm(req.headers["x-amz-checksum-algorithm"]) ?? original.checksum?.algorithm ?? "CRC64NVME";
  const checksum: StoredChecksum = {
    algorithm,
    value: await checksumBase64(algorithm, data),
    type: "FULL_OBJECT",
  };
  // Re-checked after the awaits above, which let other requests change source and target.
  checkConditions(req, findCopySource(state, name).version, "x-amz-copy-source-");
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
  const headers: Record<string, string> = {
    "x-amz-server-side-encryption": version.serverSideEncryption,
    ...copySourceHeaders(source),
  };
  if (target.versioning) headers["x-amz-version-id"] = version.versionId;
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
