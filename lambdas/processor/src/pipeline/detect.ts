import { detectInputFormat, FORMAT_SNIFF_BYTES, type InputFormat } from "@darkroom/image-record";
import { ProcessingFailure } from "../failures.ts";

/** What the first bytes look like when they are not an accepted image, for the failure message. */
function describeUnknown(head: Uint8Array): string {
  const text = new TextDecoder("utf-8", { fatal: false })
    .decode(head)
    .replace(/^\uFEFF/, "")
    .trimStart()
    .toLowerCase();
  if (text.startsWith("<svg") || (text.startsWith("<?xml") && text.includes("<svg"))) {
    return "it is an SVG document, which is refused: SVG is markup that can load resources and run scripts, not pixels";
  }
  if (text.startsWith("<")) return "it looks like markup (HTML or XML), not an image";
  if (text.startsWith("%pdf")) return "it is a PDF document";
  const hex = Array.from(head.subarray(0, 8), (b) => b.toString(16).padStart(2, "0")).join(" ");
  return `its first bytes (${hex || "none: the file is empty"}) match no accepted image format`;
}

/**
 * The original's format from its bytes (magic numbers), never from its name or Content-Type:
 * UNSUPPORTED_FORMAT for anything else, SVG included.
 */
export function detectFormat(bytes: Uint8Array): InputFormat {
  const head = bytes.subarray(0, FORMAT_SNIFF_BYTES);
  const format = detectInputFormat(head);
  if (format === null)
    throw new ProcessingFailure("UNSUPPORTED_FORMAT", `Not an accepted image: ${describeUnknown(head)}.`);
  return format;
}
