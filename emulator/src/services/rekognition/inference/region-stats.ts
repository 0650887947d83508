import { nearestColor } from "../colors.ts";
import type { Box, ColorSample, RegionStats } from "./messages.ts";

/** Decoded pixels: packed RGB, row by row. */
export interface RgbImage {
  data: Uint8Array;
  width: number;
  height: number;
}

/** Which pixels a measurement covers: a box, or a mask with 1 for pixels in the region. */
export type Region = { box: Box } | { mask: Uint8Array };

/** At most this many pixels are sampled per region: enough for stable percentages, cheap at any size. */
const MAX_SAMPLES = 40_000;
/** How many colours a region reports at most (Rekognition's MaxDominantColors goes up to 20). */
const MAX_COLORS = 20;

const luma = (d: Uint8Array, i: number) => 0.299 * d[i]! + 0.587 * d[i + 1]! + 0.114 * d[i + 2]!;

function inRegion(region: Region, image: RgbImage): (x: number, y: number) => boolean {
  if ("mask" in region) return (x, y) => region.mask[y * image.width + x] === 1;
  const x0 = Math.floor(region.box.left * image.width);
  const y0 = Math.floor(region.box.top * image.height);
  const x1 = Math.ceil((region.box.left + region.box.width) * image.width);
  const y1 = Math.ceil((region.box.top + region.box.height) * image.height);
  return (x, y) => x >= x0 && x < x1 && y >= y0 && y < y1;
}

/**
 * Brightness (mean luma), contrast (luma's standard deviation) and sharpness (variance of the
 * Laplacian, the usual focus measure), each scaled to 0-100, and the region's colours counted
 * against named CSS colours. Returns undefined for a region with no pixels.
 */
export function regionStats(image: RgbImage, region: Region): RegionStats | undefined {
  const inside = inRegion(region, image);
  const { data, width, height } = image;
  const step = Math.max(1, Math.floor(Math.sqrt((width * height) / MAX_SAMPLES)));
  let count = 0;
  let sum = 0;
  let sumSq = 0;
  let lapCount = 0;
  let lapSum = 0;
  let lapSumSq = 0;
  const buckets = new Map<string, { n: number; r: number; g: number; b: number }>();
  for (let y = 0; y < height; y += step) {
    for (let x = 0; x < width; x += step) {
      if (!inside(x, y)) continue;
      const i = (y * width + x) * 3;
      const l = luma(data, i);
      count++;
      sum += l;
      sumSq += l * l;
      if (x > 0 && y > 0 && x < width - 1 && y < height - 1) {
        const lap =
          luma(data, i - 3) +
          luma(data, i + 3) +
          luma(data, i - width * 3) +
          luma(data, i + width * 3) -
          4 * l;
        lapCount++;
        lapSum += lap;
        lapSumSq += lap * lap;
      }
      const named = nearestColor(data[i]!, data[i + 1]!, data[i + 2]!).css;
      const bucket = buckets.get(named) ?? { n: 0, r: 0, g: 0, b: 0 };
      bucket.n++;
      bucket.r += data[i]!;
      bucket.g += data[i + 1]!;
      bucket.b += data[i + 2]!;
      buckets.set(named, bucket);
    }
  }
  if (count === 0) return undefined;
  const mean = sum / count;
  const deviation = Math.sqrt(Math.max(0, sumSq / count - mean * mean));
  const lapMean = lapCount ? lapSum / lapCount : 0;
  const lapVariance = lapCount ? Math.max(0, lapSumSq / lapCount - lapMean * lapMean) : 0;
  const colors: ColorSample[] = [...buckets.entries()]
    .sort((a, b) => b[1].n - a[1].n)
    .slice(0, MAX_COLORS)
    .map(([cssColor, s]) => ({
      cssColor,
      red: Math.round(s.r / s.n),
      green: Math.round(s.g / s.n),
      blue: Math.round(s.b / s.n),
      percent: (100 * s.n) / count,
    }));
  return {
    quality: {
      brightness: (100 * mean) / 255,
      contrast: Math.min(100, (100 * deviation) / 127.5),
      // A saturating scale: a focused photo's Laplacian variance is in the hundreds, a blurred one's near 0.
      sharpness: 100 * (1 - Math.exp(-lapVariance / 300)),
    },
    colors,
  };
}

/** A mask of the pixels inside any of the boxes. */
export function boxesMask(image: RgbImage, boxes: Box[]): Uint8Array {
  const mask = new Uint8Array(image.width * image.height);
  for (const box of boxes) {
    const x0 = Math.max(0, Math.floor(box.left * image.width));
    const y0 = Math.max(0, Math.floor(box.top * image.height));
    const x1 = Math.min(image.width, Math.ceil((box.left + box.width) * image.width));
    const y1 = Math.min(image.height, Math.ceil((box.top + box.height) * image.height));
    for (let y = y0; y < y1; y++) mask.fill(1, y * image.width + x0, y * image.width + x1);
  }
  return mask;
}

export function invertMask(mask: Uint8Array): Uint8Array {
  return mask.map((v) => 1 - v);
}
