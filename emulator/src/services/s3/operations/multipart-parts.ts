import { checksumBase64, checksumHeader, verifyRequestChecksums } from "../checksums.ts";
import { emptyResponse, xmlResponse } from "../codec.ts";
import { s3Errors } from "../errors.ts";
import type { S3Handlers } from "../handler.ts";
import type { ChecksumAlgorithm, MultipartUpload, UploadedPart } from "../model.ts";
import { uploadChecksumSettings } from "../multipart-checksum.ts";
import {
  findUpload,
  MAX_PART_SIZE,
  newUploadId,
  parsePartNumber,
  partKey,
  removeUpload,
} from "../multipart-uploads.ts";
import { objectAttributesFrom } from "../object-headers.ts";
import { quotedMd5 } from "../single-part.ts";
import type { S3State } from "../state.ts";
import { checkKey } from "./objects.ts";

type PartChecksum = NonNullable<UploadedPart["checksum"]>;

function checksumMismatch(expected: ChecksumAlgorithm, actual: ChecksumAlgorithm | null) {
  return s3Errors.invalidRequest(
    `Checksum Type mismatch occurred, expected checksum Type: ${expected.toLowerCase()}, actual checksum Type: ${actual?.toLowerCase() ?? "null"}`,
  );
}

/**
 * The checksum a part is stored with. Uploads with an algorithm keep that one (a
 * COMPOSITE upload needs it from the client; FULL_OBJECT computes a missing one).
 * Uploads without one get CRC64NVME, since S3 gives their object a full-object
 * CRC64NVME, which completion combines from the parts'.
 */
export async function partChecksum(
  upload: MultipartUpload,
  sent: PartChecksum | undefined,
  data: Buffer,
): Promise<PartChecksum> {
  const expected = upload.checksumAlgorithm;
  if (!expected) {
    if (sent?.algorithm === "CRC64NVME") return sent;
    return { algorithm: "CRC64NVME", value: await checksumBase64("CRC64NVME", data) };
  }
  if (sent && sent.algorithm !== expected) throw checksumMismatch(expected, sent.algorithm);
  if (sent) return sent;
  if (upload.checksumType === "COMPOSITE") throw checksumMismatch(expected, null);
  return { algorithm: expected, value: await checksumBase64(expected, data) };
}

/** Stores a part, replacing (and freeing) any earlier part with the same number. */
export function storePart(
  state: S3State,
  uploadId: string,
  partNumber: number,
  data: Buffer,
  checksum: PartChecksum,
): UploadedPart {
  const table = state.parts(uploadId);
  const previous = table.get(partKey(partNumber));
  const part: UploadedPart = {
    partNumber,
    blobId: state.store.putBlob(data),
    size: data.length,
    etag: quotedMd5(data),
    lastModified: new Date().toISOString(),
    checksum,
  };
  table.set(partKey(partNumber), part);
  if (previous) state.store.freeBlob(previous.blobId);
  return part;
}

export const multipartPartOperations: S3Handlers = {
  CreateMultipartUpload({ state, ctx, req, bucket, key }) {
    state.bucket(bucket);
    checkKey(key);
    const attrs = objectAttributesFrom(req);
    const { algorithm, type } = uploadChecksumSettings(
      req.headers["x-amz-checksum-algorithm"],
      req.headers["x-amz-checksum-type"],
    );
    const upload: MultipartUpload = {
      uploadId: newUploadId(),
      bucket,
      key,
      initiated: new Date().toISOString(),
      ...attrs,
      ...(algorithm ? { checksumAlgorithm: algorithm, checksumType: type } : {}),
      ownerAccountId: ctx.accountId,
    };
    state.uploads.set(upload.uploadId, upload);
    const headers: Record<string, string> = { "x-amz-server-side-encryption": upload.serverSideEncryption };
    if (algorithm && type) {
      headers["x-amz-checksum-algorithm"] = algorithm;
      headers["x-amz-checksum-type"] = type;
    }
    return xmlResponse(
      "InitiateMultipartUploadResult",
      { Bucket: bucket, Key: key, UploadId: upload.uploadId },
      headers,
    );
  },

  async UploadPart({ state, req, bucket, key }) {
    state.bucket(bucket);
    const uploadId = req.query.get("uploadId");
    const upload = findUpload(state, bucket, key, uploadId);
    const partNumber = parsePartNumber(req.query.get("partNumber"));
    const body = req.body;
    if (body.length > MAX_PART_SIZE) throw s3Errors.entityTooLarge(body.length, MAX_PART_SIZE);
    const sent = await verifyRequestChecksums(req, body);
    const checksum = await partChecksum(upload, sent, body);
    // An abort or completion may have happened while the checksums were computed.
    findUpload(state, bucket, key, uploadId);
    const part = storePart(state, upload.uploadId, partNumber, body, checksum);
    const headers: Record<string, string> = {
      etag: part.etag,
      "x-amz-server-side-encryption": upload.serverSideEncryption,
      "content-length": "0",
    };
    const echoed = sent ?? (upload.checksumAlgorithm ? checksum : undefined);
    if (echoed) headers[checksumHeader(echoed.algorithm)] = echoed.value;
    return emptyResponse(200, headers);
  },

  AbortMultipartUpload({ state, req, bucket, key }) {
    state.bucket(bucket);
    const upload = findUpload(state, bucket, key, req.query.get("uploadId"));
    removeUpload(state, upload.uploadId);
    return emptyResponse(204);
  },
};
