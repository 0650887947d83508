import { gunzipSync } from "node:zlib";
import { detectInputFormat, MAX_INPUT_PIXELS } from "@darkroom/image-record";
import { decode as decodeBmp } from "bmp-ts";
import exifReader from "exif-reader";
import { unzipSync } from "fflate";
import sharp from "sharp";
import { expect } from "vitest";
import type { CorpusFileName } from "../../builders.ts";
import { SIZE_LIMIT_BYTES } from "../../files/builder.ts";
import { sourcePath } from "../../sources.ts";
import { countLzwPixels, readGif } from "./gif-frames.ts";
import { iccDescription } from "./icc-description.ts";
import { inflateCount } from "./inflate-count.ts";
import { pngChunks, pngHeader, pngImageData } from "./png-chunks.ts";

/**
 * What each corpus file is claimed to be, checked on its bytes with readers other than the
 * generator's writers: sharp's metadata, zlib, fflate, exif-reader, bmp-ts and the parsers here.
 */
type Claim = (file: Buffer) => Promise<void> | void;

const latin1 = (file: Buffer): string => file.toString("latin1");
const metadata = (file: Buffer) => sharp(file, { limitInputPixels: false }).metadata();

async function expectSize(file: Buffer, format: string, width: number, height: number): Promise<void> {
  const meta = await metadata(file);
  expect({ format: meta.format, width: meta.width, height: meta.height }).toEqual({ format, width, height });
}

/** A JPEG's segments by marker, read from the start until the scan. */
function jpegSegmentPayloads(file: Buffer, marker: number): Buffer[] {
  const payloads: Buffer[] = [];
  let at = 2;
  while (at + 4 <= file.length && file[at] === 0xff && file[at + 1] !== 0xda) {
    const length = file.readUInt16BE(at + 2);
    if (file[at + 1] === marker) payloads.push(file.subarray(at + 4, at + 2 + length));
    at += 2 + length;
  }
  return payloads;
}

/** Where the first JPEG's end-of-image marker ends: the length of the image part. */
async function jpegEnd(file: Buffer): Promise<number> {
  const eoi = file.indexOf(Buffer.from([0xff, 0xd9]));
  expect(eoi).toBeGreaterThan(0);
  // The image part alone decodes fully.
  await sharp(file.subarray(0, eoi + 2), { failOn: "error" })
    .raw()
    .toBuffer();
  return eoi + 2;
}

/** Decodes fully, as the processor's failOn "error" would. */
const decodes = (file: Buffer) =>
  sharp(file, { failOn: "error" }).raw().toBuffer({ resolveWithObject: true });

