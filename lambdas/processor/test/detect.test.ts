import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { ProcessingFailure } from "../src/failures.ts";
import { detectFormat } from "../src/pipeline/detect.ts";
import { animatedGif, bmp24, chelsea, fixture, SVG } from "./support/images.ts";

function failureOf(bytes: Uint8Array): ProcessingFailure {
  try {
    detectFormat(bytes);
  } catch (error) {
    if (error instanceof ProcessingFailure) return error;
    throw error;
  }
  throw new Error("detectFormat accepted it");
}

describe("detectFormat: the format from the bytes", () => {
  it("recognises every accepted format as sharp, bmp-ts and libheif write it", async () => {
    const image = sharp(chelsea());
    const written = {
      jpeg: await image.clone().jpeg().toBuffer(),
      png: await image.clone().png().toBuffer(),
      webp: await image.clone().webp().toBuffer(),
      gif: await animatedGif(),
      avif: await image.clone().avif().toBuffer(),
      tiff: await image.clone().tiff().toBuffer(),
      bmp: await bmp24(),
      heif: fixture("chelsea.heic"),
    };
    for (const [format, bytes] of Object.entries(written)) expect(detectFormat(bytes), format).toBe(format);
  });

  it("refuses SVG, saying why", () => {
    const failure = failureOf(SVG);
    expect(failure.code).toBe("UNSUPPORTED_FORMAT");
    expect(failure.message).toMatch(/SVG document, which is refused/);
    expect(failureOf(Buffer.from("\uFEFF  <svg xmlns='http://www.w3.org/2000/svg'/>")).message).toMatch(
      /SVG/,
    );
  });

  it("refuses other files, naming what they look like", () => {
    expect(failureOf(Buffer.from("%PDF-1.7\n...")).message).toMatch(/PDF document/);
    expect(failureOf(Buffer.from("<!doctype html><html>")).message).toMatch(/markup/);
    expect(
      failureOf(Buffer.from([0x00, 0x00, 0x00, 0x20, 0x66, 0x74, 0x79, 0x70, 0x69, 0x73, 0x6f, 0x6d]))
        .message,
    ).toMatch(/first bytes \(00 00 00 20 66 74 79 70\)/);
    expect(failureOf(new Uint8Array()).message).toMatch(/the file is empty/);
  });
});
