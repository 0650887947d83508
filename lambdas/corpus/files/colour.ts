import sharp from "sharp";
import { bmpFile } from "../encoders/bmp.ts";
import type { Rgb } from "../encoders/gif.ts";
import { iccApp2Payload, maliciousIccProfile } from "../encoders/icc.ts";
import { insertSegments, JPEG_MARKERS, jpegSegment } from "../encoders/jpeg-segments.ts";
import { readSource } from "../sources.ts";
import type { Builder } from "./builder.ts";
import { photo, photoJpeg } from "./photo.ts";

/** The sRGB colour the Display P3 file shows; its stored numbers are this colour in P3. */
export const P3_PATCH_SRGB: Rgb = [200, 80, 40];

/** Colour spaces, bit depths and containers that are valid but not the everyday 8-bit sRGB JPEG. */
export const colourFiles = {
  "cmyk.jpg": async () => (await photo("coffee")).toColourspace("cmyk").jpeg({ quality: 90 }).toBuffer(),
  "cmyk.tiff": async () =>
    (await photo("astronaut")).toColourspace("cmyk").tiff({ compression: "lzw" }).toBuffer(),
  "rgb16.png": async () => (await photo("chelsea")).toColourspace("rgb16").png().toBuffer(),
  /**
   * A flat patch stored as Display P3 numbers with the P3 profile attached: output that ignores
   * the profile shows other colours than output converted to sRGB.
   */
  "icc-display-p3.jpg": async () =>
    sharp({ create: { width: 256, height: 256, channels: 3, background: { r: 200, g: 80, b: 40 } } })
      .withIccProfile("p3")
      .jpeg({ quality: 95 })
      .toBuffer(),
  /** A photo carrying an ICC profile that claims 2 GiB and 268 million tags in 180 bytes. */
  "icc-malicious.jpg": async () =>
    insertSegments(await photoJpeg("coffee"), [
      jpegSegment(JPEG_MARKERS.APP2, iccApp2Payload(maliciousIccProfile())),
    ]),
  "chelsea.avif": async () => (await photo("chelsea")).avif({ quality: 50, effort: 4 }).toBuffer(),
  /** A real HEIC (HEVC in HEIF): sharp's prebuilt binary reads its header but cannot decode it. */
  "coffee.heic": async () => readSource("coffeeHeic"),
  "coffee.bmp": async () => {
    const { data, info } = await (await photo("coffee"))
      .removeAlpha()
      .raw()
      .toBuffer({ resolveWithObject: true });
    return bmpFile(info.width, info.height, data);
  },
  /** A PNG uploaded as holiday.jpg with Content-Type image/jpeg: the bytes decide, not the name. */
  "png-named.jpg": async () => (await photo("coffee")).png().toBuffer(),
} satisfies Record<string, Builder>;
