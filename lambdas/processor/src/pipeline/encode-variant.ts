import type { OutputFormat } from "@darkroom/image-record";
import sharp, { type Sharp } from "sharp";
import type { Deadline } from "../deadline.ts";
import { ProcessingFailure } from "../failures.ts";
import { firstLine } from "./image-header.ts";
import { fromPixels, type Pixels } from "./pixels.ts";
import type { VariantPlan } from "./variant-plan.ts";

export interface EncodedVariant<Name extends string = string> {
  name: Name;
  key: string;
  format: OutputFormat;
  contentType: string;
  width: number;
  height: number;
  body: Buffer;
  ms: number;
}

export interface Animation {
  loop: number;
  delay: number[];
}

/** JPEG has no alpha: transparent areas become white, as a browser shows them on a page. */
const JPEG_BACKGROUND = "#ffffff";

/**
 * Encoder effort, measured on a 12 MP photo (README, "Throughput"). mozjpeg keeps trellis
 * quantisation, progressive scans, deringing and its quantisation table, but not scan
 * optimisation: a third of the encode time for 0.5% of the bytes. WebP effort 2 instead of 4:
 * less than half the time for 2% of the bytes.
 */
export const MOZJPEG_OPTIMISE_SCANS = false;
export const WEBP_EFFORT = 2;
/** sharp's PNG defaults, named so `npm run bench:processor` compares against what is used. */
export const PNG_COMPRESSION_LEVEL = 6;
export const PNG_ADAPTIVE_FILTERING = false;

function encoder(image: Sharp, plan: VariantPlan, animation: Animation | undefined): Sharp {
  const { spec } = plan;
  const quality = spec.quality ?? undefined;
  switch (spec.format) {
    case "jpeg":
      return image.flatten({ background: JPEG_BACKGROUND }).jpeg({
        quality,
        mozjpeg: spec.mozjpeg,
        ...(spec.mozjpeg ? { optimiseScans: MOZJPEG_OPTIMISE_SCANS } : {}),
      });
    case "webp":
      return image.webp({
        quality,
        effort: WEBP_EFFORT,
        ...(plan.animated && animation ? { loop: animation.loop, delay: animation.delay } : {}),
      });
    case "png":
      return image.png({
        compressionLevel: PNG_COMPRESSION_LEVEL,
        adaptiveFiltering: PNG_ADAPTIVE_FILTERING,
      });
    case "avif":
      return image.avif({ quality });
  }
}

/**
 * One variant from the decoded pixels: resize if its box needs it, encode. sharp writes no
 * metadata unless asked, so variants carry no EXIF, GPS or profile (the pixels are sRGB already).
 */
export async function encodeVariant<Name extends string>(
  pixels: Pixels,
  plan: VariantPlan<Name>,
  animation: Animation | undefined,
  deadline: Deadline,
): Promise<EncodedVariant<Name>> {
  deadline.check(plan.name);
  const started = performance.now();
  let image = fromPixels(pixels, plan.animated ? "all" : "first");
  // Before the resize, so sharp cuts the pixels first (see MAX_COVER_RATIO).
  if (plan.crop) image = image.extract(plan.crop);
  if (plan.resize) {
    const { width, height, fit, position, withoutEnlargement } = plan.resize;
    image = image.resize({
      width,
      height,
      fit,
      position: position === "attention" ? sharp.strategy.attention : "centre",
      withoutEnlargement,
    });
  }
  try {
    const { data, info } = await encoder(image, plan, animation)
      .timeout({ seconds: deadline.sharpSeconds() })
      .toBuffer({ resolveWithObject: true });
    const frames = plan.animated ? pixels.frames : 1;
    return {
      name: plan.name,
      key: plan.key,
      format: plan.spec.format,
      contentType: plan.spec.contentType,
      width: info.width,
      height: info.pageHeight ?? info.height / frames,
      body: data,
      ms: performance.now() - started,
    };
  } catch (error) {
    if (/^timeout:/i.test(firstLine(error))) throw deadline.timeout(plan.name);
    // The pixels decoded fine, so an encoder failure is ours, not the image's.
    throw new ProcessingFailure("INTERNAL", `Encoding the ${plan.name} variant failed: ${firstLine(error)}`, {
      cause: error,
    });
  }
}

/** Every variant at once: each encoder runs on its own thread, from the same pixels. */
export function encodeVariants<Name extends string>(
  pixels: Pixels,
  plans: VariantPlan<Name>[],
  animation: Animation | undefined,
  deadline: Deadline,
): Promise<EncodedVariant<Name>[]> {
  return Promise.all(plans.map((plan) => encodeVariant(pixels, plan, animation, deadline)));
}
