import { PIPELINE_STEPS } from "./timings.ts";

/**
 * The variants the processor writes for every image, as data. The processor maps a spec onto
 * sharp: `sharp(input, { animated })`, `.rotate()` when autoOrient (EXIF orientation applied,
 * then dropped with the rest of the metadata), `.resize(resize)`, `.toColourspace(colourspace)`,
 * `.toFormat(format, { quality, mozjpeg })`. The API and console read names, formats and sizes.
 *
 * Adding a variant is one line in VARIANT_SPECS: the record's variant names, its timing steps,
 * the variant keys and the checks all derive from the table.
 */
export const OUTPUT_FORMATS = {
  jpeg: { contentType: "image/jpeg", extension: "jpg", lossless: false },
  webp: { contentType: "image/webp", extension: "webp", lossless: false },
  png: { contentType: "image/png", extension: "png", lossless: true },
  avif: { contentType: "image/avif", extension: "avif", lossless: false },
} as const;
export type OutputFormat = keyof typeof OUTPUT_FORMATS;

/** No variant's longest side exceeds this. */
export const MAX_VARIANT_SIDE = 4096;
export const THUMBNAIL_SIDE = 300;

/** sharp's resize options. */
export interface VariantResize {
  readonly width: number;
  readonly height: number;
  /** "inside" keeps the aspect ratio within the box; "cover" fills the box and crops. */
  readonly fit: "inside" | "cover";
  /** Where "cover" crops: "attention" keeps the most salient region (sharp.strategy.attention). */
  readonly position: "centre" | "attention";
  readonly withoutEnlargement: boolean;
}

export interface VariantSpec {
  readonly format: OutputFormat;
  readonly contentType: string;
  readonly extension: string;
  /** 1–100 for lossy formats; null for lossless ones (PNG). */
  readonly quality: number | null;
  /** mozjpeg's trellis quantisation and progressive scans: smaller JPEGs at the same quality. */
  readonly mozjpeg: boolean;
  readonly resize: VariantResize;
  /** Animated inputs (GIF, WebP) keep every frame; otherwise only the first frame is used. */
  readonly animated: boolean;
  readonly colourspace: "srgb";
  readonly autoOrient: true;
  readonly keepMetadata: false;
}

/** Full-size variants: the original's size, the longest side capped, never enlarged. */
export const FULL_SIZE: VariantResize = Object.freeze({
  width: MAX_VARIANT_SIDE,
  height: MAX_VARIANT_SIDE,
  fit: "inside",
  position: "centre",
  withoutEnlargement: true,
});

/** Exactly 300x300, so small originals are enlarged: the console's grid relies on the size. */
export const THUMBNAIL: VariantResize = Object.freeze({
  width: THUMBNAIL_SIDE,
  height: THUMBNAIL_SIDE,
  fit: "cover",
  position: "attention",
  withoutEnlargement: false,
});

interface SpecOptions {
  quality: number | null;
  resize?: VariantResize;
  animated?: boolean;
}

function spec(
  format: OutputFormat,
  { quality, resize = FULL_SIZE, animated = false }: SpecOptions,
): VariantSpec {
  const { contentType, extension } = OUTPUT_FORMATS[format];
  return Object.freeze({
    format,
    contentType,
    extension,
    quality,
    mozjpeg: format === "jpeg",
    resize,
    animated,
    colourspace: "srgb",
    autoOrient: true,
    keepMetadata: false,
  });
}

export const jpeg = (quality: number, resize?: VariantResize): VariantSpec =>
  spec("jpeg", { quality, ...(resize && { resize }) });
export const webp = (quality: number, options: { animated?: boolean } = {}): VariantSpec =>
  spec("webp", { quality, ...options });
export const png = (): VariantSpec => spec("png", { quality: null });
export const avif = (quality: number): VariantSpec => spec("avif", { quality });

/** Variant names become S3 key parts and timing steps: lower case, digits and dashes. */
export const VARIANT_NAME_PATTERN = /^[a-z][a-z0-9-]{0,31}$/;

export type VariantSpecTable = Readonly<Record<string, VariantSpec>>;

/** Checks a spec table once, when it is defined, so a bad line fails at start-up and in tests. */
export function defineVariantSpecs<const T extends VariantSpecTable>(table: T): T {
  for (const [name, variant] of Object.entries(table)) {
    const problem = variantSpecProblem(name, variant);
    if (problem) throw new Error(`variant spec "${name}": ${problem}`);
  }
  return Object.freeze(table);
}

function variantSpecProblem(name: string, variant: VariantSpec): string | null {
  if (!VARIANT_NAME_PATTERN.test(name)) return `the name must match ${VARIANT_NAME_PATTERN}`;
  // Timings are keyed by step and by variant name alike.
  if ((PIPELINE_STEPS as readonly string[]).includes(name)) return "the name is taken by a timing step";
  const lossless = OUTPUT_FORMATS[variant.format].lossless;
  const quality = variant.quality;
  if (lossless && quality !== null) return `${variant.format} is lossless: quality must be null`;
  if (!lossless && (quality === null || !Number.isInteger(quality) || quality < 1 || quality > 100)) {
    return "quality must be a whole number from 1 to 100";
  }
  const { width, height } = variant.resize;
  if (Math.max(width, height) > MAX_VARIANT_SIDE) return `its box exceeds ${MAX_VARIANT_SIDE} px`;
  return null;
}

export const VARIANT_SPECS = defineVariantSpecs({
  compressed: jpeg(85),
  low: jpeg(60),
  webp: webp(80, { animated: true }),
  png: png(),
  thumbnail: jpeg(80, THUMBNAIL),
  // avif: avif(50),
});

export type VariantName = keyof typeof VARIANT_SPECS;
export const VARIANT_NAMES = Object.keys(VARIANT_SPECS) as [VariantName, ...VariantName[]];

export function isVariantName(value: string): value is VariantName {
  return Object.hasOwn(VARIANT_SPECS, value);
}
