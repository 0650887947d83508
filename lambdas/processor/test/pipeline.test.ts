import { MAX_VARIANT_SIDE, THUMBNAIL_SIDE, VARIANT_NAMES } from "@darkroom/image-record";
import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { decodeOnce } from "../src/pipeline/decode.ts";
import { encodeVariants } from "../src/pipeline/encode-variant.ts";
import { readHeader } from "../src/pipeline/image-header.ts";
import { planVariants } from "../src/pipeline/variant-plan.ts";
import {
  alphaBmp32,
  animatedGif,
  bmp24,
  bombPng,
  channelMeans,
  chelsea,
  cmykJpeg,
  expectNear,
  FRAME_COLOURS,
  fixture,
  jpegOf,
  jpegWithExtraneousBytes,
  orientation6Jpeg,
  p3Png,
  paletteBmp8,
  png16,
  pngWithBadChecksum,
  truncatedJpeg,
  wideImage,
} from "./support/images.ts";
import { expectFailure, IMAGE_ID, roomyDeadline, runPipeline } from "./support/pipeline.ts";

const EXPECTED_FORMATS = { compressed: "jpeg", low: "jpeg", webp: "webp", png: "png", thumbnail: "jpeg" };

describe("the decode-once pipeline on real photographs", () => {
  it.each(["chelsea.png", "astronaut.png", "coffee.png"] as const)(
    "%s: every variant, right format and size, no metadata",
    async (name) => {
      const original = fixture(name);
      const source = await sharp(original).metadata();
      const { variants, byName } = await runPipeline(original);

      expect(variants.map((v) => v.name)).toEqual(VARIANT_NAMES);
      for (const variant of variants) {
        const meta = await sharp(variant.body).metadata();
        expect(meta.format, variant.name).toBe(
          EXPECTED_FORMATS[variant.name as keyof typeof EXPECTED_FORMATS],
        );
        expect([meta.width, meta.height], variant.name).toEqual([variant.width, variant.height]);
        expect(Math.max(meta.width, meta.height)).toBeLessThanOrEqual(MAX_VARIANT_SIDE);
        // Stripped: no EXIF, no XMP, no ICC profile (the pixels are sRGB already).
        expect(meta.exif, variant.name).toBeUndefined();
        expect(meta.xmp, variant.name).toBeUndefined();
        expect(meta.hasProfile, variant.name).toBe(false);
        expect(meta.space, variant.name).toBe("srgb");
        expect(meta.depth, variant.name).toBe("uchar");
      }
      for (const full of ["compressed", "low", "webp", "png"]) {
        expect([byName[full]!.width, byName[full]!.height], full).toEqual([source.width, source.height]);
      }
      expect([byName.thumbnail!.width, byName.thumbnail!.height]).toEqual([THUMBNAIL_SIDE, THUMBNAIL_SIDE]);
      // Quality 60 is smaller than quality 85 of the same pixels.
      expect(byName.low!.body.length).toBeLessThan(byName.compressed!.body.length);
    },
  );

  it("keeps the PNG variant lossless: its pixels are the decoded pixels", async () => {
    const { pixels, byName } = await runPipeline(chelsea());
    const png = await sharp(byName.png!.body).raw().toBuffer();
    expect(png.equals(pixels.data)).toBe(true);
    // and the decoded pixels are the original's, since nothing was resized
    expect(pixels.data.equals(await sharp(chelsea()).raw().toBuffer())).toBe(true);
  });

  it("derives every variant from the one decode: the original is not read again", async () => {
    const original = Buffer.from(await jpegOf(chelsea()));
    const deadline = roomyDeadline();
    const header = await readHeader(original, "jpeg");
    const pixels = await decodeOnce(original, header, deadline);
    const decoded = Buffer.from(pixels.data);
    // Destroy the original after the decode: anything read from it now is zeros.
    original.fill(0);
    const variants = await encodeVariants(pixels, planVariants(IMAGE_ID, pixels), undefined, deadline);
    expect(variants).toHaveLength(VARIANT_NAMES.length);
    const png = variants.find((v) => v.name === "png")!;
    expect((await sharp(png.body).raw().toBuffer()).equals(decoded)).toBe(true);
    const [r, g, b] = await channelMeans(variants.find((v) => v.name === "compressed")!.body);
    expect(r! + g! + b!).toBeGreaterThan(100);
  });

  it("shrinks originals over 4096 px once, and warns nothing is larger", async () => {
    const { header, pixels, variants } = await runPipeline(await wideImage(5000, 400));
    expect([header.width, header.height]).toEqual([5000, 400]);
    expect([pixels.width, pixels.frameHeight]).toEqual([4096, 328]);
    for (const v of variants) expect(Math.max(v.width, v.height), v.name).toBeLessThanOrEqual(4096);
    expect(variants.find((v) => v.name === "thumbnail")).toMatchObject({ width: 300, height: 300 });
  });
});

