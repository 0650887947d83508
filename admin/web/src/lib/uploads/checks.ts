import {
  DEFAULT_MAX_UPLOAD_BYTES,
  detectInputFormat,
  FORMAT_SNIFF_BYTES,
  type InputFormat,
  isImageContentType,
} from "@darkroom/image-record";
import { formatMebibytes } from "../format.ts";

/** What an accepted file is sent as: the browser's type, or the detected format's when it has none. */
export interface CheckedFile {
  contentType: string;
  format: InputFormat;
}

export type FileCheck = { ok: true; file: CheckedFile } | { ok: false; reason: string };

const CONTENT_TYPES: Record<InputFormat, string> = {
  jpeg: "image/jpeg",
  png: "image/png",
  webp: "image/webp",
  gif: "image/gif",
  avif: "image/avif",
  tiff: "image/tiff",
  bmp: "image/bmp",
  heif: "image/heif",
};

const READABLE = "JPEG, PNG, WebP, GIF, AVIF, TIFF, BMP or HEIF";

/**
 * The checks the upload policy and the processor would make, done before anything is sent: the
 * size limit, an image content type (never SVG), and the first bytes of a format Darkroom reads
 * (the same detectInputFormat the processor uses).
 */
export async function checkFile(file: File, maxBytes = DEFAULT_MAX_UPLOAD_BYTES): Promise<FileCheck> {
  if (file.size === 0) return { ok: false, reason: "The file is empty." };
  if (file.size > maxBytes) {
    return {
      ok: false,
      reason: `Too large: ${formatMebibytes(file.size)}, the limit is ${formatMebibytes(maxBytes)}.`,
    };
  }
  const declared = file.type.toLowerCase();
  if (declared.startsWith("image/svg"))
    return { ok: false, reason: "SVG is not accepted: it is a document, not pixels." };
  if (declared !== "" && !isImageContentType(declared)) {
    return { ok: false, reason: `Not an image (${declared}): Darkroom takes ${READABLE}.` };
  }
  const head = new Uint8Array(await file.slice(0, FORMAT_SNIFF_BYTES).arrayBuffer());
  const format = detectInputFormat(head);
  if (format === null) return { ok: false, reason: `Not an image Darkroom can read: it takes ${READABLE}.` };
  return { ok: true, file: { contentType: declared || CONTENT_TYPES[format], format } };
}
