import { z } from "zod";
import { MAX_INPUT_PIXELS } from "./upload-limits.ts";

/**
 * Why an image failed, as stable codes: the API returns them and the console shows their
 * description. All but INTERNAL are the upload's fault; INTERNAL is a bug of ours. The admin
 * backend's stuck-image job writes UPLOAD_MISSING (and TIMEOUT, for an upload the processor never
 * took up) before any processing attempt: those FAILED records have `attempts` 0.
 */
export const FAILURE_CODES = [
  "UNSUPPORTED_FORMAT",
  "TOO_LARGE",
  "CORRUPT",
  "DECOMPRESSION_BOMB",
  "TIMEOUT",
  "UPLOAD_MISSING",
  "INTERNAL",
] as const;
export const failureCodeSchema = z.enum(FAILURE_CODES);
export type FailureCode = z.infer<typeof failureCodeSchema>;

const megapixels = MAX_INPUT_PIXELS / 1_000_000;

/** One sentence per code, for people; the record's `failure.message` holds the details. */
export const FAILURE_DESCRIPTIONS: { readonly [C in FailureCode]: string } = {
  UNSUPPORTED_FORMAT:
    "The file is not an image format Darkroom accepts (JPEG, PNG, WebP, GIF, AVIF, TIFF, BMP or HEIC/HEIF).",
  TOO_LARGE: "The file is larger than the upload size limit.",
  CORRUPT: "The image could not be decoded: the file is damaged, truncated or not what it claims to be.",
  DECOMPRESSION_BOMB: `The image has more than ${megapixels} megapixels, more than Darkroom decodes.`,
  TIMEOUT: "Processing took too long and was stopped.",
  UPLOAD_MISSING: "The file never reached storage before its upload link expired: upload it again.",
  INTERNAL: "Processing failed because of an error in Darkroom, not in the image.",
};

/** What the processor records on FAILED, and on PROCESSED when only the label call failed. */
export const MAX_ERROR_MESSAGE_LENGTH = 1000;