describe("extreme shapes", () => {
  it("a 1x20000 strip: full size 1x4096, a 300x300 thumbnail from its centre", async () => {
    const strip = await sharp({ create: { width: 1, height: 20_000, channels: 3, background: "#0a78c8" } })
      .png()
      .toBuffer();
    const { byName } = await runPipeline(strip);
    expect([byName.png!.width, byName.png!.height]).toEqual([1, 4096]);
    expect([byName.thumbnail!.width, byName.thumbnail!.height]).toEqual([300, 300]);
    expectNear(await channelMeans(byName.thumbnail!.body), [10, 120, 200], 3);
  });

  it("a 1x1 image: a 300x300 thumbnail of its colour", async () => {
    const dot = await sharp({ create: { width: 1, height: 1, channels: 3, background: "#0a78c8" } })
      .png()
      .toBuffer();
    const { byName } = await runPipeline(dot);
    expect([byName.compressed!.width, byName.compressed!.height]).toEqual([1, 1]);
    expect([byName.thumbnail!.width, byName.thumbnail!.height]).toEqual([300, 300]);
    expectNear(await channelMeans(byName.thumbnail!.body), [10, 120, 200], 3);
  });
});

describe("colour: CMYK, 16-bit and ICC profiles become 8-bit sRGB", () => {
  it("converts a CMYK JPEG to RGB with the original's colours", async () => {
    const cmyk = await cmykJpeg();
    expect((await sharp(cmyk).metadata()).space).toBe("cmyk");
    const { byName } = await runPipeline(cmyk);
    const meta = await sharp(byName.compressed!.body).metadata();
    expect([meta.space, meta.channels]).toEqual(["srgb", 3]);
    // Read as RGB without conversion, CMYK would come out inverted and far off.
    const original = await channelMeans(chelsea());
    const converted = await channelMeans(byName.png!.body);
    expectNear(converted, original, 16);
  });

  it("scales a 16-bit PNG to 8 bits", async () => {
    const deep = await png16();
    expect((await sharp(deep).metadata()).depth).toBe("ushort");
    const { byName } = await runPipeline(deep);
    const meta = await sharp(byName.png!.body).metadata();
    expect([meta.depth, meta.bitsPerSample]).toEqual(["uchar", 8]);
    const original = await channelMeans(chelsea());
    const converted = await channelMeans(byName.png!.body);
    expectNear(converted, original, 1);
  });

  it("converts a Display P3 image through its profile, not by copying the numbers", async () => {
    // The file stores the P3 numbers of sRGB (200, 60, 50); its profile says how to read them.
    const p3 = await p3Png({ r: 200, g: 60, b: 50 });
    const stored = await channelMeans(sharp(p3, { ignoreIcc: true }));
    expect(Math.abs(stored[0]! - 200) + Math.abs(stored[1]! - 60)).toBeGreaterThan(15);
    const { byName } = await runPipeline(p3);
    const converted = await channelMeans(byName.png!.body);
    expectNear(converted, [200, 60, 50], 2);
  });
});

