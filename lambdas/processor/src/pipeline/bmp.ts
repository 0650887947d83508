import { decode as decodeBmpFile } from "bmp-ts";
import { ProcessingFailure } from "../failures.ts";
import { firstLine } from "./image-header.ts";

export interface BmpPixels {
  data: Buffer;
  width: number;
  height: number;
  channels: 3 | 4;
}

/**
 * BMP to RGB(A) with bmp-ts (pure TypeScript): sharp's prebuilt libvips has no BMP loader.
 * bmp-ts is read in its default ABGR order: its `toRGBA` option misplaces bytes for palette
 * (1-, 4-, 8-bit) images (a test pins this). Alpha is kept only from 32-bit files that use it:
 * bmp-ts reports 0 for "no alpha", and many 32-bit BMPs leave the fourth byte 0 as padding.
 */
export function decodeBmp(bytes: Uint8Array): BmpPixels {
  let bmp: ReturnType<typeof decodeBmpFile>;
  try {
    bmp = decodeBmpFile(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  } catch (error) {
    const unsupported = error instanceof Error && /^Unsupported/.test(error.message);
    throw new ProcessingFailure(
      unsupported ? "UNSUPPORTED_FORMAT" : "CORRUPT",
      unsupported
        ? `This kind of BMP is not supported: ${firstLine(error)}.`
        : `The BMP image could not be decoded: ${firstLine(error)}`,
      { cause: error },
    );
  }
  const { width, height, data: abgr } = bmp;
  if (abgr.length !== width * height * 4) {
    throw new ProcessingFailure(
      "CORRUPT",
      `The BMP decoded to ${abgr.length} bytes, not ${width}x${height} pixels.`,
    );
  }
  const channels = bmp.bitPP === 32 && usesAlpha(abgr) ? 4 : 3;
  return { data: fromAbgr(abgr, channels), width, height, channels };
}

function usesAlpha(abgr: Buffer): boolean {
  for (let i = 0; i < abgr.length; i += 4) if (abgr[i] !== 0) return true;
  return false;
}

function fromAbgr(abgr: Buffer, channels: 3 | 4): Buffer {
  const out = Buffer.allocUnsafe((abgr.length / 4) * channels);
  for (let from = 0, to = 0; from < abgr.length; from += 4, to += channels) {
    out[to] = abgr[from + 3]!;
    out[to + 1] = abgr[from + 2]!;
    out[to + 2] = abgr[from + 1]!;
    if (channels === 4) out[to + 3] = abgr[from]!;
  }
  return out;
}
