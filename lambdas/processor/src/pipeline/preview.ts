import { fromPixels, type Pixels } from "./pixels.ts";

/** A small RGBA copy of the first frame, for the dominant colour and the placeholder. */
export interface Preview {
  data: Buffer;
  width: number;
  height: number;
}

/** ThumbHash encodes at most 100x100. */
export const PREVIEW_SIDE = 100;

export async function previewOf(pixels: Pixels): Promise<Preview> {
  const { data, info } = await fromPixels(pixels, "first")
    .resize({ width: PREVIEW_SIDE, height: PREVIEW_SIDE, fit: "inside" })
    .ensureAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height };
}
