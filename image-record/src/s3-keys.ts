import { isImageId } from "./image-id.ts";
import { isVariantName, VARIANT_SPECS, type VariantName } from "./variant-specs.ts";

/**
 * The bucket's key layout:
 *   uploads/<imageId>/<filename>             the original, written by the browser's presigned POST
 *   variants/<imageId>/<variant>.<extension> written by the processor
 * Keys use only [A-Za-z0-9._/-], which S3 event notifications leave unescaped, so a key read
 * from an event equals the key written. The processor only reacts to keys under uploads/.
 */
export const UPLOAD_PREFIX = "uploads/";
export const VARIANT_PREFIX = "variants/";

export const MAX_KEY_FILENAME_LENGTH = 128;
/** Starts with a letter or digit (so never "." or ".."), no slashes, no "..". */
const SAFE_FILENAME = /^(?!.*\.\.)[A-Za-z0-9][A-Za-z0-9._-]*$/;

export interface UploadKeyParts {
  imageId: string;
  filename: string;
}

export interface VariantKeyParts {
  imageId: string;
  variantName: VariantName;
  extension: string;
}

export function isSafeFilename(filename: string): boolean {
  return filename.length <= MAX_KEY_FILENAME_LENGTH && SAFE_FILENAME.test(filename);
}

/**
 * Turns a user's filename into one that `uploadKey` accepts: the last path segment, accents
 * dropped, anything else outside [A-Za-z0-9._-] replaced by "-", shortened keeping the extension.
 */
export function sanitizeFilename(filename: string): string {
  const base = filename.split(/[\\/]/).pop() ?? "";
  const safe = base
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/[^A-Za-z0-9._-]+/g, "-")
    .replace(/-*\.-*/g, ".")
    .replace(/\.{2,}/g, ".")
    .replace(/^[^A-Za-z0-9]+/, "")
    .replace(/[-.]+$/, "");
  if (safe === "") return "image";
  if (safe.length <= MAX_KEY_FILENAME_LENGTH) return safe;
  const dot = safe.lastIndexOf(".");
  const extension = dot > 0 && safe.length - dot <= 10 ? safe.slice(dot) : "";
  return safe.slice(0, MAX_KEY_FILENAME_LENGTH - extension.length).replace(/[-.]+$/, "") + extension;
}

export function uploadKey(imageId: string, filename: string): string {
  if (!isImageId(imageId)) throw new Error(`invalid image id "${imageId}": expected a ULID`);
  if (!isSafeFilename(filename)) {
    throw new Error(
      `invalid upload filename "${filename}": expected 1-${MAX_KEY_FILENAME_LENGTH} characters of ` +
        `[A-Za-z0-9._-] starting with a letter or digit, without ".." (see sanitizeFilename)`,
    );
  }
  return `${UPLOAD_PREFIX}${imageId}/${filename}`;
}

/** The parts of an upload key, or null for any key `uploadKey` could not have produced. */
export function parseUploadKey(key: string): UploadKeyParts | null {
  if (!key.startsWith(UPLOAD_PREFIX)) return null;
  const parts = key.slice(UPLOAD_PREFIX.length).split("/");
  if (parts.length !== 2) return null;
  const [imageId, filename] = parts as [string, string];
  if (!isImageId(imageId) || !isSafeFilename(filename)) return null;
  return { imageId, filename };
}

/** The extension must be the variant's own (e.g. "jpg" for jpeg-q85); anything else is a bug. */
export function variantKey(imageId: string, variantName: string, extension: string): string {
  if (!isImageId(imageId)) throw new Error(`invalid image id "${imageId}": expected a ULID`);
  if (!isVariantName(variantName)) throw new Error(`unknown variant "${variantName}"`);
  const expected = VARIANT_SPECS[variantName].extension;
  if (extension !== expected) {
    throw new Error(`variant "${variantName}" has extension "${expected}", not "${extension}"`);
  }
  return `${VARIANT_PREFIX}${imageId}/${variantName}.${extension}`;
}

/** The parts of a variant key, or null for any key `variantKey` could not have produced. */
export function parseVariantKey(key: string): VariantKeyParts | null {
  if (!key.startsWith(VARIANT_PREFIX)) return null;
  const parts = key.slice(VARIANT_PREFIX.length).split("/");
  if (parts.length !== 2) return null;
  const [imageId, file] = parts as [string, string];
  const dot = file.lastIndexOf(".");
  if (!isImageId(imageId) || dot < 0) return null;
  const variantName = file.slice(0, dot);
  const extension = file.slice(dot + 1);
  if (!isVariantName(variantName) || VARIANT_SPECS[variantName].extension !== extension) return null;
  return { imageId, variantName, extension };
}
