import { z } from "zod";
import { wholeNumberSchema } from "./whole-number.ts";

/**
 * What an upload may be. The presigned POST only checks the declared type's family and the size;
 * the processor detects the real format from the bytes (see input-formats.ts) and refuses the rest.
 */

/** The default limit: a phone photo fits; the deployer can raise it (see maxUploadBytesSchema). */
export const DEFAULT_MAX_UPLOAD_BYTES = 5 * 1024 * 1024;

/**
 * The highest limit a deployer may set. The processor buffers the whole original in memory, and
 * a bound means a typo (a few extra zeros) cannot open the bucket to gigabyte uploads.
 */
export const MAX_CONFIGURABLE_UPLOAD_BYTES = 100 * 1024 * 1024;

/**
 * The deployer's upload size limit, as a number or a string of digits (an environment variable),
 * defaulting to DEFAULT_MAX_UPLOAD_BYTES when unset.
 */
export const maxUploadBytesSchema = wholeNumberSchema("must be a whole number of bytes")
  .pipe(
    z
      .number()
      .min(1, "must be at least 1 byte")
      .max(MAX_CONFIGURABLE_UPLOAD_BYTES, `must be at most ${MAX_CONFIGURABLE_UPLOAD_BYTES} bytes (100 MiB)`),
  )
  .default(DEFAULT_MAX_UPLOAD_BYTES);

/**
 * Decompression-bomb guard (sharp's limitInputPixels): 100 megapixels is above any camera's
 * photo and decodes to about 400 MB of RGBA, which a 3 GB Lambda handles beside the variants.
 */
export const MAX_INPUT_PIXELS = 100_000_000;

/**
 * How long an upload's presigned POST lives: long enough to pick a file and send it on a slow
 * link; short enough that a leaked form is stale. The public API signs it right after taking the
 * record's `createdAt`, so no upload arrives after `uploadUrlExpiresAt(createdAt)` (give or take
 * the clocks): the admin backend's stuck-image job settles UPLOADED records past it.
 */
export const UPLOAD_URL_TTL_SECONDS = 5 * 60;

/** When the presigned POST of an upload recorded at `createdAt` expires. */
export function uploadUrlExpiresAt(createdAt: string): Date {
  return new Date(Date.parse(createdAt) + UPLOAD_URL_TTL_SECONDS * 1000);
}

/** The presigned POST accepts any declared `image/*` type; the processor checks the real bytes. */
export const UPLOAD_CONTENT_TYPE_PREFIX = "image/";

/** The POST policy's test, case-sensitive as S3's starts-with is (browsers send lower case). */
export function isImageContentType(contentType: string): boolean {
  return contentType.startsWith(UPLOAD_CONTENT_TYPE_PREFIX);
}

export type UploadPolicyCondition =
  | ["starts-with", "$Content-Type", string]
  | ["content-length-range", number, number];

/** The POST policy conditions for an upload (the key condition comes from the presigner's Key). */
export function uploadPolicyConditions(maxUploadBytes: number): UploadPolicyCondition[] {
  const limit = maxUploadBytesSchema.parse(maxUploadBytes);
  return [
    ["starts-with", "$Content-Type", UPLOAD_CONTENT_TYPE_PREFIX],
    ["content-length-range", 1, limit],
  ];
}
