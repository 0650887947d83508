import { readFileSync } from "node:fs";
import { join } from "node:path";
import sharp from "sharp";
import { bmpFile } from "../../lambdas/corpus/encoders/bmp.ts";
import { sourcePath } from "../../lambdas/corpus/sources.ts";
import type { DroppedFile } from "./console.ts";

/** The Lambdas' test photographs (CC0, lambdas/test-fixtures/LICENSE.md). */
const FIXTURES = join(import.meta.dirname, "..", "..", "lambdas", "test-fixtures");

export type Photo = "chelsea" | "coffee";
/** What each photograph shows, as a label Rekognition's vocabulary has. */
export const SUBJECT: Record<Photo, string> = { chelsea: "Cat", coffee: "Cup" };

export function photoPng(photo: Photo): Buffer {
  return readFileSync(join(FIXTURES, `${photo}.png`));
}

/** A photograph in a format, made with sharp here (BMP with the corpus's encoder: sharp writes none). */
export async function photoAs(photo: Photo, format: "jpeg" | "png" | "webp" | "bmp"): Promise<Buffer> {
  const png = photoPng(photo);
  if (format === "png") return png;
  if (format === "jpeg") return sharp(png).jpeg({ quality: 90 }).toBuffer();
  if (format === "webp") return sharp(png).webp({ quality: 90 }).toBuffer();
  const { data, info } = await sharp(png).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  return bmpFile(info.width, info.height, data);
}

/**
 * coffee.png as HEIC (HEVC in HEIF): encoded with libheif's heif-enc and committed with the
 * hostile corpus's sources (CC0, lambdas/corpus/sources/LICENSE.md), since sharp has no HEVC encoder.
 */
export function coffeeHeic(): Buffer {
  return readFileSync(sourcePath("coffeeHeic"));
}

export function dropped(name: string, type: string, bytes: Uint8Array): DroppedFile {
  return { name, type, bytes };
}
