import type { Preview } from "./preview.ts";

/**
 * The image's dominant colour as #rrggbb: pixels are counted in 4096 bins (4 bits a channel),
 * weighted by opacity so transparent areas do not count, and the fullest bin's average colour
 * wins. The console paints it while the image loads.
 */
export function dominantColour({ data }: Preview): string {
  const weight = new Float64Array(4096);
  const sums = new Float64Array(4096 * 3);
  for (let i = 0; i + 3 < data.length; i += 4) {
    const alpha = data[i + 3]! / 255;
    if (alpha === 0) continue;
    const r = data[i]!;
    const g = data[i + 1]!;
    const b = data[i + 2]!;
    const bin = ((r >> 4) << 8) | ((g >> 4) << 4) | (b >> 4);
    weight[bin]! += alpha;
    sums[bin * 3]! += r * alpha;
    sums[bin * 3 + 1]! += g * alpha;
    sums[bin * 3 + 2]! += b * alpha;
  }
  let best = -1;
  for (let bin = 0; bin < weight.length; bin++)
    if (weight[bin]! > 0 && (best < 0 || weight[bin]! > weight[best]!)) best = bin;
  // Fully transparent: nothing to paint, white like the JPEG variants' background.
  if (best < 0) return "#ffffff";
  const channel = (c: number) =>
    Math.round(sums[best * 3 + c]! / weight[best]!)
      .toString(16)
      .padStart(2, "0");
  return `#${channel(0)}${channel(1)}${channel(2)}`;
}
