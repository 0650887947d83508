import {
  formatVariantKey,
  jpeg,
  MAX_VARIANT_SIDE,
  THUMBNAIL,
  VARIANT_NAMES,
  VARIANT_SPECS,
} from "@darkroom/image-record";
import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { encodeVariants } from "../src/pipeline/encode-variant.ts";
import type { Pixels } from "../src/pipeline/pixels.ts";
import { coverCrop, MAX_COVER_RATIO, planVariants, resizedSize } from "../src/pipeline/variant-plan.ts";
import { IMAGE_ID, roomyDeadline } from "./support/pipeline.ts";

const SIZES = [
  [1, 1],
  [300, 300],
  [451, 300],
  [299, 4096],
  [4096, 4096],
  [4096, 10],
  [3000, 4000],
] as const;

describe("planVariants", () => {
  it.each(SIZES)("%ix%i: one plan per spec, keys from the spec table", (width, height) => {
    const plans = planVariants(IMAGE_ID, { width, frameHeight: height, frames: 1 });
    expect(plans.map((p) => p.name)).toEqual(VARIANT_NAMES);
    for (const plan of plans) {
      expect(plan.key).toBe(formatVariantKey(IMAGE_ID, plan.name, VARIANT_SPECS[plan.name].extension));
    }
  });

  it.each(SIZES)(
    "%ix%i: thumbnail exactly 300x300, full sizes untouched and never over 4096",
    (width, height) => {
      const plans = Object.fromEntries(
        planVariants(IMAGE_ID, { width, frameHeight: height, frames: 1 }).map((p) => [p.name, p]),
      );
      expect(plans.thumbnail).toMatchObject({ width: 300, height: 300, resize: THUMBNAIL });
      for (const name of ["compressed", "low", "webp", "png"]) {
        // The decode already fits the pixels in 4096: full-size variants encode them as they are.
        expect(plans[name], name).toMatchObject({ width, height, resize: null });
        expect(Math.max(plans[name]!.width, plans[name]!.height)).toBeLessThanOrEqual(MAX_VARIANT_SIDE);
      }
    },
  );

  it("animates only the specs that ask for it, and only animated pixels", () => {
    const animated = planVariants(IMAGE_ID, { width: 120, frameHeight: 80, frames: 3 });
    expect(animated.filter((p) => p.animated).map((p) => p.name)).toEqual(["webp"]);
    expect(planVariants(IMAGE_ID, { width: 120, frameHeight: 80, frames: 1 }).some((p) => p.animated)).toBe(
      false,
    );
  });

  it("resizes pixels that exceed a smaller box, as sharp does", async () => {
    const small = {
      preview: jpeg(80, {
        width: 200,
        height: 200,
        fit: "inside",
        position: "centre",
        withoutEnlargement: true,
      }),
    };
    const data = await sharp({ create: { width: 451, height: 300, channels: 3, background: "#808080" } })
      .raw()
      .toBuffer();
    const pixels: Pixels = { data, width: 451, frameHeight: 300, frames: 1, channels: 3 };
    const [plan] = planVariants(IMAGE_ID, pixels, small);
    expect(plan).toMatchObject({ width: 200, height: 133, resize: small.preview.resize });
    const [encoded] = await encodeVariants(pixels, [plan!], undefined, roomyDeadline());
    expect([encoded!.width, encoded!.height]).toEqual([plan!.width, plan!.height]);
  });

  it("cuts the centre of extreme strips before a cover resize, bounding its intermediate", () => {
    expect(coverCrop(451, 300, THUMBNAIL)).toBeNull();
    expect(coverCrop(2400, 300, THUMBNAIL)).toBeNull();
    expect(coverCrop(1, 4096, THUMBNAIL)).toEqual({ left: 0, top: 2044, width: 1, height: 8 });
    expect(coverCrop(4096, 4, THUMBNAIL)).toEqual({ left: 2032, top: 0, width: 32, height: 4 });
    expect(coverCrop(4096, 10, VARIANT_SPECS.compressed.resize)).toBeNull();
    // Cover then scales the short side to 300: the long side to at most 8 x 300.
    for (const [width, height] of [
      [1, 4096],
      [4096, 1],
      [4096, 4],
      [3, 4000],
    ] as const) {
      const crop = coverCrop(width, height, THUMBNAIL)!;
      const scale = 300 / Math.min(crop.width, crop.height);
      expect(Math.max(crop.width, crop.height) * scale).toBeLessThanOrEqual(300 * (MAX_COVER_RATIO + 1));
    }
    const [thumbnail] = planVariants(IMAGE_ID, { width: 1, frameHeight: 4096, frames: 1 }).filter(
      (p) => p.name === "thumbnail",
    );
    expect(thumbnail?.crop).toEqual({ left: 0, top: 2044, width: 1, height: 8 });
  });

  it("resizedSize: inside keeps the ratio, cover fills the box", () => {
    const box = {
      width: 4096,
      height: 4096,
      fit: "inside",
      position: "centre",
      withoutEnlargement: true,
    } as const;
    expect(resizedSize(8000, 6000, box)).toEqual({ width: 4096, height: 3072 });
    expect(resizedSize(100, 50, box)).toEqual({ width: 100, height: 50 });
    expect(resizedSize(100, 50, THUMBNAIL)).toEqual({ width: 300, height: 300 });
  });
});
