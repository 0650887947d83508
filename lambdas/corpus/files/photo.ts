import sharp, { type Sharp } from "sharp";
import { readSource, type SourceName } from "../sources.ts";

/** A source photograph in sharp, ready for a chain of operations. */
export async function photo(source: SourceName): Promise<Sharp> {
  return sharp(await readSource(source));
}

/** A source photograph as an ordinary JPEG (mozjpeg off: the plain libjpeg encoder's bytes). */
export async function photoJpeg(source: SourceName, quality = 90): Promise<Buffer> {
  return (await photo(source)).jpeg({ quality }).toBuffer();
}
