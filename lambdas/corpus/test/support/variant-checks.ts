import {
  type ProcessedImageRecord,
  THUMBNAIL_SIDE,
  VARIANT_NAMES,
  VARIANT_SPECS,
  type VariantName,
} from "@darkroom/image-record";
import sharp from "sharp";
import { expect } from "vitest";
import type { ExpectProcessed } from "../../expectations.ts";
import type { CorpusStack } from "./corpus-stack.ts";
import { iccDescription } from "./icc-description.ts";
import { channelDistance, meanDifference, pixelAt } from "./variant-pixels.ts";

/**
 * A PROCESSED record's variants, read back from the media bucket and checked against the specs
 * and the file's expectation: names, formats and content types, sizes (as recorded and as
 * encoded), frames, sRGB without metadata, and the PNG variant's pixels.
 */
export async function checkVariants(
  stack: CorpusStack,
  record: ProcessedImageRecord,
  expected: ExpectProcessed,
): Promise<void> {
  const names = record.variants.map((v) => v.name);
  expect([...names].sort()).toEqual([...VARIANT_NAMES].sort());
  let png: Buffer | undefined;
  for (const variant of record.variants) {
    const name = variant.name as VariantName;
    const spec = VARIANT_SPECS[name];
    const { body, contentType } = await stack.media(variant.key);
    const meta = await sharp(body, { animated: true }).metadata();
    const frames = meta.pages ?? 1;
    const size = { width: meta.width, height: meta.pageHeight ?? meta.height };
    expect({ format: meta.format, contentType, bytes: body.length, ...size }, name).toEqual({
      format: spec.format,
      contentType: spec.contentType,
      bytes: variant.bytes,
      width: variant.width,
      height: variant.height,
    });
    const box = name === "thumbnail" ? { width: THUMBNAIL_SIDE, height: THUMBNAIL_SIDE } : expected.fullSize;
    expect(size, `${name}'s size`).toEqual(box);
    expect(frames, `${name}'s frames`).toBe(spec.format === "webp" ? expected.webpFrames : 1);
    // 8-bit sRGB (a 16-bit PNG would say rgb16), no EXIF, XMP or IPTC; a profile only if sRGB's.
    expect({ space: meta.space, exif: meta.exif, xmp: meta.xmp, iptc: meta.iptc }, name).toEqual({
      space: "srgb",
      exif: undefined,
      xmp: undefined,
      iptc: undefined,
    });
    if (meta.icc) expect(iccDescription(meta.icc), `${name}'s ICC profile`).toMatch(/sRGB/i);
    if (name === "png") png = body;
  }
  if (!png) throw new Error("no png variant");
  for (const check of expected.pixels ?? []) {
    const seen = await pixelAt(png, check.at);
    expect(channelDistance(seen, check.rgb), `${check.at} pixel ${seen} vs ${check.rgb}`).toBeLessThanOrEqual(
      check.tolerance,
    );
  }
  if (expected.looksLike) {
    const { source, maxMeanDifference } = expected.looksLike;
    expect(await meanDifference(png, source), `difference from ${source}`).toBeLessThan(maxMeanDifference);
  }
}
