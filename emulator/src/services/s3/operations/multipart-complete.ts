import { createHash } from "node:crypto";
import { AwsError } from "../../../protocol/aws-error.ts";
import { asArray, parseXml } from "../../../protocol/xml.ts";
import { objectUrl } from "../address.ts";
import { CHECKSUM_ALGORITHMS, sentChecksums } from "../checksums.ts";
import { xmlResponse } from "../codec.ts";
import { checkWriteConditions } from "../conditions.ts";
import { s3Errors } from "../errors.ts";
import type { S3Call, S3Handlers } from "../handler.ts";
import type {
  ChecksumAlgorithm,
  MultipartUpload,
  ObjectPart,
  StoredChecksum,
  UploadedPart,
} from "../model.ts";
import { completeBadDigest, compositeChecksum, fullObjectChecksum } from "../multipart-checksum.ts";
import { findUpload, MIN_PART_SIZE, partKey, removeUpload } from "../multipart-uploads.ts";
import { putVersion } from "../object-store.ts";

/** One <Part> of the CompleteMultipartUpload document. */
interface ListedPart {
  partNumber: number;
  etag: string;
  checksums: Map<ChecksumAlgorithm, string>;
}

const unquote = (etag: string) => etag.trim().replace(/^"|"$/g, "");

function parsePartList(body: Buffer): ListedPart[] {
  if (body.toString("utf8").trim() === "")
    throw s3Errors.invalidRequest("You must specify at least one part");
  const doc = parseXml(body).CompleteMultipartUpload;
  const items = doc && typeof doc === "object" ? asArray((doc as Record<string, unknown>).Part) : [];
  if (items.length === 0) throw s3Errors.malformedXml();
  return items.map((item) => {
    if (!item || typeof item !== "object") throw s3Errors.malformedXml();
    const fields = item as Record<string, unknown>;
    const number = typeof fields.PartNumber === "string" ? fields.PartNumber.trim() : "";
    if (!/^\d+$/.test(number)) throw s3Errors.malformedXml();
    const checksums = new Map<ChecksumAlgorithm, string>();
    for (const algorithm of CHECKSUM_ALGORITHMS) {
      const value = fields[`Checksum${algorithm}`];
      if (typeof value === "string") checksums.set(algorithm, value.trim());
    }
    return {
      partNumber: Number(number),
      etag: typeof fields.ETag === "string" ? unquote(fields.ETag) : "",
      checksums,
    };
  });
}

function invalidPart(part: ListedPart, uploadId: string): AwsError {
  return new AwsError(
    "InvalidPart",
    "One or more of the specified parts could not be found.  The part may not have been uploaded, or the specified entity tag may not match the part's entity tag.",
    400,
    { fields: { UploadId: uploadId, PartNumber: String(part.partNumber), ETag: part.etag } },
  );
}

/** Matches each listed part to a stored one, with S3's checks in S3's order. */
function resolveParts(call: S3Call, upload: MultipartUpload, listed: ListedPart[]): UploadedPart[] {
  const table = call.state.parts(upload.uploadId);
  const algorithm = upload.checksumAlgorithm;
  return listed.map((want, index) => {
    const part = table.get(partKey(want.partNumber));
    if (!part || unquote(part.etag) !== want.etag) throw invalidPart(want, upload.uploadId);
    const sent = algorithm ? want.checksums.get(algorithm) : undefined;
    if (!algorithm) {
      // Parts of an upload without a checksum algorithm have no checksums to name.
      if (want.checksums.size > 0) throw invalidPart(want, upload.uploadId);
    } else if (sent !== undefined) {
      if (sent !== part.checksum?.value) throw invalidPart(want, upload.uploadId);
    } else if (upload.checksumType === "COMPOSITE") {
      const [other] = want.checksums.keys();
      if (other) {
        throw new AwsError(
          "BadDigest",
          `The ${other.toLowerCase()} you specified for part ${want.partNumber} did not match what we received.`,
          400,
        );
      }
      throw s3Errors.invalidRequest(
        `The upload was created using a ${algorithm.toLowerCase()} checksum. The complete request must include the checksum for each part. It was missing for part ${want.partNumber} in the request.`,
      );
    }
    if (index < listed.length - 1 && part.size < MIN_PART_SIZE) {
      const err = s3Errors.entityTooSmall(part.size, MIN_PART_SIZE);
      err.fields.PartNumber = String(want.partNumber);
      err.fields.ETag = want.etag;
      throw err;
    }
    return part;
  });
}