export const FILE_CLAIMS: Record<CorpusFileName, Claim> = {
  "empty.jpg": (file) => expect(file.length).toBe(0),
  "text-named.jpg": (file) => {
    expect(new TextDecoder("utf-8", { fatal: true }).decode(file)).toContain("not a photo");
  },
  "html-as-jpeg.jpg": (file) => {
    expect(latin1(file)).toMatch(/^<!DOCTYPE html>/);
    expect(latin1(file)).toContain("<script>");
  },
  "pdf-named.jpg": (file) => {
    const text = latin1(file);
    expect(text).toMatch(/^%PDF-1\.4\n/);
    // Every cross-reference entry points at its object: a PDF reader opens it.
    const xrefAt = Number(/startxref\n(\d+)\n%%EOF\n$/.exec(text)?.[1]);
    expect(text.slice(xrefAt, xrefAt + 4)).toBe("xref");
    const offsets = [...text.slice(xrefAt).matchAll(/^(\d{10}) 00000 n $/gm)].map((m) => Number(m[1]));
    expect(offsets).toHaveLength(5);
    offsets.forEach((offset, i) => {
      expect(text.slice(offset)).toMatch(new RegExp(`^${i + 1} 0 obj\\n`));
    });
  },
  "gzip-named.png": (file) => expect(gunzipSync(file).toString("utf8")).toContain("not a photo"),
  "zip-named.png": (file) => expect(Object.keys(unzipSync(file))).toEqual(["holiday.txt"]),
  "svg-script.svg": async (file) => {
    expect(latin1(file)).toMatch(/^<svg /);
    expect(latin1(file)).toContain("<script>");
    expect(latin1(file)).toContain('xlink:href="http://127.0.0.1:1/');
    // The hazard is real: sharp itself would rasterise it.
    expect((await metadata(file)).format).toBe("svg");
  },
  "svg-named.png": async (file) => {
    expect([...file.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(latin1(file.subarray(3))).toMatch(/^<\?xml /);
    expect((await metadata(file)).format).toBe("svg");
  },
  "truncated.jpg": async (file) => {
    // The header is whole, the end-of-image marker is missing, and decoding runs out of data.
    await expectSize(file, "jpeg", 451, 300);
    expect([...file.subarray(-2)]).not.toEqual([0xff, 0xd9]);
    await expect(decodes(file)).rejects.toThrow(/premature end/i);
  },
  "png-bad-crc.png": (file) => {
    const chunks = pngChunks(file);
    const idats = chunks.filter((c) => c.type === "IDAT");
    expect(idats[0]?.crcValid).toBe(false);
    expect(chunks.filter((c) => !c.crcValid)).toHaveLength(1);
  },
  "zero-by-zero.png": (file) => {
    expect(pngHeader(file)).toMatchObject({ width: 0, height: 0 });
    expect(pngChunks(file).every((c) => c.crcValid)).toBe(true);
  },
  "png-bomb-50000x50000.png": async (file) => {
    expect(pngHeader(file)).toEqual({ width: 50_000, height: 50_000, bitDepth: 1, colourType: 0 });
    // Really there: 50000 rows of a filter byte and 6250 zero bytes, from about 300 KB.
    expect(await inflateCount(pngImageData(file))).toEqual({ bytes: 50_000 * 6251, allZero: true });
    expect(file.length).toBeLessThan(400_000);
  },
  "png-ihdr-over-pixel-limit.png": async (file) => {
    const { width, height } = pngHeader(file);
    expect(width * height).toBe(MAX_INPUT_PIXELS + 10_000);
    // One row of 10001 held.
    expect(await inflateCount(pngImageData(file))).toEqual({ bytes: 1251, allZero: true });
  },
  "png-at-pixel-limit.png": async (file) => {
    const { width, height } = pngHeader(file);
    expect(width * height).toBe(MAX_INPUT_PIXELS);
    expect(await inflateCount(pngImageData(file))).toEqual({ bytes: 10_000 * 1251, allZero: true });
  },
  "gif-65535x65535.gif": async (file) => {
    await expectSize(file, "gif", 65_535, 65_535);
    const [frame, ...rest] = readGif(file).frames;
    expect(rest).toHaveLength(0);
    expect(countLzwPixels(frame!)).toEqual({ pixels: 65_535 * 65_535, allZero: true });
    expect(file.length).toBeLessThan(SIZE_LIMIT_BYTES);
  },
  "jpeg-sof-65500x65500.jpg": (file) => expectSize(file, "jpeg", 65_500, 65_500),
  "tiff-header-100000x100000.tiff": async (file) => {
    await expectSize(file, "tiff", 100_000, 100_000);
    expect(file.length).toBeLessThan(2048);
  },
  "bmp-header-100000x100000.bmp": (file) => {
    expect(detectInputFormat(file)).toBe("bmp");
    expect(file.length).toBe(54);
    expect({
      width: file.readInt32LE(18),
      height: file.readInt32LE(22),
      bits: file.readUInt16LE(28),
    }).toEqual({
      width: 100_000,
      height: 100_000,
      bits: 24,
    });
  },
  "over-size-limit.jpg": async (file) => {
    expect(file.length).toBe(SIZE_LIMIT_BYTES + 1);
    expect((await decodes(file)).info).toMatchObject({ width: 600, height: 400 });
  },
  "at-size-limit.jpg": async (file) => {
    expect(file.length).toBe(SIZE_LIMIT_BYTES);
    expect((await decodes(file)).info).toMatchObject({ width: 600, height: 400 });
  },
  "polyglot-gif-js.gif": async (file) => {
    const text = latin1(file);
    expect(text).toMatch(/^GIF89a\/\*/);
    expect(text.indexOf("*/")).toBe(readGif(file).trailerAt + 1);
    // Valid JavaScript: compiled, never run.
    expect(() => new Function(text)).not.toThrow();
    expect((await decodes(file)).info).toMatchObject({ width: 10_799, height: 10 });
  },
  "polyglot-jpeg-zip.jpg": async (file) => {
    const end = await jpegEnd(file);
    expect(latin1(file.subarray(end, end + 4))).toBe("PK\x03\x04");
    expect(Object.keys(unzipSync(file)).sort()).toEqual(["index.html", "readme.txt"]);
  },
  "trailing-garbage.jpg": async (file) => {
    expect(file.length - (await jpegEnd(file))).toBe(64 * 1024);
  },
  "cmyk.jpg": async (file) =>
    expect(await metadata(file)).toMatchObject({ format: "jpeg", space: "cmyk", channels: 4 }),
  "cmyk.tiff": async (file) =>
    expect(await metadata(file)).toMatchObject({ format: "tiff", space: "cmyk", channels: 4 }),
  "rgb16.png": async (file) => {
    expect(pngHeader(file)).toMatchObject({ bitDepth: 16, colourType: 2 });
    expect(await metadata(file)).toMatchObject({ space: "rgb16", depth: "ushort" });
  },
  "icc-display-p3.jpg": async (file) => {
    const { icc } = await metadata(file);
    expect(iccDescription(icc!)).toContain("P3");
    // The stored numbers (read with the profile left alone) are not the sRGB colour shown.
    const stored = await sharp(file).keepIccProfile().raw().toBuffer();
    const difference = Math.max(...[200, 80, 40].map((value, i) => Math.abs(value - stored[i]!)));
    expect(difference).toBeGreaterThan(8);
  },
  "icc-malicious.jpg": (file) => {
    const [chunk, ...rest] = jpegSegmentPayloads(file, 0xe2).filter((p) =>
      latin1(p).startsWith("ICC_PROFILE\0"),
    );
    expect(rest).toHaveLength(0);
    const profile = chunk!.subarray(14);
    expect(latin1(profile.subarray(36, 40))).toBe("acsp");
    expect(profile.readUInt32BE(0)).toBeGreaterThan(profile.length * 1000);
    expect(profile.readUInt32BE(128)).toBeGreaterThan(1_000_000);
  },
  "chelsea.avif": async (file) => {
    expect(detectInputFormat(file)).toBe("avif");
    expect(await metadata(file)).toMatchObject({
      format: "heif",
      compression: "av1",
      width: 451,
      height: 300,
    });
  },
  "coffee.heic": async (file) => {
    expect(detectInputFormat(file)).toBe("heif");
    expect(await metadata(file)).toMatchObject({
      format: "heif",
      compression: "hevc",
      width: 600,
      height: 400,
    });
  },
  "coffee.bmp": async (file) => {
    const bmp = decodeBmp(file, { toRGBA: true });
    const source = await sharp(sourcePath("coffee")).removeAlpha().raw().toBuffer();
    expect({ width: bmp.width, height: bmp.height }).toEqual({ width: 600, height: 400 });
    const rgb = Buffer.alloc(source.length);
    for (let i = 0; i < 600 * 400; i++) bmp.data.copy(rgb, i * 3, i * 4, i * 4 + 3);
    expect(rgb.equals(source)).toBe(true);
  },
  "png-named.jpg": (file) => expect(detectInputFormat(file)).toBe("png"),
  "one-pixel.png": (file) => expectSize(file, "png", 1, 1),
  "strip-1x20000.png": (file) => expectSize(file, "png", 1, 20_000),
  "photo-8000x6000.jpg": async (file) => {
    await expectSize(file, "jpeg", 8000, 6000);
    expect(file.length).toBeLessThan(SIZE_LIMIT_BYTES);
  },
  "exif-orientation-6.jpg": async (file) => {
    expect(await metadata(file)).toMatchObject({ width: 451, height: 300, orientation: 6 });
    // Stored without rotation: the red mark is at the stored top-left.
    const stored = await sharp(file).extract({ left: 10, top: 10, width: 1, height: 1 }).raw().toBuffer();
    expect(Math.max(Math.abs(stored[0]! - 255), stored[1]!, stored[2]!)).toBeLessThan(16);
  },
  "exif-huge.jpg": async (file) => {
    const { exif } = await metadata(file);
    expect(exif!.length).toBeGreaterThan(60_000);
    const parsed = exifReader(exif!);
    expect(String(parsed.Image?.ImageDescription)).toHaveLength(30_000);
    expect(Object.keys(parsed.Image ?? {}).length).toBeGreaterThan(300);
  },
  "exif-ifd-loop.jpg": async (file) => {
    const { exif } = await metadata(file);
    // "Exif\0\0", then the TIFF header with IFD0 at 8; IFD0's links all lead back to 8.
    const tiff = exif!.subarray(6);
    const entries = tiff.readUInt16BE(8);
    expect(tiff.readUInt32BE(10 + entries * 12)).toBe(8);
    const parsed = exifReader(exif!);
    expect(parsed.Image).toMatchObject({ ExifTag: 8, GPSTag: 8 });
  },
  "animated.gif": async (file) =>
    expect(await metadata(file)).toMatchObject({ format: "gif", pages: 12, width: 225 }),
  "animated.webp": async (file) =>
    expect(await metadata(file)).toMatchObject({ format: "webp", pages: 12, width: 225 }),
  "gif-1000-frames.gif": async (file) => {
    expect(await metadata(file)).toMatchObject({ format: "gif", pages: 1000, width: 100, height: 100 });
    expect(
      readGif(file)
        .frames.map(countLzwPixels)
        .every((f) => f.pixels === 100 * 100 && f.allZero),
    ).toBe(true);
  },
  "gif-frames-over-pixel-budget.gif": async (file) => {
    const meta = await metadata(file);
    expect(meta).toMatchObject({ format: "gif", pages: 200, width: 800, height: 800 });
    expect(800 * 800).toBeLessThanOrEqual(MAX_INPUT_PIXELS);
    expect(200 * 800 * 800).toBeGreaterThan(MAX_INPUT_PIXELS);
  },
  "multipage.tiff": async (file) =>
    expect(await metadata(file)).toMatchObject({ format: "tiff", pages: 3, width: 451 }),
};
