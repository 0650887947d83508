import { checksumBase64 } from "../checksums.ts";
import { xmlResponse } from "../codec.ts";
import { checkConditions } from "../conditions.ts";
import { checkCopySourceSize, copySource, copySourceHeaders, readVersionRange } from "../copy-source.ts";
import { s3Errors } from "../errors.ts";
import type { S3Handlers } from "../handler.ts";
import { findUpload, MAX_PART_SIZE, parsePartNumber } from "../multipart-uploads.ts";
import { storePart } from "./multipart-parts.ts";

const RANGE_FORM =
  "The x-amz-copy-source-range value must be of the form bytes=first-last where first and last are the zero-based offsets of the first and last bytes to copy";

/** x-amz-copy-source-range is stricter than Range: exactly "bytes=first-last", inside the object. */
function copyRange(header: string | undefined, size: number): { start: number; end: number } {
  if (header === undefined) {
    checkCopySourceSize(size);
    return { start: 0, end: size - 1 };
  }
  const m = /^bytes=(\d+)-(\d+)$/.exec(header);
  if (!m || Number(m[1]) > Number(m[2])) {
    throw s3Errors.invalidArgument(RANGE_FORM, "x-amz-copy-source-range", header);
  }
  const start = Number(m[1]);
  const end = Number(m[2]);
  if (start >= size)
    throw s3Errors.invalidRequest("The specified copy range is invalid for the source object size");
  if (end >= size) {
    throw s3Errors.invalidArgument(
      `Range specified is not valid for source object of size: ${size}`,
      "x-amz-copy-source-range",
      header,
    );
  }
  if (end - start + 1 > MAX_PART_SIZE) throw s3Errors.entityTooLarge(end - start + 1, MAX_PART_SIZE);
  return { start, end };
}

export const multipartCopyOperations: S3Handlers = {
  async UploadPartCopy(call) {
    const { state, req, bucket, key } = call;
    state.bucket(bucket);
    const uploadId = req.query.get("uploadId");
    const upload = findUpload(state, bucket, key, uploadId);
    const partNumber = parsePartNumber(req.query.get("partNumber"));
    const source = copySource(call);
    const { version } = source;
    const { start, end } = copyRange(req.headers["x-amz-copy-source-range"], version.size);
    checkConditions(req, version, "x-amz-copy-source-");
    const data = await readVersionRange(state, version, start, end);
    // S3 computes the part's checksum itself; uploads without an algorithm keep CRC64NVME (see partChecksum).
    const algorithm = upload.checksumAlgorithm ?? "CRC64NVME";
    const checksum = { algorithm, value: await checksumBase64(algorithm, data) };
    findUpload(state, bucket, key, uploadId);
    const part = storePart(state, upload.uploadId, partNumber, data, checksum);
    const headers: Record<string, string> = {
      "x-amz-server-side-encryption": upload.serverSideEncryption,
      ...copySourceHeaders(source),
    };
    return xmlResponse(
      "CopyPartResult",
      {
        ETag: part.etag,
        LastModified: new Date(part.lastModified),
        ...(upload.checksumAlgorithm ? { [`Checksum${algorithm}`]: checksum.value } : {}),
      },
      headers,
    );
  },
};
