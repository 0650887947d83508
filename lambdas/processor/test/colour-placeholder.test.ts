import { placeholderSchema } from "@darkroom/image-record";
import sharp from "sharp";
import { thumbHashToApproximateAspectRatio, thumbHashToAverageRGBA } from "thumbhash";
import { describe, expect, it } from "vitest";
import { dominantColour } from "../src/pipeline/colour.ts";
import { placeholderOf } from "../src/pipeline/placeholder.ts";
import { type Preview, previewOf } from "../src/pipeline/preview.ts";
import { fixture } from "./support/images.ts";
import { runPipeline } from "./support/pipeline.ts";

function previewFrom(pixels: [number, number, number, number][], width: number): Preview {
  return { data: Buffer.from(pixels.flat()), width, height: pixels.length / width };
}

describe("dominantColour", () => {
  it("picks the most common colour, averaged within its bin", () => {
    const red: [number, number, number, number] = [200, 20, 30, 255];
    const redder: [number, number, number, number] = [202, 22, 28, 255];
    const blue: [number, number, number, number] = [10, 20, 240, 255];
    const preview = previewFrom([red, redder, red, redder, blue, blue, blue, red], 4);
    expect(dominantColour(preview)).toBe("#c9151d");
  });

  it("ignores transparent pixels, weighs the rest by opacity", () => {
    const clear: [number, number, number, number] = [0, 0, 0, 0];
    const faint: [number, number, number, number] = [255, 255, 255, 40];
    const green: [number, number, number, number] = [0, 200, 0, 255];
    expect(dominantColour(previewFrom([clear, clear, clear, clear, clear, green, faint, faint], 4))).toBe(
      "#00c800",
    );
    expect(dominantColour(previewFrom([clear, clear], 2))).toBe("#ffffff");
  });

  it("finds the coffee photo's colour among its own pixels", async () => {
    const { pixels } = await runPipeline(fixture("coffee.png"));
    const preview = await previewOf(pixels);
    expect([preview.width, preview.height]).toEqual([100, 67]);
    const colour = dominantColour(preview);
    const [r, g, b] = [1, 3, 5].map((i) => Number.parseInt(colour.slice(i, i + 2), 16));
    const near = (data: Buffer) => {
      for (let i = 0; i < data.length; i += 4) {
        if (
          Math.abs(data[i]! - r!) < 16 &&
          Math.abs(data[i + 1]! - g!) < 16 &&
          Math.abs(data[i + 2]! - b!) < 16
        )
          return true;
      }
      return false;
    };
    expect(colour).toMatch(/^#[0-9a-f]{6}$/);
    expect(near(preview.data)).toBe(true);
  });
});

describe("placeholderOf", () => {
  it.each(["chelsea.png", "coffee.png", "astronaut.png"] as const)(
    "%s: a ThumbHash of the image's shape and colour",
    async (name) => {
      const { pixels } = await runPipeline(fixture(name));
      const placeholder = placeholderOf(await previewOf(pixels));
      expect(placeholderSchema.parse(placeholder)).toEqual(placeholder);
      const hash = Buffer.from(placeholder.data, "base64");
      expect(thumbHashToApproximateAspectRatio(hash)).toBeCloseTo(pixels.width / pixels.frameHeight, 0);
      const average = thumbHashToAverageRGBA(hash);
      const stats = await sharp(fixture(name)).stats();
      expect(Math.abs(average.r * 255 - stats.channels[0]!.mean)).toBeLessThan(12);
      expect(Math.abs(average.g * 255 - stats.channels[1]!.mean)).toBeLessThan(12);
      expect(Math.abs(average.b * 255 - stats.channels[2]!.mean)).toBeLessThan(12);
    },
  );
});
