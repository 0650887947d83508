import {
  formatVariantKey,
  VARIANT_SPECS,
  type VariantResize,
  type VariantSpec,
  type VariantSpecTable,
} from "@darkroom/image-record";

/** One variant to encode from the decoded pixels. */
export interface VariantPlan<Name extends string = string> {
  name: Name;
  key: string;
  spec: VariantSpec;
  /** null when the pixels already fit the spec's box: encode them as they are. */
  resize: VariantResize | null;
  /** Every frame (animated WebP) or the first one. */
  animated: boolean;
  /** A centred region to cut before a cover resize, for extreme aspect ratios; null for all of it. */
  crop: Crop | null;
  /** The size sharp will produce, for checks and logs. */
  width: number;
  height: number;
}

export interface Crop {
  left: number;
  top: number;
  width: number;
  height: number;
}

/**
 * A cover resize scales the short side to the box: a 1x4096 strip would become 300x1228800
 * (368 MP) before the 300x300 crop. Past this ratio to the box's, only the centred part of the
 * long side is used, which bounds that intermediate to 8 boxes; the attention strategy still
 * chooses within it.
 */
export const MAX_COVER_RATIO = 8;

export function coverCrop(width: number, height: number, box: VariantResize): Crop | null {
  if (box.fit !== "cover") return null;
  const boxRatio = box.width / box.height;
  const ratio = width / height;
  if (ratio > boxRatio * MAX_COVER_RATIO) {
    const kept = Math.max(1, Math.round(height * boxRatio * MAX_COVER_RATIO));
    return { left: Math.floor((width - kept) / 2), top: 0, width: kept, height };
  }
  if (ratio < boxRatio / MAX_COVER_RATIO) {
    const kept = Math.max(1, Math.round((width / boxRatio) * MAX_COVER_RATIO));
    return { left: 0, top: Math.floor((height - kept) / 2), width, height: kept };
  }
  return null;
}

/** The size sharp's resize gives `width`x`height` in `box`. */
export function resizedSize(
  width: number,
  height: number,
  box: VariantResize,
): { width: number; height: number } {
  if (box.fit === "cover") return { width: box.width, height: box.height };
  const scale = Math.min(box.width / width, box.height / height);
  if (box.withoutEnlargement && scale >= 1) return { width, height };
  return { width: Math.max(1, Math.round(width * scale)), height: Math.max(1, Math.round(height * scale)) };
}

function fits(width: number, height: number, box: VariantResize): boolean {
  return box.fit === "inside" && width <= box.width && height <= box.height;
}

/**
 * What to encode for each spec, given the decoded pixels' size (one frame) and frame count.
 * Pure: no sharp, so the plan is tested for every size without images.
 */
export function planVariants<T extends VariantSpecTable = typeof VARIANT_SPECS>(
  imageId: string,
  pixels: { width: number; frameHeight: number; frames: number },
  specs: T = VARIANT_SPECS as unknown as T,
): VariantPlan<keyof T & string>[] {
  return Object.entries(specs).map(([name, spec]) => {
    const noResize = fits(pixels.width, pixels.frameHeight, spec.resize);
    const size = resizedSize(pixels.width, pixels.frameHeight, spec.resize);
    return {
      name: name as keyof T & string,
      key: formatVariantKey(imageId, name, spec.extension),
      spec,
      resize: noResize ? null : spec.resize,
      animated: spec.animated && pixels.frames > 1,
      crop: coverCrop(pixels.width, pixels.frameHeight, spec.resize),
      width: size.width,
      height: size.height,
    };
  });
}
