import { z } from "zod";

/**
 * The formats an original may have, as detected from its bytes (never from the declared content
 * type or the file name). SVG is refused: it is a document that can fetch resources and run
 * scripts, not pixels. Note that sharp's prebuilt binaries decode neither BMP nor HEIC, and
 * report AVIF as "heif": the processor maps its decoders onto these names.
 */
export const INPUT_FORMATS = ["jpeg", "png", "webp", "gif", "avif", "tiff", "bmp", "heif"] as const;
export const inputFormatSchema = z.enum(INPUT_FORMATS);
export type InputFormat = z.infer<typeof inputFormatSchema>;

/** Bytes detectInputFormat needs: the longest signature it reads (ISOBMFF brands). */
export const FORMAT_SNIFF_BYTES = 64;

const AVIF_BRANDS = new Set(["avif", "avis"]);
const HEIF_BRANDS = new Set(["heic", "heix", "hevc", "hevx", "heim", "heis", "mif1", "msf1"]);
/** The sizes of the BMP info headers (Windows 2.x to v5), at offset 14. */
const BMP_INFO_HEADER_SIZES = new Set([12, 40, 52, 56, 64, 108, 124]);

function ascii(bytes: Uint8Array, start: number, end: number): string {
  return String.fromCharCode(...bytes.subarray(start, end));
}

function startsWith(bytes: Uint8Array, signature: readonly number[]): boolean {
  return signature.every((byte, i) => bytes[i] === byte);
}

/** AVIF or HEIF from an ISOBMFF `ftyp` box: its major brand, then its compatible brands. */
function isobmffFormat(bytes: Uint8Array): InputFormat | null {
  if (bytes.length < 16 || ascii(bytes, 4, 8) !== "ftyp") return null;
  const boxSize = ((bytes[0]! << 24) | (bytes[1]! << 16) | (bytes[2]! << 8) | bytes[3]!) >>> 0;
  const end = Math.min(boxSize, bytes.length);
  const brands = [ascii(bytes, 8, 12)];
  for (let at = 16; at + 4 <= end; at += 4) brands.push(ascii(bytes, at, at + 4));
  if (brands.some((b) => AVIF_BRANDS.has(b))) return "avif";
  if (brands.some((b) => HEIF_BRANDS.has(b))) return "heif";
  return null;
}

/**
 * The format of an original from its first bytes (FORMAT_SNIFF_BYTES are enough), or null for
 * anything else — SVG, PDF, video, text. Runs in the browser too, so the console can warn early.
 */
export function detectInputFormat(bytes: Uint8Array): InputFormat | null {
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return "jpeg";
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return "png";
  if (ascii(bytes, 0, 6) === "GIF87a" || ascii(bytes, 0, 6) === "GIF89a") return "gif";
  if (ascii(bytes, 0, 4) === "RIFF" && ascii(bytes, 8, 12) === "WEBP") return "webp";
  // Little- and big-endian TIFF, and BigTIFF (43 instead of 42).
  if (["II*\0", "MM\0*", "II+\0", "MM\0+"].includes(ascii(bytes, 0, 4))) return "tiff";
  if (ascii(bytes, 0, 2) === "BM" && bytes.length >= 18) {
    const infoSize = (bytes[14]! | (bytes[15]! << 8) | (bytes[16]! << 16) | (bytes[17]! << 24)) >>> 0;
    if (BMP_INFO_HEADER_SIZES.has(infoSize)) return "bmp";
  }
  return isobmffFormat(bytes);
}
