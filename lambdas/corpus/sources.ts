import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";

/**
 * The corpus's pixel sources: real photographs with clear licences (sources/LICENSE.md). Every
 * image in the corpus is made from these or from nothing.
 */
export const SOURCE_FILES = {
  chelsea: "chelsea.png",
  coffee: "coffee.png",
  astronaut: "astronaut.png",
  /** Encoded from coffee.png with libheif's heif-enc: sharp's prebuilt binary has no HEVC encoder. */
  coffeeHeic: "coffee.heic",
} as const;
export type SourceName = keyof typeof SOURCE_FILES;

export function sourcePath(name: SourceName): string {
  return fileURLToPath(new URL(`./sources/${SOURCE_FILES[name]}`, import.meta.url));
}

export function readSource(name: SourceName): Promise<Buffer> {
  return readFile(sourcePath(name));
}
