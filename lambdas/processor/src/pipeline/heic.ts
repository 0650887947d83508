import { ProcessingFailure } from "../failures.ts";
import { checkPixelLimit, firstLine } from "./image-header.ts";

export interface RgbaImage {
  data: Buffer;
  width: number;
  height: number;
}

/**
 * HEIC (HEVC-coded HEIF) to RGBA with heic-decode (libheif as WebAssembly): sharp's prebuilt
 * libvips reads HEIF headers but has no HEVC decoder. Loaded on first use, so functions that
 * never see a HEIC do not pay for the WebAssembly at cold start. libheif applies the HEIF
 * rotation and mirroring itself.
 */
export async function decodeHeic(bytes: Uint8Array): Promise<RgbaImage> {
  const { default: heicDecode } = await import("heic-decode");
  let images: Awaited<ReturnType<typeof heicDecode.all>>;
  try {
    images = await heicDecode.all({ buffer: bytes });
  } catch (error) {
    const unsupported = error instanceof TypeError && /not a HEIC/i.test(error.message);
    throw new ProcessingFailure(
      unsupported ? "UNSUPPORTED_FORMAT" : "CORRUPT",
      unsupported
        ? "This kind of HEIF file (its brand) is not supported by the HEIC decoder."
        : `The HEIC image could not be read: ${firstLine(error)}`,
      { cause: error },
    );
  }
  try {
    const primary = images[0];
    if (primary === undefined) throw new ProcessingFailure("CORRUPT", "The HEIF file holds no image.");
    // The container's size can differ from the header sharp read: check what will be allocated.
    checkPixelLimit(primary);
    const pixels = await primary.decode().catch((error: unknown) => {
      throw new ProcessingFailure("CORRUPT", `The HEIC image could not be decoded: ${firstLine(error)}`, {
        cause: error,
      });
    });
    return {
      data: Buffer.from(pixels.data.buffer, pixels.data.byteOffset, pixels.data.byteLength),
      width: pixels.width,
      height: pixels.height,
    };
  } finally {
    images.dispose();
  }
}
