import { describe, expect, it } from "vitest";
import {
  IMAGE_FORMATS,
  isUploadContentType,
  MAX_UPLOAD_BYTES,
  MAX_VARIANT_DIMENSION,
  UPLOAD_CONTENT_TYPES,
  UPLOAD_TYPES,
  VARIANT_NAMES,
  VARIANT_SPECS,
} from "../src/index.ts";

const specs = VARIANT_NAMES.map((name) => VARIANT_SPECS[name]);

describe("variant specs", () => {
  it("are listed once each, under their own name", () => {
    expect(new Set(VARIANT_NAMES).size).toBe(VARIANT_NAMES.length);
    expect(Object.keys(VARIANT_SPECS).sort()).toEqual([...VARIANT_NAMES].sort());
  });

  it("give each variant its own file name", () => {
    const files = specs.map((s) => `${s.name}.${s.extension}`);
    expect(new Set(files).size).toBe(files.length);
  });

  it("match the product's list: JPEG q85 and q60, WebP, PNG and a 300x300 JPEG thumbnail", () => {
    const summary = Object.fromEntries(
      specs.map((s) => [s.name, [s.contentType, s.extension, s.quality, s.resize.fit, s.resize.width]]),
    );
    expect(summary).toEqual({
      "jpeg-q85": ["image/jpeg", "jpg", 85, "inside", 4096],
      "jpeg-q60": ["image/jpeg", "jpg", 60, "inside", 4096],
      webp: ["image/webp", "webp", 80, "inside", 4096],
      png: ["image/png", "png", null, "inside", 4096],
      thumbnail: ["image/jpeg", "jpg", 80, "cover", 300],
    });
  });

  it("use a 1-100 quality for lossy formats and none for PNG", () => {
    for (const spec of specs) {
      if (spec.format === "png") expect(spec.quality, spec.name).toBeNull();
      else {
        expect(Number.isInteger(spec.quality), spec.name).toBe(true);
        expect(spec.quality, spec.name).toBeGreaterThanOrEqual(1);
        expect(spec.quality, spec.name).toBeLessThanOrEqual(100);
      }
    }
  });

  it("match the product: JPEG q85 and q60, WebP and PNG capped at 4096 px, a 300x300 JPEG thumbnail", () => {
    expect(VARIANT_SPECS["jpeg-q85"]).toMatchObject({ format: "jpeg", quality: 85 });
    expect(VARIANT_SPECS["jpeg-q60"]).toMatchObject({ format: "jpeg", quality: 60 });
    expect(VARIANT_SPECS.webp.format).toBe("webp");
    expect(VARIANT_SPECS.png.format).toBe("png");
    for (const name of ["jpeg-q85", "jpeg-q60", "webp", "png"] as const) {
      expect(VARIANT_SPECS[name].resize).toMatchObject({
        width: MAX_VARIANT_DIMENSION,
        height: MAX_VARIANT_DIMENSION,
        fit: "inside",
        withoutEnlargement: true,
      });
    }
    expect(MAX_VARIANT_DIMENSION).toBe(4096);
    expect(VARIANT_SPECS.thumbnail).toMatchObject({
      format: "jpeg",
      resize: { width: 300, height: 300, fit: "cover" },
    });
  });
});

describe("upload limits", () => {
  it("accept the browser image types and nothing else", () => {
    expect(UPLOAD_CONTENT_TYPES).toEqual([
      "image/jpeg",
      "image/png",
      "image/webp",
      "image/gif",
      "image/avif",
    ]);
    for (const type of [
      "image/heic",
      "image/tiff",
      "image/svg+xml",
      "application/pdf",
      "IMAGE/JPEG",
      "toString",
    ]) {
      expect(isUploadContentType(type), type).toBe(false);
    }
    expect(isUploadContentType("image/png")).toBe(true);
  });

  it("name one decoded format per type and list each file extension once", () => {
    expect(new Set(IMAGE_FORMATS).size).toBe(UPLOAD_CONTENT_TYPES.length);
    const extensions = Object.values(UPLOAD_TYPES).flatMap((t) => [...t.extensions]);
    expect(new Set(extensions).size).toBe(extensions.length);
  });

  it("cap uploads at 25 MiB", () => {
    expect(MAX_UPLOAD_BYTES).toBe(26_214_400);
  });
});
