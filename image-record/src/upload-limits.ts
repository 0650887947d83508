/**
 * What an upload may be. The presigned POST enforces the content type and size; the processor
 * checks the decoded image again (the declared type may lie) and rejects what fails.
 *
 * Accepted: JPEG, PNG, WebP, GIF (first frame) and AVIF — what browsers produce and sharp's
 * prebuilt libvips decodes. Not accepted: HEIC (prebuilt sharp cannot decode it) and TIFF
 * (multi-page, often huge, never produced by a browser).
 */
export const UPLOAD_TYPES = {
  "image/jpeg": { format: "jpeg", extensions: ["jpg", "jpeg"] },
  "image/png": { format: "png", extensions: ["png"] },
  "image/webp": { format: "webp", extensions: ["webp"] },
  "image/gif": { format: "gif", extensions: ["gif"] },
  "image/avif": { format: "avif", extensions: ["avif"] },
} as const;

export type UploadContentType = keyof typeof UPLOAD_TYPES;
/** The decoded format of an original. sharp reports AVIF as "heif"; the processor maps it to "avif". */
export type ImageFormat = (typeof UPLOAD_TYPES)[UploadContentType]["format"];

export const UPLOAD_CONTENT_TYPES = Object.keys(UPLOAD_TYPES) as [UploadContentType, ...UploadContentType[]];
export const IMAGE_FORMATS = UPLOAD_CONTENT_TYPES.map((t) => UPLOAD_TYPES[t].format) as [
  ImageFormat,
  ...ImageFormat[],
];

/** 25 MiB: well above a phone photo, well below what a 1 GB Lambda can decode comfortably. */
export const MAX_UPLOAD_BYTES = 25 * 1024 * 1024;
/** Decompression-bomb guard: 100 megapixels decodes to about 400 MB of RGBA. */
export const MAX_INPUT_PIXELS = 100_000_000;
/** The longest original filename kept in the record (the S3 key uses a shorter, sanitized one). */
export const MAX_ORIGINAL_FILENAME_LENGTH = 255;

export function isUploadContentType(value: string): value is UploadContentType {
  return Object.hasOwn(UPLOAD_TYPES, value);
}
