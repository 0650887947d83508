/**
 * The variants the processor writes for every accepted image, as data: the processor maps each
 * spec onto sharp (`resize({width, height, fit, withoutEnlargement, position})`, then the
 * format with its quality, in the sRGB colour space), and the API and console read the names.
 */
export const VARIANT_NAMES = ["jpeg-q85", "jpeg-q60", "webp", "png", "thumbnail"] as const;
export type VariantName = (typeof VARIANT_NAMES)[number];

export const OUTPUT_FORMATS = {
  jpeg: { contentType: "image/jpeg", extension: "jpg" },
  webp: { contentType: "image/webp", extension: "webp" },
  png: { contentType: "image/png", extension: "png" },
} as const;
export type OutputFormat = keyof typeof OUTPUT_FORMATS;

/** Full-size variants keep the original size but never exceed this on their longest side. */
export const MAX_VARIANT_DIMENSION = 4096;
export const THUMBNAIL_SIZE = 300;

export interface VariantResize {
  readonly width: number;
  readonly height: number;
  /** sharp's fit: "inside" keeps the aspect ratio within the box, "cover" fills it and crops. */
  readonly fit: "inside" | "cover";
  readonly withoutEnlargement: boolean;
  readonly position: "centre";
}

export interface VariantSpec<F extends OutputFormat = OutputFormat> {
  readonly name: VariantName;
  readonly format: F;
  readonly contentType: (typeof OUTPUT_FORMATS)[F]["contentType"];
  readonly extension: (typeof OUTPUT_FORMATS)[F]["extension"];
  /** 1–100 for lossy formats; null for PNG, which is lossless. */
  readonly quality: number | null;
  readonly resize: VariantResize;
  readonly colourSpace: "srgb";
}

const FULL_SIZE: VariantResize = {
  width: MAX_VARIANT_DIMENSION,
  height: MAX_VARIANT_DIMENSION,
  fit: "inside",
  withoutEnlargement: true,
  position: "centre",
};

function spec<F extends OutputFormat>(
  name: VariantName,
  format: F,
  quality: number | null,
  resize: VariantResize,
): VariantSpec<F> {
  const { contentType, extension } = OUTPUT_FORMATS[format];
  return { name, format, contentType, extension, quality, resize, colourSpace: "srgb" };
}

export const VARIANT_SPECS: { readonly [N in VariantName]: VariantSpec } = {
  "jpeg-q85": spec("jpeg-q85", "jpeg", 85, FULL_SIZE),
  "jpeg-q60": spec("jpeg-q60", "jpeg", 60, FULL_SIZE),
  webp: spec("webp", "webp", 80, FULL_SIZE),
  png: spec("png", "png", null, FULL_SIZE),
  // Always exactly 300x300, so small originals are enlarged: the console's grid relies on it.
  thumbnail: spec("thumbnail", "jpeg", 80, {
    width: THUMBNAIL_SIZE,
    height: THUMBNAIL_SIZE,
    fit: "cover",
    withoutEnlargement: false,
    position: "centre",
  }),
};

export function isVariantName(value: string): value is VariantName {
  return (VARIANT_NAMES as readonly string[]).includes(value);
}
