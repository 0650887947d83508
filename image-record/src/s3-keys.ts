import { isSafeFilename, MAX_KEY_FILENAME_LENGTH } from "./file-names.ts";
import { isImageId } from "./image-id.ts";
import { isVariantName, VARIANT_SPECS, type VariantName } from "./variant-specs.ts";

/**
 * Two buckets, so the processor's output can never trigger the processor:
 *   uploads bucket  uploads/<imageId>/<sanitized-file-name>   written by the browser's presigned POST
 *   media bucket    variants/<imageId>/<variant>.<extension>  written by the processor
 * Parsers return null for any key the builders could not have produced.
 */
export const UPLOAD_PREFIX = "uploads/";
export const VARIANT_PREFIX = "variants/";

export interface UploadKeyParts {
  imageId: string;
  filename: string;
}

export interface VariantKeyParts {
  imageId: string;
  variantName: VariantName;
  extension: string;
}

function requireImageId(imageId: string): void {
  if (!isImageId(imageId)) throw new Error(`invalid image id "${imageId}": expected a ULID`);
}

/** The original's key in the uploads bucket; `filename` must come from sanitizeFilename. */
export function uploadKey(imageId: string, filename: string): string {
  requireImageId(imageId);
  if (!isSafeFilename(filename)) {
    throw new Error(
      `invalid upload filename "${filename}": expected 1-${MAX_KEY_FILENAME_LENGTH} characters of ` +
        `[A-Za-z0-9._-] starting with a letter or digit, without ".." (see sanitizeFilename)`,
    );
  }
  return `${UPLOAD_PREFIX}${imageId}/${filename}`;
}

export function parseUploadKey(key: string): UploadKeyParts | null {
  if (!key.startsWith(UPLOAD_PREFIX)) return null;
  const parts = key.slice(UPLOAD_PREFIX.length).split("/");
  if (parts.length !== 2) return null;
  const [imageId, filename] = parts as [string, string];
  if (!isImageId(imageId) || !isSafeFilename(filename)) return null;
  return { imageId, filename };
}

/** A variant's key given its extension; for spec tables other than VARIANT_SPECS. */
export function formatVariantKey(imageId: string, variantName: string, extension: string): string {
  return `${VARIANT_PREFIX}${imageId}/${variantName}.${extension}`;
}

/** A variant's key in the media bucket, with the extension of its spec. */
export function variantKey(imageId: string, variantName: VariantName): string {
  requireImageId(imageId);
  if (!isVariantName(variantName)) throw new Error(`unknown variant "${variantName}"`);
  return formatVariantKey(imageId, variantName, VARIANT_SPECS[variantName].extension);
}

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
