import { readFileSync } from "node:fs";
import { crc32, deflateSync } from "node:zlib";
import { encode as encodeBmp } from "bmp-ts";
import sharp from "sharp";
import { expect } from "vitest";

/** Test images: the real photographs in ../fixtures, and images made from them with sharp. */
const FIXTURES = new URL("../fixtures/", import.meta.url);

export function fixture(name: "chelsea.png" | "astronaut.png" | "coffee.png" | "chelsea.heic"): Buffer {
  return readFileSync(new URL(name, FIXTURES));
}

export const chelsea = () => fixture("chelsea.png");

export function jpegOf(image: Buffer, quality = 90): Promise<Buffer> {
  return sharp(image).jpeg({ quality }).toBuffer();
}

/** A CMYK JPEG (sharp converts through its CMYK profile, and embeds none). */
export function cmykJpeg(): Promise<Buffer> {
  return sharp(chelsea()).toColourspace("cmyk").jpeg({ quality: 95 }).toBuffer();
}

/** A 16-bit-per-channel PNG. */
export function png16(): Promise<Buffer> {
  return sharp(chelsea()).toColourspace("rgb16").png().toBuffer();
}

/**
 * A JPEG stored landscape (451x300) with EXIF orientation 6: shown rotated 90° clockwise, so
 * displayed portrait. Its top-left corner is painted red so the rotation can be checked.
 */
export async function orientation6Jpeg(exif: Record<string, Record<string, string>> = {}): Promise<Buffer> {
  const marker = await sharp({ create: { width: 60, height: 60, channels: 3, background: "#ff0000" } })
    .png()
    .toBuffer();
  return sharp(chelsea())
    .composite([{ input: marker, top: 0, left: 0 }])
    .withExif(exif)
    .withMetadata({ orientation: 6 })
    .jpeg({ quality: 95 })
    .toBuffer();
}

export const FRAME_COLOURS = ["#ff0000", "#00ff00", "#0000ff"] as const;

/** A 3-frame animated GIF, 120x80, red, green then blue, looping for ever. */
export async function animatedGif(): Promise<Buffer> {
  const frames = await Promise.all(
    FRAME_COLOURS.map((background) =>
      sharp({ create: { width: 120, height: 80, channels: 3, background } })
        .raw()
        .toBuffer(),
    ),
  );
  return sharp(Buffer.concat(frames), { raw: { width: 120, height: 240, channels: 3, pageHeight: 80 } })
    .gif({ delay: [100, 200, 300], loop: 0 })
    .toBuffer();
}

/** bmp-ts takes pixels as ABGR bytes. */
function toAbgr(rgba: Buffer): Buffer {
  const abgr = Buffer.alloc(rgba.length);
  for (let i = 0; i < rgba.length; i += 4) {
    abgr[i] = rgba[i + 3]!;
    abgr[i + 1] = rgba[i + 2]!;
    abgr[i + 2] = rgba[i + 1]!;
    abgr[i + 3] = rgba[i]!;
  }
  return abgr;
}

/** A 24-bit BMP of chelsea, written by bmp-ts. */
export async function bmp24(): Promise<Buffer> {
  const { data, info } = await sharp(chelsea()).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  return encodeBmp({ data: toAbgr(data), width: info.width, height: info.height, bitPP: 24 }).data;
}

/** A BMP's two headers; rows are stored bottom-up, each padded to 4 bytes. */
function bmpFile(options: {
  width: number;
  height: number;
  bitsPerPixel: 8 | 32;
  infoHeader: Buffer;
  palette?: Buffer;
  row: (y: number) => Buffer;
}): Buffer {
  const { width, height, bitsPerPixel, infoHeader, palette = Buffer.alloc(0), row } = options;
  const rowSize = Math.ceil((width * bitsPerPixel) / 32) * 4;
  const offset = 14 + infoHeader.length + palette.length;
  const file = Buffer.alloc(offset + rowSize * height);
  file.write("BM", 0, "latin1");
  file.writeUInt32LE(file.length, 2);
  file.writeUInt32LE(offset, 10);
  infoHeader.copy(file, 14);
  palette.copy(file, 14 + infoHeader.length);
  for (let y = 0; y < height; y++) row(y).copy(file, offset + (height - 1 - y) * rowSize);
  return file;
}

function infoHeader(
  size: 40 | 108,
  width: number,
  height: number,
  bitsPerPixel: number,
  compression: number,
) {
  const header = Buffer.alloc(size);
  header.writeUInt32LE(size, 0);
  header.writeInt32LE(width, 4);
  header.writeInt32LE(height, 8);
  header.writeUInt16LE(1, 12);
  header.writeUInt16LE(bitsPerPixel, 14);
  header.writeUInt32LE(compression, 16);
  return header;
}

