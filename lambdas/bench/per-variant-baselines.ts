import { VARIANT_SPECS, type VariantSpec } from "@darkroom/image-record";
import sharp, { type Sharp } from "sharp";
import type { EncoderSettings } from "./encoder-options.ts";
import { PROCESSOR_ENCODER_SETTINGS } from "./processor-encoder-settings.ts";
import type { Implementation, VariantOutput } from "./variant-output.ts";

export type Encoders = "sharp defaults" | EncoderSettings;

/** The spec's format and quality, as most code writes it: everything else left to sharp. */
function encodeWithDefaults(image: Sharp, spec: VariantSpec): Sharp {
  const quality = spec.quality ?? undefined;
  switch (spec.format) {
    case "jpeg":
      return image.jpeg({ quality, mozjpeg: true });
    case "webp":
      return image.webp({ quality });
    case "png":
      return image.png();
    case "avif":
      return image.avif({ quality });
  }
}

/** The spec's format and quality with the given encoder efforts. */
function encodeWith(image: Sharp, spec: VariantSpec, settings: EncoderSettings): Sharp {
  const quality = spec.quality ?? undefined;
  switch (spec.format) {
    case "jpeg":
      return image.jpeg({ quality, mozjpeg: true, optimiseScans: settings.optimiseScans });
    case "webp":
      return image.webp({ quality, effort: settings.webpEffort });
    case "png":
      return image.png({
        compressionLevel: settings.pngCompressionLevel,
        adaptiveFiltering: settings.pngAdaptiveFiltering,
      });
    case "avif":
      return image.avif({ quality });
  }
}

/** One variant straight from the original file: decode, orient, resize, sRGB, encode. */
export async function variantFromOriginal(
  original: Buffer,
  name: string,
  spec: VariantSpec,
  encoders: Encoders,
): Promise<VariantOutput> {
  const { width, height, fit, position, withoutEnlargement } = spec.resize;
  const image = sharp(original)
    .rotate()
    .resize({
      width,
      height,
      fit,
      position: position === "attention" ? sharp.strategy.attention : "centre",
      withoutEnlargement,
    })
    .toColourspace("srgb");
  const encoder =
    encoders === "sharp defaults" ? encodeWithDefaults(image, spec) : encodeWith(image, spec, encoders);
  const { data, info } = await encoder.toBuffer({ resolveWithObject: true });
  return { name, format: spec.format, width: info.width, height: info.height, body: data };
}

const SPECS = Object.entries(VARIANT_SPECS) as [string, VariantSpec][];

/**
 * The obvious processor: for each variant, in turn, the original decoded again and encoded with
 * the spec's format and quality and sharp's defaults otherwise (mozjpeg's preset with scan
 * optimisation, WebP effort 4, PNG zlib level 6 without filtering).
 */
export const obviousBaseline: Implementation = {
  name: "baseline: per variant, in turn",
  description:
    "`sharp(original).rotate().resize(box).toColourspace('srgb')` + the spec's format and quality " +
    "(`jpeg({quality, mozjpeg: true})`, `webp({quality})`, `png()`), one variant after another, " +
    "each decoding the original again",
  async run(original) {
    const outputs: VariantOutput[] = [];
    for (const [name, spec] of SPECS)
      outputs.push(await variantFromOriginal(original, name, spec, "sharp defaults"));
    return outputs;
  },
};

/** The same independent decodes, all at once, with the processor's encoder settings: what decode-once alone buys. */
export const concurrentTunedBaseline: Implementation = {
  name: "baseline: per variant, at once, processor's encoder settings",
  description:
    "the same per-variant pipelines from the original file, started together (`Promise.all`), " +
    "with the processor's encoder settings",
  run(original) {
    return Promise.all(
      SPECS.map(([name, spec]) => variantFromOriginal(original, name, spec, PROCESSOR_ENCODER_SETTINGS)),
    );
  },
};
