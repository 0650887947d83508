import { VARIANT_SPECS, type VariantName, type VariantSpec } from "@darkroom/image-record";
import sharp from "sharp";
import type { ImageDetail } from "./admin-api.ts";

/** A variant as sharp reads it from the bytes its presigned URL serves. */
export interface VariantReading {
  name: string;
  format: string | undefined;
  width: number | undefined;
  height: number | undefined;
  /** What the record says of it, beside what was read. */
  recorded: { format: string; width: number; height: number; bytes: number };
  bytes: number;
}

/** Downloads every variant of a PROCESSED image through the admin API's presigned URLs and reads it with sharp. */
export async function readVariants(detail: ImageDetail): Promise<VariantReading[]> {
  return Promise.all(
    detail.variants.map(async (variant) => {
      const response = await fetch(variant.url);
      if (!response.ok)
        throw new Error(`GET ${variant.name} of ${detail.record.imageId}: ${response.status}`);
      const bytes = Buffer.from(await response.arrayBuffer());
      const meta = await sharp(bytes).metadata();
      return {
        name: variant.name,
        format: meta.format,
        width: meta.width,
        height: meta.height,
        recorded: {
          format: variant.format,
          width: variant.width,
          height: variant.height,
          bytes: variant.bytes,
        },
        bytes: bytes.length,
      };
    }),
  );
}

/** The size a variant spec gives an original displayed at `width` x `height`. */
function specSize(spec: VariantSpec, width: number, height: number): { width: number; height: number } {
  const box = spec.resize;
  if (box.fit === "cover") return { width: box.width, height: box.height };
  const scale = Math.min(box.width / width, box.height / height, box.withoutEnlargement ? 1 : Infinity);
  return { width: Math.round(width * scale), height: Math.round(height * scale) };
}

/** What each of the five variants must be for an original of `width` x `height`, by name. */
export function expectedVariants(width: number, height: number) {
  return Object.fromEntries(
    (Object.entries(VARIANT_SPECS) as [VariantName, VariantSpec][]).map(([name, spec]) => [
      name,
      { format: spec.format, ...specSize(spec, width, height) },
    ]),
  );
}