/** An 8-bit palette BMP of chelsea in grey: palette entry i is (i, i, i). */
export async function paletteBmp8(): Promise<{ file: Buffer; grey: Buffer; width: number; height: number }> {
  const { data: grey, info } = await sharp(chelsea()).greyscale().raw().toBuffer({ resolveWithObject: true });
  const header = infoHeader(40, info.width, info.height, 8, 0);
  header.writeUInt32LE(256, 32); // colours used
  const palette = Buffer.alloc(256 * 4);
  for (let i = 0; i < 256; i++) palette.fill(i, i * 4, i * 4 + 3); // B, G, R; the fourth byte stays 0
  const file = bmpFile({
    width: info.width,
    height: info.height,
    bitsPerPixel: 8,
    infoHeader: header,
    palette,
    row: (y) => Buffer.from(grey.subarray(y * info.width, (y + 1) * info.width)),
  });
  return { file, grey, width: info.width, height: info.height };
}

/** A 32-bit BMP (V4 header, bit fields with an alpha mask) of red at half opacity. */
export function alphaBmp32(width = 64, height = 48): Buffer {
  const header = infoHeader(108, width, height, 32, 3); // BI_BITFIELDS
  header.writeUInt32LE(0x00ff0000, 40); // red mask
  header.writeUInt32LE(0x0000ff00, 44); // green
  header.writeUInt32LE(0x000000ff, 48); // blue
  header.writeUInt32LE(0xff000000, 52); // alpha
  const pixel = Buffer.from([0, 0, 255, 128]); // B, G, R, A
  return bmpFile({
    width,
    height,
    bitsPerPixel: 32,
    infoHeader: header,
    row: () => Buffer.concat(Array(width).fill(pixel)),
  });
}

/** The first 60% of a JPEG: a download cut short. */
export async function truncatedJpeg(): Promise<Buffer> {
  const whole = await jpegOf(chelsea());
  return whole.subarray(0, Math.floor(whole.length * 0.6));
}

/**
 * A JPEG with two stray bytes before its second marker: libjpeg warns ("Corrupt JPEG data: 2
 * extraneous bytes before marker") and decodes it whole, as every viewer does.
 */
export async function jpegWithExtraneousBytes(): Promise<Buffer> {
  const whole = await jpegOf(chelsea());
  const firstSegmentEnd = 4 + whole.readUInt16BE(4);
  return Buffer.concat([
    whole.subarray(0, firstSegmentEnd),
    Buffer.from([0, 0]),
    whole.subarray(firstSegmentEnd),
  ]);
}

/** A PNG whose image data fails its CRC: libpng reports an error, and "truncated" lets it through. */
export async function pngWithBadChecksum(): Promise<Buffer> {
  const png = Buffer.from(await sharp(chelsea()).png().toBuffer());
  const type = png.indexOf(Buffer.from("IDAT", "latin1"));
  const crcAt = type + 4 + png.readUInt32BE(type - 4);
  png[crcAt] = png[crcAt]! ^ 0xff;
  return png;
}

function pngChunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, "latin1"), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** A PNG whose header claims width x height, with a tiny body: a decompression bomb's shape. */
export function bombPng(width = 50_000, height = 50_000): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bits per channel
  header[9] = 2; // RGB
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk("IHDR", header),
    pngChunk("IDAT", deflateSync(Buffer.alloc(1024))),
    pngChunk("IEND", Buffer.alloc(0)),
  ]);
}

/** A solid colour in Display P3, tagged with the P3 profile. */
export function p3Png(colour: { r: number; g: number; b: number }): Promise<Buffer> {
  return sharp({ create: { width: 32, height: 32, channels: 3, background: colour } })
    .withIccProfile("p3")
    .png()
    .toBuffer();
}

/** Wider than any variant may be: noise, so encoders do real work; a JPEG, to stay under 5 MiB. */
export function wideImage(width = 5000, height = 400): Promise<Buffer> {
  return sharp({
    create: {
      width,
      height,
      channels: 3,
      background: "#336699",
      noise: { type: "gaussian", mean: 120, sigma: 30 },
    },
  })
    .jpeg({ quality: 80 })
    .toBuffer();
}

export const SVG = Buffer.from(
  '<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10"/></svg>',
);

/** The mean of each channel of an encoded image, 0–255. */
export async function channelMeans(image: Buffer | ReturnType<typeof sharp>): Promise<number[]> {
  const stats = await (Buffer.isBuffer(image) ? sharp(image) : image).stats();
  return stats.channels.map((channel) => channel.mean);
}

/** Each value within `tolerance` of the expected one. */
export function expectNear(actual: number[], expected: readonly number[], tolerance: number): void {
  expect(actual).toHaveLength(expected.length);
  actual.forEach((value, i) => {
    expect(Math.abs(value - expected[i]!), `channel ${i}: ${value} vs ${expected[i]}`).toBeLessThanOrEqual(
      tolerance,
    );
  });
}
