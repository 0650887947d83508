import { readFileSync } from "node:fs";
import { describe, expect, expectTypeOf, it } from "vitest";
import {
  avif,
  defineVariantSpecs,
  FULL_SIZE,
  type ImageRecord,
  imageRecordSchemaFor,
  MAX_VARIANT_SIDE,
  OUTPUT_FORMATS,
  PIPELINE_STEPS,
  type ProcessedImageRecord,
  timingSteps,
  VARIANT_NAMES,
  VARIANT_SPECS,
  type VariantName,
  type VariantSpec,
  variantKey,
} from "../src/index.ts";
import { IMAGE_ID, processedRecord } from "./fixtures.ts";

describe("variant specs", () => {
  it("plan each variant: format, quality, box, fit and crop", () => {
    const plan = Object.fromEntries(
      VARIANT_NAMES.map((name) => {
        const s = VARIANT_SPECS[name];
        const { width, height, fit, position, withoutEnlargement } = s.resize;
        return [
          name,
          [s.format, s.quality, s.mozjpeg, `${width}x${height}`, fit, position, withoutEnlargement],
        ];
      }),
    );
    expect(plan).toEqual({
      compressed: ["jpeg", 85, true, "4096x4096", "inside", "centre", true],
      low: ["jpeg", 60, true, "4096x4096", "inside", "centre", true],
      webp: ["webp", 80, false, "4096x4096", "inside", "centre", true],
      png: ["png", null, false, "4096x4096", "inside", "centre", true],
      thumbnail: ["jpeg", 80, true, "300x300", "cover", "attention", false],
    });
  });

  it("keep animation in the WebP variant only", () => {
    expect(VARIANT_NAMES.filter((name) => VARIANT_SPECS[name].animated)).toEqual(["webp"]);
  });

  it("make every variant sRGB, upright and without metadata, no side above 4096 px", () => {
    for (const name of VARIANT_NAMES) {
      const s = VARIANT_SPECS[name];
      expect([s.colourspace, s.autoOrient, s.keepMetadata], name).toEqual(["srgb", true, false]);
      expect(Math.max(s.resize.width, s.resize.height), name).toBeLessThanOrEqual(MAX_VARIANT_SIDE);
    }
    expect(MAX_VARIANT_SIDE).toBe(4096);
  });

  it("take content type and extension from the format, each file name once", () => {
    for (const name of VARIANT_NAMES) {
      const s = VARIANT_SPECS[name];
      expect([s.contentType, s.extension], name).toEqual([
        OUTPUT_FORMATS[s.format].contentType,
        OUTPUT_FORMATS[s.format].extension,
      ]);
    }
    const files = VARIANT_NAMES.map((name) => variantKey(IMAGE_ID, name));
    expect(new Set(files).size).toBe(files.length);
  });

  it("are frozen, so no caller can change the plan for the others", () => {
    expect(Object.isFrozen(VARIANT_SPECS)).toBe(true);
    expect(Object.isFrozen(VARIANT_SPECS.thumbnail)).toBe(true);
    expect(Object.isFrozen(VARIANT_SPECS.thumbnail.resize)).toBe(true);
  });

  it.each([
    [
      "a lossy quality on PNG",
      { png: { ...VARIANT_SPECS.png, quality: 90 } },
      /lossless: quality must be null/,
    ],
    ["no quality on JPEG", { x: { ...VARIANT_SPECS.low, quality: null } }, /whole number from 1 to 100/],
    ["quality 0", { x: { ...VARIANT_SPECS.low, quality: 0 } }, /whole number from 1 to 100/],
    [
      "a box above 4096",
      { x: { ...VARIANT_SPECS.low, resize: { ...FULL_SIZE, width: 8192 } } },
      /exceeds 4096/,
    ],
    ["a name that is a timing step", { total: VARIANT_SPECS.low }, /taken by a timing step/],
    ["a name unfit for a key", { "Big/One": VARIANT_SPECS.low }, /the name must match/],
  ])("refuse %s", (_, table, error) => {
    expect(() => defineVariantSpecs(table as Record<string, VariantSpec>)).toThrow(error);
  });
});

describe("adding a variant is one line", () => {
  const withAvif = defineVariantSpecs({ ...VARIANT_SPECS, avif: avif(50) });

  it("shows the AVIF line, commented, in the spec table", () => {
    const source = readFileSync(new URL("../src/variant-specs.ts", import.meta.url), "utf8");
    expect(source).toMatch(/^\s*\/\/ avif: avif\(\d+\),$/m);
  });

  it("derives the names, the record's variant enum and the timing steps from the table", () => {
    expect(VARIANT_NAMES).toEqual(Object.keys(VARIANT_SPECS));
    expectTypeOf<VariantName>().toEqualTypeOf<keyof typeof VARIANT_SPECS>();
    expectTypeOf<ProcessedImageRecord["variants"][number]["name"]>().toEqualTypeOf<VariantName>();
    expect(timingSteps(VARIANT_NAMES)).toEqual([
      "download",
      "decode",
      ...Object.keys(VARIANT_SPECS),
      "labels",
      "write",
      "total",
    ]);
    expect(PIPELINE_STEPS.every((step) => timingSteps(VARIANT_NAMES).includes(step))).toBe(true);
  });

  it("makes the record schema require, accept and check the new variant", () => {
    const schema = imageRecordSchemaFor(withAvif);
    const record = processedRecord();
    const avifVariant = {
      name: "avif",
      key: `variants/${IMAGE_ID}/avif.avif`,
      format: "avif",
      width: 2731,
      height: 4096,
      bytes: 90_000,
    } as const;
    const issues = (value: unknown) => schema.safeParse(value).error?.issues.map((i) => i.message) ?? [];
    expect(issues(record)).toEqual(["misses avif"]);
    expect(
      issues({
        ...record,
        variants: [...record.variants, avifVariant],
        timings: { ...record.timings, avif: 700 },
      }),
    ).toEqual([]);
    expect(issues({ ...record, variants: [...record.variants, { ...avifVariant, format: "webp" }] })).toEqual(
      ["must be avif for the avif variant"],
    );
    // And today's schema does not know it.
    expect(
      imageRecordSchemaFor(VARIANT_SPECS).safeParse({
        ...record,
        variants: [...record.variants, avifVariant],
      }).success,
    ).toBe(false);
    type AvifRecord = Extract<ReturnType<typeof schema.parse>, { status: "PROCESSED" }>;
    expectTypeOf<AvifRecord["variants"][number]["name"]>().toEqualTypeOf<VariantName | "avif">();
    expectTypeOf<ImageRecord>().not.toBeAny();
  });
});
