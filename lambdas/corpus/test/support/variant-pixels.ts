import sharp from "sharp";
import type { Rgb } from "../../encoders/gif.ts";
import type { PixelSpot } from "../../expectations.ts";
import { type SourceName, sourcePath } from "../../sources.ts";

/** 10 px in from the named edges, kept inside images smaller than that. */
function spotAt(spot: PixelSpot, width: number, height: number): { left: number; top: number } {
  const near = (size: number) => Math.min(10, size - 1);
  const far = (size: number) => Math.max(0, size - 11);
  switch (spot) {
    case "centre":
      return { left: Math.floor(width / 2), top: Math.floor(height / 2) };
    case "top-left":
      return { left: near(width), top: near(height) };
    case "top-right":
      return { left: far(width), top: near(height) };
    case "bottom-left":
      return { left: near(width), top: far(height) };
  }
}

/** One pixel of an image (its first frame), as sRGB. */
export async function pixelAt(image: Buffer, spot: PixelSpot): Promise<Rgb> {
  const { width, height } = await sharp(image).metadata();
  const { left, top } = spotAt(spot, width, height);
  const pixel = await sharp(image).extract({ left, top, width: 1, height: 1 }).removeAlpha().raw().toBuffer();
  return [pixel[0]!, pixel[1]!, pixel[2]!];
}

/** The largest difference in any channel. */
export function channelDistance(a: Rgb, b: Rgb): number {
  return Math.max(...a.map((value, i) => Math.abs(value - b[i]!)));
}

/**
 * The mean difference per channel (0-255) between an image and a source photograph scaled to the
 * same size with the same cover crop: small for a faithful variant, large for inverted CMYK, a
 * profile ignored, or BMP rows read upside down.
 */
export async function meanDifference(image: Buffer, source: SourceName): Promise<number> {
  const seen = await sharp(image).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  const expected = await sharp(sourcePath(source))
    .resize(seen.info.width, seen.info.height, { fit: "cover" })
    .removeAlpha()
    .raw()
    .toBuffer();
  let total = 0;
  for (let i = 0; i < expected.length; i++) total += Math.abs(expected[i]! - seen.data[i]!);
  return total / expected.length;
}
