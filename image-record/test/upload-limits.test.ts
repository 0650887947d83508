import { describe, expect, it } from "vitest";
import {
  DEFAULT_MAX_UPLOAD_BYTES,
  detectInputFormat,
  FAILURE_CODES,
  FAILURE_DESCRIPTIONS,
  INPUT_FORMATS,
  isImageContentType,
  MAX_CONFIGURABLE_UPLOAD_BYTES,
  MAX_INPUT_PIXELS,
  maxUploadBytesSchema,
  UPLOAD_URL_TTL_SECONDS,
  uploadPolicyConditions,
  uploadUrlExpiresAt,
} from "../src/index.ts";

const bytes = (...parts: (string | number[])[]) =>
  Uint8Array.from(parts.flatMap((p) => (typeof p === "string" ? [...p].map((c) => c.charCodeAt(0)) : p)));
const u32be = (n: number) => [(n >>> 24) & 255, (n >>> 16) & 255, (n >>> 8) & 255, n & 255];
const ftyp = (major: string, ...compatible: string[]) =>
  bytes(u32be(16 + 4 * compatible.length), "ftyp", major, [0, 0, 0, 0], ...compatible);
const bmp = (infoSize: number) => bytes("BM", [0, 0, 0, 0, 0, 0, 0, 0, 54, 0, 0, 0], [infoSize, 0, 0, 0]);

describe("detectInputFormat", () => {
  it.each([
    ["jpeg", bytes([0xff, 0xd8, 0xff, 0xe1])],
    ["png", bytes([0x89], "PNG\r\n", [0x1a, 0x0a])],
    ["gif", bytes("GIF89a")],
    ["gif", bytes("GIF87a")],
    ["webp", bytes("RIFF", [1, 2, 3, 4], "WEBPVP8 ")],
    ["tiff", bytes("II*\0")],
    ["tiff", bytes("MM\0*")],
    ["bmp", bmp(40)],
    ["bmp", bmp(124)],
    ["avif", ftyp("avif", "mif1", "miaf")],
    ["avif", ftyp("mif1", "avif")],
    ["heif", ftyp("heic", "mif1")],
    ["heif", ftyp("mif1", "heic")],
  ])("finds %s", (format, input) => {
    expect(detectInputFormat(input)).toBe(format);
  });

  it.each([
    ["SVG", bytes('<svg xmlns="http://www.w3.org/2000/svg">')],
    ["SVG with an XML prolog", bytes('<?xml version="1.0"?><svg>')],
    ["PDF", bytes("%PDF-1.7")],
    ["MP4 video", ftyp("isom", "mp42")],
    ["text starting with BM", bytes("BMW owners' manual")],
    ["RIFF audio", bytes("RIFF", [1, 2, 3, 4], "WAVEfmt ")],
    ["nothing", new Uint8Array()],
    ["a cut-short JPEG signature", bytes([0xff, 0xd8])],
  ])("refuses %s", (_, input) => {
    expect(detectInputFormat(input)).toBeNull();
  });

  it("names only the accepted formats, SVG not among them", () => {
    expect(INPUT_FORMATS).toEqual(["jpeg", "png", "webp", "gif", "avif", "tiff", "bmp", "heif"]);
    expect(INPUT_FORMATS).not.toContain("svg");
  });
});

describe("upload size limit", () => {
  it("defaults to 5 MiB when the deployer sets nothing", () => {
    expect(DEFAULT_MAX_UPLOAD_BYTES).toBe(5_242_880);
    expect(maxUploadBytesSchema.parse(undefined)).toBe(DEFAULT_MAX_UPLOAD_BYTES);
  });

  it("takes the deployer's setting as a number or an environment string", () => {
    expect(maxUploadBytesSchema.parse(20 * 1024 * 1024)).toBe(20_971_520);
    expect(maxUploadBytesSchema.parse("10485760")).toBe(10_485_760);
  });

  it.each([
    [0, "must be at least 1 byte"],
    [1.5, "must be a whole number of bytes"],
    ["", "must be a whole number of bytes"],
    ["5MB", "must be a whole number of bytes"],
    ["-1", "must be a whole number of bytes"],
    [MAX_CONFIGURABLE_UPLOAD_BYTES + 1, "must be at most 104857600 bytes (100 MiB)"],
  ])("refuses %j", (value, message) => {
    expect(maxUploadBytesSchema.safeParse(value).error?.issues[0]?.message).toBe(message);
  });

  it("goes into the presigned POST policy with the image/ content-type prefix", () => {
    expect(uploadPolicyConditions(1000)).toEqual([
      ["starts-with", "$Content-Type", "image/"],
      ["content-length-range", 1, 1000],
    ]);
    expect(() => uploadPolicyConditions(0)).toThrow();
  });

  it("accepts any declared image/ type, as the policy does", () => {
    for (const type of ["image/jpeg", "image/heic", "image/svg+xml", "image/x-anything"]) {
      expect(isImageContentType(type), type).toBe(true);
    }
    for (const type of ["application/pdf", "text/html", "", "IMAGE/JPEG", "imagex/jpeg"]) {
      expect(isImageContentType(type), type).toBe(false);
    }
  });

  it("guards against decompression bombs at 100 megapixels", () => {
    expect(MAX_INPUT_PIXELS).toBe(100_000_000);
  });

  it("lets a presigned POST live 5 minutes from the upload's record", () => {
    expect(UPLOAD_URL_TTL_SECONDS).toBe(300);
    expect(uploadUrlExpiresAt("2025-01-31T12:00:00.000Z").toISOString()).toBe("2025-01-31T12:05:00.000Z");
  });
});

describe("failure codes", () => {
  it("are the stable list, each with a description for people", () => {
    expect(FAILURE_CODES).toEqual([
      "UNSUPPORTED_FORMAT",
      "TOO_LARGE",
      "CORRUPT",
      "DECOMPRESSION_BOMB",
      "TIMEOUT",
      "UPLOAD_MISSING",
      "INTERNAL",
    ]);
    expect(Object.keys(FAILURE_DESCRIPTIONS)).toEqual([...FAILURE_CODES]);
    for (const code of FAILURE_CODES) expect(FAILURE_DESCRIPTIONS[code], code).toMatch(/^[A-Z].{10,150}\.$/);
    expect(FAILURE_DESCRIPTIONS.DECOMPRESSION_BOMB).toContain("100 megapixels");
  });
});
