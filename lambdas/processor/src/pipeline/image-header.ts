import type { InputFormat, Orientation } from "@darkroom/image-record";
import sharp, { type Metadata } from "sharp";
import { ProcessingFailure } from "../failures.ts";
import { readBmpHeader } from "./bmp-header.ts";
import { FAIL_ON, PIXEL_LIMIT } from "./decode-settings.ts";

/** Which decoder turns the original into pixels: sharp's prebuilt libvips has no BMP or HEVC. */
export type Decoder = "sharp" | "bmp" | "heic";

/** What the original's header says, read without decoding its pixels. */
export interface ImageHeader {
  format: InputFormat;
  /** As stored, before orientation; one frame's size for animations. */
  width: number;
  height: number;
  /** EXIF orientation, where sharp applies it on decode (autoOrient); HEIF decoders orient on their own. */
  orientation: Orientation | undefined;
  /** Frames of an animated GIF or WebP; 1 for everything else (a multi-page TIFF's first page is used). */
  frames: number;
  animation: { loop: number; delay: number[] } | undefined;
  exif: Buffer | undefined;
  hasAlpha: boolean;
  decoder: Decoder;
}

const ANIMATED_FORMATS = new Set<InputFormat>(["gif", "webp"]);

function corrupt(message: string, cause?: unknown): ProcessingFailure {
  return new ProcessingFailure("CORRUPT", message, { cause });
}

function bmpHeader(bytes: Uint8Array): ImageHeader {
  const header = readBmpHeader(bytes);
  if (header === null) throw corrupt("The BMP file is too short to hold its headers.");
  return {
    format: "bmp",
    width: header.width,
    height: header.height,
    orientation: undefined,
    frames: 1,
    animation: undefined,
    exif: undefined,
    hasAlpha: header.bitsPerPixel === 32,
    decoder: "bmp",
  };
}

async function sharpHeader(bytes: Buffer, format: InputFormat): Promise<ImageHeader> {
  let meta: Metadata;
  try {
    // No pixel limit here: the header of a bomb must be readable to report its size.
    meta = await sharp(bytes, { failOn: FAIL_ON, limitInputPixels: false }).metadata();
  } catch (error) {
    throw corrupt(`The image header could not be read: ${firstLine(error)}`, error);
  }
  const heic = (format === "heif" || format === "avif") && meta.compression === "hevc";
  const frames = ANIMATED_FORMATS.has(format) ? Math.max(1, meta.pages ?? 1) : 1;
  const orientation = meta.orientation;
  return {
    format,
    width: meta.width,
    height: meta.height,
    // libheif applies HEIF's own rotation (irot/imir) and libvips drops the EXIF tag: nothing to record.
    orientation:
      !heic &&
      orientation !== undefined &&
      Number.isInteger(orientation) &&
      orientation >= 1 &&
      orientation <= 8
        ? orientation
        : undefined,
    frames,
    animation: frames > 1 ? { loop: meta.loop ?? 0, delay: meta.delay ?? [] } : undefined,
    exif: meta.exif,
    hasAlpha: meta.hasAlpha,
    decoder: heic ? "heic" : "sharp",
  };
}

export function firstLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split("\n")[0]!.trim();
}

/** The header of an original whose format detectFormat found; CORRUPT when it cannot be read. */
export async function readHeader(bytes: Buffer, format: InputFormat): Promise<ImageHeader> {
  const header = format === "bmp" ? bmpHeader(bytes) : await sharpHeader(bytes, format);
  if (!(header.width > 0 && header.height > 0)) {
    throw corrupt(`The image header gives an impossible size, ${header.width}x${header.height}.`);
  }
  return header;
}

/** DECOMPRESSION_BOMB when one frame has more pixels than Darkroom decodes; checked before decoding. */
export function checkPixelLimit({ width, height }: { width: number; height: number }): void {
  if (width * height > PIXEL_LIMIT) {
    const megapixels = ((width * height) / 1_000_000).toFixed(1);
    throw new ProcessingFailure(
      "DECOMPRESSION_BOMB",
      `The image is ${width}x${height} (${megapixels} megapixels); at most ${PIXEL_LIMIT / 1_000_000} megapixels are decoded.`,
    );
  }
}

/** Whether every frame of an animation fits the pixel limit together; otherwise only the first is used. */
export function decodesAnimated(header: ImageHeader): boolean {
  return header.frames > 1 && header.frames * header.width * header.height <= PIXEL_LIMIT;
}
