import sharp, { type Sharp } from "sharp";
import { PIXEL_LIMIT } from "./decode-settings.ts";

/**
 * The one decode of an original: oriented, sRGB, 8 bits per channel, within the decode box.
 * Frames of an animation are stacked top to bottom. Every variant, the colour and the
 * placeholder are derived from these bytes; nothing decodes the original twice.
 */
export interface Pixels {
  data: Buffer;
  width: number;
  frameHeight: number;
  frames: number;
  /** Alpha is straight, not premultiplied (sharp's `premultiplied` output flag means it was undone). */
  channels: 3 | 4;
}

/** A sharp pipeline reading the pixels: every frame, or the first one only (a view, no copy). */
export function fromPixels(pixels: Pixels, frames: "all" | "first"): Sharp {
  const { width, frameHeight, channels } = pixels;
  const all = frames === "all" && pixels.frames > 1;
  const data = all ? pixels.data : pixels.data.subarray(0, width * frameHeight * channels);
  return sharp(data, {
    raw: {
      width,
      height: all ? frameHeight * pixels.frames : frameHeight,
      channels,
      ...(all ? { pageHeight: frameHeight } : {}),
    },
    limitInputPixels: PIXEL_LIMIT,
  });
}