describe("orientation, animation and the formats sharp cannot decode", () => {
  it("applies EXIF orientation 6: variants are portrait, the red corner at the top right", async () => {
    const { header, byName } = await runPipeline(await orientation6Jpeg());
    expect([header.width, header.height, header.orientation]).toEqual([451, 300, 6]);
    expect([byName.compressed!.width, byName.compressed!.height]).toEqual([300, 451]);
    const { data, info } = await sharp(byName.png!.body).raw().toBuffer({ resolveWithObject: true });
    const at = (x: number, y: number) =>
      data.subarray((y * info.width + x) * 3, (y * info.width + x) * 3 + 3);
    const isRed = (pixel: Buffer) => pixel[0]! > 220 && pixel[1]! < 40 && pixel[2]! < 40;
    // Stored top-left → displayed top-right after a quarter turn clockwise.
    expect(isRed(at(info.width - 10, 10))).toBe(true);
    expect(isRed(at(10, 10))).toBe(false);
  });

  it("keeps a GIF's animation in the WebP and uses its first frame elsewhere", async () => {
    const { header, pixels, byName } = await runPipeline(await animatedGif());
    expect([header.format, header.frames, header.width, header.height]).toEqual(["gif", 3, 120, 80]);
    expect([pixels.frames, pixels.frameHeight]).toEqual([3, 80]);

    const webp = await sharp(byName.webp!.body).metadata();
    expect([webp.pages, webp.width, webp.height, webp.loop, webp.delay]).toEqual([
      3,
      120,
      80,
      0,
      [100, 200, 300],
    ]);
    const frames = await sharp(byName.webp!.body, { animated: true })
      .raw()
      .toBuffer({ resolveWithObject: true });
    for (const [i, colour] of FRAME_COLOURS.entries()) {
      const expected = [1, 3, 5].map((at) => Number.parseInt(colour.slice(at, at + 2), 16));
      const offset = i * 120 * 80 * frames.info.channels;
      expect([...frames.data.subarray(offset, offset + 3)].map((v) => Math.round(v / 16))).toEqual(
        expected.map((v) => Math.round(v / 16)),
      );
    }
    const still = await sharp(byName.compressed!.body).metadata();
    expect([still.pages ?? 1, still.width, still.height]).toEqual([1, 120, 80]);
    const [r, g, b] = await channelMeans(byName.compressed!.body);
    expect([r! > 200, g! < 50, b! < 50]).toEqual([true, true, true]);
    expect((await sharp(byName.thumbnail!.body).metadata()).pages ?? 1).toBe(1);
  });

  it("decodes a 24-bit BMP with bmp-ts to the same pixels as the original", async () => {
    const { format, header, byName } = await runPipeline(await bmp24());
    expect([format, header.decoder, header.width, header.height]).toEqual(["bmp", "bmp", 451, 300]);
    const png = await sharp(byName.png!.body).raw().toBuffer({ resolveWithObject: true });
    expect(png.info.channels).toBe(3);
    expect(png.data.equals(await sharp(chelsea()).raw().toBuffer())).toBe(true);
  });

  it("decodes an 8-bit palette BMP (bmp-ts read in ABGR: its toRGBA mode misplaces palette bytes)", async () => {
    const { file, grey, width, height } = await paletteBmp8();
    const { header, byName } = await runPipeline(file);
    expect([header.width, header.height]).toEqual([width, height]);
    const png = await sharp(byName.png!.body).raw().toBuffer({ resolveWithObject: true });
    expect(png.info.channels).toBe(3);
    const expected = Buffer.alloc(grey.length * 3);
    for (const [i, v] of grey.entries()) expected.fill(v, i * 3, i * 3 + 3);
    expect(png.data.equals(expected)).toBe(true);
  });

  it("keeps a 32-bit BMP's alpha in PNG and WebP, and lays JPEG on white", async () => {
    const { byName } = await runPipeline(alphaBmp32());
    const png = await sharp(byName.png!.body).raw().toBuffer({ resolveWithObject: true });
    expect(png.info.channels).toBe(4);
    expect([...png.data.subarray(0, 4)].map((v) => Math.round(v / 4))).toEqual(
      [255, 0, 0, 128].map((v) => Math.round(v / 4)),
    );
    // Half-transparent red over white is pink.
    const [r, g, b] = await channelMeans(byName.compressed!.body);
    expect(r).toBeGreaterThan(245);
    expect(g).toBeGreaterThan(115);
    expect(g).toBeLessThan(140);
    expect(b).toBeCloseTo(g!, -1);
  });

  it("decodes HEIC with heic-decode (sharp reads only its header)", async () => {
    const heic = fixture("chelsea.heic");
    const { format, header, byName } = await runPipeline(heic);
    expect([format, header.decoder, header.width, header.height, header.hasAlpha]).toEqual([
      "heif",
      "heic",
      451,
      300,
      false,
    ]);
    expect((await sharp(byName.png!.body).metadata()).channels).toBe(3);
    const original = await channelMeans(chelsea());
    const decoded = await channelMeans(byName.png!.body);
    expectNear(decoded, original, 6);
  });

  it("decodes AVIF and TIFF (first page) with sharp", async () => {
    const avif = await sharp(chelsea()).avif({ quality: 60 }).toBuffer();
    const tiff = await sharp(chelsea()).tiff().toBuffer();
    for (const [bytes, format] of [
      [avif, "avif"],
      [tiff, "tiff"],
    ] as const) {
      const { header, byName } = await runPipeline(bytes);
      expect([header.format, header.decoder], format).toEqual([format, "sharp"]);
      expect([byName.compressed!.width, byName.compressed!.height], format).toEqual([451, 300]);
    }
  });
});

