import { describe, expect, it } from "vitest";
import {
  displayFileName,
  MAX_KEY_FILENAME_LENGTH,
  MAX_ORIGINAL_FILE_NAME_LENGTH,
  originalFileNameSchema,
  parseUploadKey,
  parseVariantKey,
  sanitizeFilename,
  uploadKey,
  VARIANT_NAMES,
  VARIANT_SPECS,
  variantKey,
} from "../src/index.ts";
import { IMAGE_ID } from "./fixtures.ts";

/** Hostile names a browser may send: traversal, empty, non-Latin, control characters, 300 characters. */
const HOSTILE_NAMES = [
  "../../etc/passwd",
  "..\\..\\windows\\system32\\config",
  "../",
  "..",
  ".",
  "",
  "   ",
  "日本の海.png",
  "🙂🙂.gif",
  "é".repeat(300),
  `${"a".repeat(300)}.webp`,
  "a\u0000b\u001fc.jpg",
  "-rf .jpg",
  "x..",
  "%2e%2e%2fsecret.jpg",
  "report..final..jpg",
];

describe("upload keys", () => {
  it("round-trip", () => {
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
    "日本.png",
    "x".repeat(MAX_KEY_FILENAME_LENGTH + 1),
  ])("refuse the unsanitized file name %j", (filename) => {
    expect(() => uploadKey(IMAGE_ID, filename)).toThrow(/invalid upload filename/);
  });

  it("refuse an image id that is not a ULID", () => {
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
    `Uploads/${IMAGE_ID}/x.jpg`,
    `uploads/${IMAGE_ID}/x%20y.jpg`,
  ])("do not parse %j", (key) => {
    expect(parseUploadKey(key)).toBeNull();
  });
});

describe("sanitizeFilename", () => {
  it.each([
    ["Holiday 2024 (1).JPG", "Holiday-2024-1.JPG"],
    ["C:\\Users\\me\\Été à Nice.jpeg", "Ete-a-Nice.jpeg"],
    ["../../etc/passwd", "passwd"],
    ["../", "image"],
    ["..", "image"],
    ["", "image"],
    ["...hidden..png", "hidden.png"],
    [".bashrc", "bashrc"],
    ["report..final..jpg", "report.final.jpg"],
    ["日本の海.png", "image.png"],
    ["%2e%2e%2fsecret.jpg", "2e-2e-2fsecret.jpg"],
  ])("turns %j into %j", (input, expected) => {
    expect(sanitizeFilename(input)).toBe(expected);
  });

  it("shortens 300 characters to the key limit, keeping the extension", () => {
    const name = sanitizeFilename(`${"a".repeat(300)}.webp`);
    expect(name).toHaveLength(MAX_KEY_FILENAME_LENGTH);
    expect(name.endsWith("aaa.webp")).toBe(true);
  });

  it.each(HOSTILE_NAMES)("makes %j a name that round-trips through an upload key", (input) => {
    const filename = sanitizeFilename(input);
    expect(parseUploadKey(uploadKey(IMAGE_ID, filename))).toEqual({ imageId: IMAGE_ID, filename });
    expect(sanitizeFilename(filename), "idempotent").toBe(filename);
  });
});

describe("displayFileName", () => {
  it.each(HOSTILE_NAMES)("makes %j a valid originalFileName", (input) => {
    expect(originalFileNameSchema.safeParse(displayFileName(input)).success).toBe(true);
  });

  it("keeps the user's spelling, drops the path and control characters", () => {
    expect(displayFileName("C:\\fakepath\\Été à Nice (2).jpeg")).toBe("Été à Nice (2).jpeg");
    expect(displayFileName("a\u0000b\u001fc.jpg")).toBe("abc.jpg");
    expect(displayFileName("   ")).toBe("image");
  });

  it("shortens without splitting a character", () => {
    const name = displayFileName("🙂".repeat(200));
    expect(name.length).toBeLessThanOrEqual(MAX_ORIGINAL_FILE_NAME_LENGTH);
    expect(name).toBe("🙂".repeat(Math.floor(MAX_ORIGINAL_FILE_NAME_LENGTH / 2)));
  });
});

describe("variant keys", () => {
  it("round-trip every variant, with its spec's extension", () => {
    for (const name of VARIANT_NAMES) {
      const { extension } = VARIANT_SPECS[name];
      const key = variantKey(IMAGE_ID, name);
      expect(key).toBe(`variants/${IMAGE_ID}/${name}.${extension}`);
      expect(parseVariantKey(key)).toEqual({ imageId: IMAGE_ID, variantName: name, extension });
    }
  });

  it("refuse unknown variants and bad ids", () => {
    // @ts-expect-error: the type already refuses an unknown name; the runtime check is for JS callers.
    expect(() => variantKey(IMAGE_ID, "huge")).toThrow('unknown variant "huge"');
    expect(() => variantKey("nope", "webp")).toThrow(/invalid image id/);
  });

  it.each([
    `variants/${IMAGE_ID}/webp.jpg`,
    `variants/${IMAGE_ID}/huge.jpg`,
    `variants/${IMAGE_ID}/thumbnail`,
    `variants/${IMAGE_ID}/../webp.webp`,
    `variants/${IMAGE_ID}/x/webp.webp`,
    `variants/bad/webp.webp`,
    `variants/${IMAGE_ID}/constructor.jpg`,
    `uploads/${IMAGE_ID}/webp.webp`,
    `webp.webp`,
  ])("do not parse %j", (key) => {
    expect(parseVariantKey(key)).toBeNull();
  });
});
