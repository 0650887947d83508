import { colorNamed, nearestColor } from "./colors.ts";
import type { ColorSample } from "./inference/messages.ts";

/** Rekognition's DominantColor. */
export interface DominantColor {
  Red: number;
  Green: number;
  Blue: number;
  HexCode: string;
  CSSColor: string;
  SimplifiedColor: string;
  PixelPercent: number;
}

const hex = (v: number) => v.toString(16).padStart(2, "0").toUpperCase();

export function dominantColors(samples: ColorSample[], max: number): DominantColor[] {
  return samples.slice(0, max).map((s) => {
    const named = colorNamed(s.cssColor) ?? nearestColor(s.red, s.green, s.blue);
    return {
      Red: s.red,
      Green: s.green,
      Blue: s.blue,
      HexCode: `#${hex(s.red)}${hex(s.green)}${hex(s.blue)}`,
      CSSColor: named.css,
      SimplifiedColor: named.simplified,
      PixelPercent: Math.round(s.percent * 100) / 100,
    };
  });
}
