import sharp, { type Sharp } from "sharp";
import type { Deadline } from "../deadline.ts";
import { ProcessingFailure } from "../failures.ts";
import { decodeBmp } from "./bmp.ts";
import { DECODE_BOX, FAIL_ON, PIXEL_LIMIT } from "./decode-settings.ts";
import { decodeHeic } from "./heic.ts";
import { decodesAnimated, firstLine, type ImageHeader } from "./image-header.ts";
import type { Pixels } from "./pixels.ts";

/** sharp's errors, mapped to failure codes; anything else from a decoder is CORRUPT. */
export function decodeFailure(error: unknown, deadline: Deadline): ProcessingFailure {
  if (error instanceof ProcessingFailure) return error;
  const message = firstLine(error);
  if (/exceeds pixel limit/i.test(message)) {
    return new ProcessingFailure(
      "DECOMPRESSION_BOMB",
      `The image has more pixels than Darkroom decodes: ${message}`,
      {
        cause: error,
      },
    );
  }
  if (/^timeout:/i.test(message)) return deadline.timeout("decode");
  return new ProcessingFailure("CORRUPT", `The image could not be decoded: ${message}`, { cause: error });
}

/**
 * The one pass every variant starts from: apply the EXIF orientation, convert to 8-bit sRGB
 * (CMYK through its profile or a default one, 16-bit scaled, ICC profiles converted), shrink into
 * the decode box, and hand back the raw pixels.
 */
async function toPixels(image: Sharp, deadline: Deadline): Promise<Pixels> {
  const { data, info } = await image
    .resize({ width: DECODE_BOX, height: DECODE_BOX, fit: "inside", withoutEnlargement: true })
    .toColourspace("srgb")
    .raw({ depth: "uchar" })
    .timeout({ seconds: deadline.sharpSeconds() })
    .toBuffer({ resolveWithObject: true });
  if (info.channels !== 3 && info.channels !== 4) {
    throw new ProcessingFailure(
      "CORRUPT",
      `The image decoded to ${info.channels} channels, not RGB or RGBA.`,
    );
  }
  const frames = info.pages ?? 1;
  return {
    data,
    width: info.width,
    frameHeight: info.pageHeight ?? info.height / frames,
    frames,
    channels: info.channels,
  };
}

function rawInput(data: Buffer, width: number, height: number, channels: 3 | 4): Sharp {
  return sharp(data, { raw: { width, height, channels }, limitInputPixels: PIXEL_LIMIT });
}

async function decodeRaw(bytes: Buffer, header: ImageHeader): Promise<Sharp> {
  if (header.decoder === "bmp") {
    const bmp = decodeBmp(bytes);
    return rawInput(bmp.data, bmp.width, bmp.height, bmp.channels);
  }
  const heic = await decodeHeic(bytes);
  const rgba = rawInput(heic.data, heic.width, heic.height, 4);
  // libheif always hands back RGBA; opaque images should not carry an alpha channel into PNG/WebP.
  return header.hasAlpha ? rgba : rgba.removeAlpha();
}

/** Decodes the original once (its header already checked against the pixel limit). */
export async function decodeOnce(bytes: Buffer, header: ImageHeader, deadline: Deadline): Promise<Pixels> {
  deadline.check("decode");
  try {
    const image =
      header.decoder === "sharp"
        ? sharp(bytes, {
            failOn: FAIL_ON,
            limitInputPixels: PIXEL_LIMIT,
            autoOrient: true,
            animated: decodesAnimated(header),
          })
        : await decodeRaw(bytes, header);
    return await toPixels(image, deadline);
  } catch (error) {
    throw decodeFailure(error, deadline);
  }
}