describe("refused originals", () => {
  it("a truncated JPEG is CORRUPT (failOn 'error' catches truncation)", async () => {
    await expectFailure(runPipeline(await truncatedJpeg()), "CORRUPT", /premature end of JPEG/i);
  });

  it("a PNG failing its checksum is CORRUPT (why failOn is not 'truncated', which decodes it)", async () => {
    await expectFailure(runPipeline(await pngWithBadChecksum()), "CORRUPT", /libpng read error/);
    // Under "truncated" the damaged file would go through.
    await expect(
      sharp(await pngWithBadChecksum(), { failOn: "truncated" })
        .raw()
        .toBuffer(),
    ).resolves.toBeDefined();
  });

  it("a JPEG with a harmless decoder warning is not refused (why failOn is not 'warning')", async () => {
    const { byName } = await runPipeline(await jpegWithExtraneousBytes());
    expect(byName.compressed!.width).toBe(451);
  });

  it("a 50000x50000 PNG header is a DECOMPRESSION_BOMB, found before decoding", async () => {
    const bytes = bombPng();
    const header = await readHeader(bytes, "png");
    expect([header.width, header.height]).toEqual([50_000, 50_000]);
    await expectFailure(runPipeline(bytes), "DECOMPRESSION_BOMB", /50000x50000 \(2500\.0 megapixels\)/);
    // sharp's own limit stands behind the header check.
    await expectFailure(decodeOnce(bytes, header, roomyDeadline()), "DECOMPRESSION_BOMB", /pixel limit/);
  });

  it("a BMP whose header claims too many pixels is refused before bmp-ts allocates them", async () => {
    const bytes = await bmp24();
    bytes.writeInt32LE(20_000, 18);
    bytes.writeInt32LE(-20_000, 22);
    await expectFailure(runPipeline(bytes), "DECOMPRESSION_BOMB", /20000x20000/);
  });

  it("an image that stops mid-file in other formats is CORRUPT too", async () => {
    const png = await sharp(chelsea()).png().toBuffer();
    await expectFailure(runPipeline(png.subarray(0, png.length / 2)), "CORRUPT");
    const bmp = await bmp24();
    await expectFailure(runPipeline(bmp.subarray(0, bmp.length / 2)), "CORRUPT");
    const heic = fixture("chelsea.heic");
    await expectFailure(runPipeline(heic.subarray(0, heic.length / 2)), "CORRUPT");
  });
});
