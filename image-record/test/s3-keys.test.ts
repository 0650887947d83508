import { describe, expect, it } from "vitest";
import {
  MAX_KEY_FILENAME_LENGTH,
  parseUploadKey,
  parseVariantKey,
  sanitizeFilename,
  uploadKey,
  VARIANT_NAMES,
  VARIANT_SPECS,
  variantKey,
} from "../src/index.ts";
import { IMAGE_ID } from "./fixtures.ts";

describe("upload keys", () => {
  it("round-trips", () => {
    const key = uploadKey(IMAGE_ID, "holiday-2024.v2.jpg");
    expect(key).toBe(`uploads/${IMAGE_ID}/holiday-2024.v2.jpg`);
    expect(parseUploadKey(key)).toEqual({ imageId: IMAGE_ID, filename: "holiday-2024.v2.jpg" });
  });

  it.each([
    "",
    ".",
    "..",
    "../secret",
    "a/b.jpg",
    "a\\b.jpg",
    ".hidden",
    "-rf",
    "a..b",
    "sp ace.jpg",
    "x".repeat(MAX_KEY_FILENAME_LENGTH + 1),
  ])("refuses the filename %j", (filename) => {
    expect(() => uploadKey(IMAGE_ID, filename)).toThrow(/invalid upload filename/);
  });

  it("refuses an image id that is not a ULID", () => {
    expect(() => uploadKey("../..", "a.jpg")).toThrow('invalid image id "../..": expected a ULID');
  });

  it.each([
    `uploads/${IMAGE_ID}/../x.jpg`,
    `uploads/${IMAGE_ID}/sub/x.jpg`,
    `uploads/${IMAGE_ID}/`,
    `uploads/${IMAGE_ID}`,
    `uploads//x.jpg`,
    `uploads/not-a-ulid/x.jpg`,
    `/uploads/${IMAGE_ID}/x.jpg`,
    `variants/${IMAGE_ID}/x.jpg`,
    `other/${IMAGE_ID}/x.jpg`,
    `Uploads/${IMAGE_ID}/x.jpg`,
  ])("does not parse %j", (key) => {
    expect(parseUploadKey(key)).toBeNull();
  });
});

describe("sanitizeFilename", () => {
  it.each([
    ["Holiday 2024 (1).JPG", "Holiday-2024-1.JPG"],
    ["C:\\Users\\me\\Été à Nice.jpeg", "Ete-a-Nice.jpeg"],
    ["../../etc/passwd", "passwd"],
    ["..", "image"],
    ["", "image"],
    ["...hidden..png", "hidden.png"],
    ["日本.png", "png"],
  ])("turns %j into %j", (input, expected) => {
    expect(sanitizeFilename(input)).toBe(expected);
  });

  it("shortens long names but keeps the extension", () => {
    const name = sanitizeFilename(`${"a".repeat(300)}.webp`);
    expect(name).toHaveLength(MAX_KEY_FILENAME_LENGTH);
    expect(name.endsWith("a.webp")).toBe(true);
  });

  it("always yields a name uploadKey accepts", () => {
    for (const input of [
      "a/../../b",
      "\u0000\u0001",
      "-.-.-",
      "x..",
      "ok.jpg",
      "🙂.gif",
      ` ${"é".repeat(500)}`,
    ]) {
      expect(() => uploadKey(IMAGE_ID, sanitizeFilename(input)), input).not.toThrow();
    }
  });
});

describe("variant keys", () => {
  it("round-trips every variant", () => {
    for (const name of VARIANT_NAMES) {
      const { extension } = VARIANT_SPECS[name];
      const key = variantKey(IMAGE_ID, name, extension);
      expect(key).toBe(`variants/${IMAGE_ID}/${name}.${extension}`);
      expect(parseVariantKey(key)).toEqual({ imageId: IMAGE_ID, variantName: name, extension });
    }
  });

  it("refuses unknown variants and mismatched extensions", () => {
    expect(() => variantKey(IMAGE_ID, "huge", "jpg")).toThrow('unknown variant "huge"');
    expect(() => variantKey(IMAGE_ID, "webp", "jpg")).toThrow(
      'variant "webp" has extension "webp", not "jpg"',
    );
    expect(() => variantKey("nope", "webp", "webp")).toThrow(/invalid image id/);
  });

  it.each([
    `variants/${IMAGE_ID}/webp.jpg`,
    `variants/${IMAGE_ID}/huge.jpg`,
    `variants/${IMAGE_ID}/thumbnail`,
    `variants/${IMAGE_ID}/../webp.webp`,
    `variants/${IMAGE_ID}/x/webp.webp`,
    `variants/bad/webp.webp`,
    `uploads/${IMAGE_ID}/webp.webp`,
    `webp.webp`,
  ])("does not parse %j", (key) => {
    expect(parseVariantKey(key)).toBeNull();
  });
});
