import { findPngChunk, PNG_GREYSCALE, pngFile } from "../encoders/png.ts";
import { zlibOfZeros } from "../encoders/zero-deflate.ts";
import type { Builder } from "./builder.ts";
import { photo, photoJpeg } from "./photo.ts";

/** Files that start like an image and are broken further in. */
export const brokenFiles = {
  /** Cut in the middle of the scan data: the header reads fine, the pixels run out. */
  "truncated.jpg": async () => {
    const jpeg = await photoJpeg("chelsea");
    return jpeg.subarray(0, Math.floor(jpeg.length * 0.6));
  },
  /** One flipped byte in the first IDAT's CRC: the data is intact, the checksum says otherwise. */
  "png-bad-crc.png": async () => {
    const png = Buffer.from(await (await photo("chelsea")).png().toBuffer());
    const idat = findPngChunk(png, "IDAT");
    const crcAt = idat + 8 + png.readUInt32BE(idat);
    png[crcAt] = png[crcAt]! ^ 0xff;
    return png;
  },
  /** PNG's IHDR may not say 0 (PNG spec, 11.2.2); this one says 0x0 and holds no rows. */
  "zero-by-zero.png": async () =>
    pngFile({ width: 0, height: 0, bitDepth: 1, colourType: PNG_GREYSCALE }, zlibOfZeros(0)),
} satisfies Record<string, Builder>;
