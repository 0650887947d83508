import sharp from "sharp";
import { seededBytes } from "../encoders/seeded-bytes.ts";
import type { Builder } from "./builder.ts";
import { photo } from "./photo.ts";

/** The corner square that shows where the stored image's top-left ends up once oriented. */
export const ORIENTATION_MARK = { side: 60, rgb: [255, 0, 0] } as const;

/** 20000 px tall, 1 px wide, a grey ramp (seeded noise keeps PNG from compressing it to nothing). */
async function strip(): Promise<Buffer> {
  const height = 20_000;
  const noise = seededBytes(height, 0x5719);
  const pixels = Buffer.alloc(height * 3);
  for (let y = 0; y < height; y++)
    pixels.fill(((y * 255) / height + (noise[y]! % 8)) & 0xff, y * 3, y * 3 + 3);
  return sharp(pixels, { raw: { width: 1, height, channels: 3 } })
    .png()
    .toBuffer();
}

/** Sizes and orientations at the edges: a single pixel, a strip, a 48 MP photo, EXIF rotation. */
export const geometryFiles = {
  "one-pixel.png": async () =>
    sharp({ create: { width: 1, height: 1, channels: 3, background: { r: 10, g: 120, b: 200 } } })
      .png()
      .toBuffer(),
  "strip-1x20000.png": strip,
  /** coffee.png enlarged to 8000x6000 (48 MP, cropped to 4:3), under the 5 MiB limit as a JPEG. */
  "photo-8000x6000.jpg": async () =>
    (await photo("coffee")).resize(8000, 6000, { fit: "cover" }).jpeg({ quality: 80 }).toBuffer(),
  /**
   * Stored landscape (451x300) with a red square in its stored top-left corner and EXIF
   * orientation 6 ("rotate 90° clockwise to show"): shown portrait, the square top-right.
   */
  "exif-orientation-6.jpg": async () => {
    const { side, rgb } = ORIENTATION_MARK;
    const mark = await sharp({
      create: { width: side, height: side, channels: 3, background: { r: rgb[0], g: rgb[1], b: rgb[2] } },
    })
      .png()
      .toBuffer();
    const marked = await (await photo("chelsea"))
      .composite([{ input: mark, left: 0, top: 0 }])
      .png()
      .toBuffer();
    return sharp(marked).withMetadata({ orientation: 6 }).jpeg({ quality: 92 }).toBuffer();
  },
} satisfies Record<string, Builder>;
