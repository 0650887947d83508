import sharp from "sharp";
import type { RgbImage } from "./region-stats.ts";

/** Models see at most this many pixels on the long side: detectors run at 512 or less, faces need some room. */
const ANALYSIS_SIDE = 1280;

// One libvips thread: decoding must not take both cores from the gateway.
sharp.concurrency(1);

export class UndecodableImage extends Error {}

/**
 * Decodes a JPEG or PNG into RGB at analysis size, turned upright by its EXIF orientation as
 * Rekognition does, so boxes are ratios of the upright image.
 */
export async function decodeForAnalysis(bytes: Uint8Array): Promise<RgbImage> {
  try {
    const { data, info } = await sharp(bytes, { failOn: "error", limitInputPixels: 268_402_689 })
      .rotate()
      .resize(ANALYSIS_SIDE, ANALYSIS_SIDE, { fit: "inside", withoutEnlargement: true })
      .removeAlpha()
      .toColourspace("srgb")
      .raw()
      .toBuffer({ resolveWithObject: true });
    return {
      data: new Uint8Array(data.buffer, data.byteOffset, data.length),
      width: info.width,
      height: info.height,
    };
  } catch (err) {
    throw new UndecodableImage(err instanceof Error ? err.message : String(err));
  }
}

/** The image centred on a grey square: the object detector misreads stretched (non-square) inputs. */
export function letterbox(image: RgbImage): { square: RgbImage; offsetX: number; offsetY: number } {
  const side = Math.max(image.width, image.height);
  const offsetX = Math.floor((side - image.width) / 2);
  const offsetY = Math.floor((side - image.height) / 2);
  const data = new Uint8Array(side * side * 3).fill(128);
  for (let y = 0; y < image.height; y++) {
    const from = y * image.width * 3;
    data.set(image.data.subarray(from, from + image.width * 3), ((y + offsetY) * side + offsetX) * 3);
  }
  return { square: { data, width: side, height: side }, offsetX, offsetY };
}
