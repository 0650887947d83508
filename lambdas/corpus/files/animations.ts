import sharp from "sharp";
import { type SolidFrame, solidGif } from "../encoders/gif.ts";
import type { Builder } from "./builder.ts";
import { photo } from "./photo.ts";

export const ANIMATION_FRAMES = 12;

/** chelsea.png at 225x150, its hue turned 30° a frame: 12 frames that differ everywhere. */
async function hueFrames(): Promise<Buffer[]> {
  const small = await (await photo("chelsea")).resize(225, 150).png().toBuffer();
  return Promise.all(
    Array.from({ length: ANIMATION_FRAMES }, (_, i) =>
      sharp(small)
        .modulate({ hue: i * 30 })
        .png()
        .toBuffer(),
    ),
  );
}

/** Solid frames whose colour walks around the RGB cube, so consecutive frames differ. */
function colourWalk(count: number, width: number, height: number, delayCs: number): SolidFrame[] {
  return Array.from({ length: count }, (_, i) => ({
    width,
    height,
    colour: [(i * 37) % 256, (i * 91) % 256, (i * 151) % 256] as const,
    delayCs,
  }));
}

/** Animations, and a TIFF with several pages (not an animation: only its first page is the image). */
export const animationFiles = {
  "animated.gif": async () =>
    sharp(await hueFrames(), { join: { animated: true } })
      .gif({ delay: Array(ANIMATION_FRAMES).fill(80), loop: 0 })
      .toBuffer(),
  "animated.webp": async () =>
    sharp(await hueFrames(), { join: { animated: true } })
      .webp({ quality: 80, delay: Array(ANIMATION_FRAMES).fill(80), loop: 0 })
      .toBuffer(),
  /** 1000 frames of 100x100 at 20 ms: 10 MP in all, within the pixel limit, so all are kept. */
  "gif-1000-frames.gif": async () => solidGif(colourWalk(1000, 100, 100, 2)),
  /** 200 frames of 800x800: each frame is small, all of them together are 128 MP, over the limit. */
  "gif-frames-over-pixel-budget.gif": async () => solidGif(colourWalk(200, 800, 800, 10)),
  /** Three pages of 451x300: chelsea, then coffee and astronaut squeezed to the same size. */
  "multipage.tiff": async () => {
    const pages = await Promise.all(
      (["chelsea", "coffee", "astronaut"] as const).map(async (source) =>
        (await photo(source)).resize(451, 300, { fit: "fill" }).png().toBuffer(),
      ),
    );
    return sharp(pages, { join: { animated: true } })
      .tiff({ compression: "lzw" })
      .toBuffer();
  },
} satisfies Record<string, Builder>;