/** The object's checksum, checked against any x-amz-checksum-* the request carries. */
async function objectChecksum(
  call: S3Call,
  upload: MultipartUpload,
  parts: UploadedPart[],
): Promise<StoredChecksum> {
  const algorithm = upload.checksumAlgorithm;
  if (!algorithm) {
    // S3 gives objects uploaded without a checksum a full-object CRC64NVME, and ignores sent values here.
    const value = await fullObjectChecksum(call.state, "CRC64NVME", parts);
    return { algorithm: "CRC64NVME", value, type: "FULL_OBJECT" };
  }
  const type = upload.checksumType ?? "COMPOSITE";
  const value =
    type === "COMPOSITE"
      ? await compositeChecksum(call.state, algorithm, parts)
      : await fullObjectChecksum(call.state, algorithm, parts);
  for (const [sentAlgorithm, sent] of sentChecksums(call.req.headers)) {
    const matches =
      type === "COMPOSITE"
        ? sent.split("-")[0] === value.split("-")[0]
        : // S3 only accepts a full-object value when the request also names the type.
          sent === value && call.req.headers["x-amz-checksum-type"] !== undefined;
    if (sentAlgorithm !== algorithm || !matches) throw completeBadDigest(algorithm);
  }
  return { algorithm, value, type };
}

/** "<md5 of the parts' binary MD5s>-<part count>", quoted. */
function multipartEtag(parts: UploadedPart[]): string {
  const md5 = createHash("md5");
  for (const p of parts) md5.update(Buffer.from(unquote(p.etag), "hex"));
  return `"${md5.digest("hex")}-${parts.length}"`;
}

export const multipartCompleteOperations: S3Handlers = {
  async CompleteMultipartUpload(call) {
    const { state, ctx, req, bucket, key } = call;
    const b = state.bucket(bucket);
    const uploadId = req.query.get("uploadId");
    const upload = findUpload(state, bucket, key, uploadId);
    checkWriteConditions(req, state.currentVersion(bucket, key), key);
    const listed = parsePartList(req.body);
    for (let i = 1; i < listed.length; i++) {
      if (listed[i]!.partNumber <= listed[i - 1]!.partNumber) {
        throw new AwsError(
          "InvalidPartOrder",
          "The list of parts was not in ascending order. Parts must be ordered by part number.",
          400,
          { fields: { UploadId: upload.uploadId } },
        );
      }
    }
    const requestedType = req.headers["x-amz-checksum-type"];
    if (requestedType !== undefined && requestedType.toUpperCase() !== upload.checksumType) {
      throw s3Errors.invalidRequest(
        `The upload was created using the ${upload.checksumType ?? "null"} checksum mode. The complete request must use the same checksum mode.`,
      );
    }
    const parts = resolveParts(call, upload, listed);
    const size = parts.reduce((n, p) => n + p.size, 0);
    const declaredSize = req.headers["x-amz-mp-object-size"];
    if (declaredSize !== undefined && Number(declaredSize) !== size) {
      throw s3Errors.invalidRequest(
        `The provided 'x-amz-mp-object-size' header value ${declaredSize} does not match what was computed: ${size}`,
      );
    }
    const checksum = await objectChecksum(call, upload, parts);
    // Computing the checksum yields to other requests: the upload and its parts must be unchanged.
    findUpload(state, bucket, key, uploadId);
    checkWriteConditions(req, state.currentVersion(bucket, key), key);
    const table = state.parts(upload.uploadId);
    listed.forEach((want, i) => {
      if (table.get(partKey(want.partNumber))?.blobId !== parts[i]!.blobId)
        throw invalidPart(want, upload.uploadId);
    });
    const objectParts: ObjectPart[] = parts.map((p) => ({
      blobId: p.blobId,
      size: p.size,
      etag: p.etag,
      ...(checksum.type === "COMPOSITE" && p.checksum ? { checksum: p.checksum.value } : {}),
    }));
    const version = putVersion(
      state,
      ctx,
      req,
      b,
      key,
      {
        isDeleteMarker: false,
        // S3 dates a multipart object from the upload's initiation.
        lastModified: upload.initiated,
        size,
        etag: multipartEtag(parts),
        parts: objectParts,
        ...(upload.contentType ? { contentType: upload.contentType } : {}),
        headers: upload.headers,
        metadata: upload.metadata,
        checksum,
        tags: upload.tags,
        serverSideEncryption: upload.serverSideEncryption,
        storageClass: upload.storageClass,
        ownerAccountId: ctx.accountId,
        ...(upload.websiteRedirectLocation
          ? { websiteRedirectLocation: upload.websiteRedirectLocation }
          : {}),
      },
      "ObjectCreated:CompleteMultipartUpload",
    );
    removeUpload(state, upload.uploadId, new Set(parts.map((p) => p.blobId)));
    const headers: Record<string, string> = { "x-amz-server-side-encryption": version.serverSideEncryption };
    if (b.versioning) headers["x-amz-version-id"] = version.versionId;
    return xmlResponse(
      "CompleteMultipartUploadResult",
      {
        Location: objectUrl(req, bucket, key),
        Bucket: bucket,
        Key: key,
        ETag: version.etag,
        [`Checksum${checksum.algorithm}`]: checksum.value,
        ChecksumType: checksum.type,
      },
      headers,
    );
  },
};
