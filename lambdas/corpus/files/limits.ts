import { bmpHeaderOnly } from "../encoders/bmp.ts";
import { solidGif } from "../encoders/gif.ts";
import { padWithComments, withFrameSize } from "../encoders/jpeg-segments.ts";
import { oneBitRowBytes, PNG_GREYSCALE, pngFile } from "../encoders/png.ts";
import { tiffHeaderOnly } from "../encoders/tiff.ts";
import { zlibOfZeros } from "../encoders/zero-deflate.ts";
import { type Builder, SIZE_LIMIT_BYTES } from "./builder.ts";
import { photoJpeg } from "./photo.ts";

/** A 1-bit greyscale PNG of zeros: every row a filter byte and width/8 zero bytes. */
function blackPng(width: number, height: number, rowsHeld = height): Buffer {
  return pngFile(
    { width, height, bitDepth: 1, colourType: PNG_GREYSCALE },
    zlibOfZeros(rowsHeld * oneBitRowBytes(width)),
  );
}

/** Decompression bombs, headers that lie about their size, and files at and over the limits. */
export const limitFiles = {
  /** 2.5 gigapixels of real zeros in about 300 KB: 312 MB of scanlines, 2.5 GB once decoded to 8 bits. */
  "png-bomb-50000x50000.png": async () => blackPng(50_000, 50_000),
  /** 100,010,000 px claimed, one row held: just past the 100 MP limit, so the header alone decides. */
  "png-ihdr-over-pixel-limit.png": async () => blackPng(10_000, 10_001, 1),
  /** Exactly 100,000,000 px, all there: the limit is inclusive, and 100 MP must still process. */
  "png-at-pixel-limit.png": async () => blackPng(10_000, 10_000),
  /** GIF's largest frame, 4.3 gigapixels, every pixel really encoded (LZW runs), in 1.6 MB. */
  "gif-65535x65535.gif": async () =>
    solidGif([{ width: 65_535, height: 65_535, colour: [30, 140, 60], delayCs: 0 }]),
  /** A real photo whose frame header was edited to claim 65500x65500 (4.3 GP). */
  "jpeg-sof-65500x65500.jpg": async () => withFrameSize(await photoJpeg("chelsea"), 65_500, 65_500),
  /** A TIFF claiming 100000x100000 (10 GP) with 1 KiB of strip data. */
  "tiff-header-100000x100000.tiff": async () => tiffHeaderOnly(100_000, 100_000, 1024),
  /** A BMP's 54 bytes of headers claiming 100000x100000 at 24 bits (30 GB), and no pixels. */
  "bmp-header-100000x100000.bmp": async () => bmpHeaderOnly(100_000, 100_000),
  /** A valid photo one byte over the default 5 MiB limit (padded with JPEG comments). */
  "over-size-limit.jpg": async () => padWithComments(await photoJpeg("coffee"), SIZE_LIMIT_BYTES + 1),
  /** The same photo at exactly 5 MiB: the limit is inclusive. */
  "at-size-limit.jpg": async () => padWithComments(await photoJpeg("coffee"), SIZE_LIMIT_BYTES),
} satisfies Record<string, Builder>;
