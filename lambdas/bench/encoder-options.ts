import { fileURLToPath } from "node:url";
import sharp, { type Sharp } from "sharp";
import { median } from "../../emulator/bench/stats.ts";

/** The encoder efforts the specs leave open (quality, mozjpeg and losslessness are fixed by them). */
export interface EncoderSettings {
  /** Fixed by the spec (`mozjpeg: true`); listed so the one row without it is never marked as used. */
  trellis: boolean;
  optimiseScans: boolean;
  webpEffort: number;
  pngCompressionLevel: number;
  pngAdaptiveFiltering: boolean;
}

/** What sharp does unless told otherwise (mozjpeg's preset turns scan optimisation on). */
export const SHARP_DEFAULTS: EncoderSettings = {
  trellis: true,
  optimiseScans: true,
  webpEffort: 4,
  pngCompressionLevel: 6,
  pngAdaptiveFiltering: false,
};

/** An encoder setting tried on decoded pixels: the spec's format and quality, with other effort. */
export interface EncoderOption {
  encoder: string;
  setting: string;
  settings: Partial<EncoderSettings>;
  encode: (image: Sharp) => Sharp;
}

/** Whether `settings` would encode with `option`. */
export function uses(settings: EncoderSettings, option: { settings: Partial<EncoderSettings> }): boolean {
  return Object.entries(option.settings).every(
    ([key, value]) => settings[key as keyof EncoderSettings] === value,
  );
}

export interface EncoderOptionResult {
  encoder: string;
  setting: string;
  settings: Partial<EncoderSettings>;
  ms: number;
  /** Per photo, in the order of the photos given. */
  bytes: number[];
  /** Of the first photo's variant against its pixels; null for lossless output. */
  psnr: number | null;
}

export interface Photo {
  name: string;
  data: Buffer;
  width: number;
  height: number;
}

function jpeg(quality: number, optimiseScans: boolean): EncoderOption {
  return {
    encoder: `JPEG q${quality} mozjpeg`,
    setting: `scan optimisation ${optimiseScans ? "on" : "off"}`,
    settings: { optimiseScans },
    encode: (image) => image.jpeg({ quality, mozjpeg: true, optimiseScans }),
  };
}

function webp(effort: number): EncoderOption {
  return {
    encoder: "WebP q80",
    setting: `effort ${effort}`,
    settings: { webpEffort: effort },
    encode: (image) => image.webp({ quality: 80, effort }),
  };
}

function png(level: number, adaptive: boolean): EncoderOption {
  return {
    encoder: "PNG",
    setting: `zlib ${level}${level === 0 ? " (stored)" : ""}, ${adaptive ? "adaptive" : "no"} filtering`,
    settings: { pngCompressionLevel: level, pngAdaptiveFiltering: adaptive },
    encode: (image) => image.png({ compressionLevel: level, adaptiveFiltering: adaptive }),
  };
}

/** For scale only: trellis quantisation is what `mozjpeg: true` (the spec) buys; this is without it. */
const JPEG_Q85_WITHOUT_TRELLIS: EncoderOption = {
  encoder: "JPEG q85 mozjpeg",
  setting: "scan optimisation off, **no trellis quantisation (outside the spec)**",
  settings: { optimiseScans: false, trellis: false },
  encode: (image) =>
    image.jpeg({ quality: 85, mozjpeg: true, optimiseScans: false, trellisQuantisation: false }),
};

/** The settings the processor could use, sharp's default first in each group. */
export const ENCODER_OPTIONS: EncoderOption[] = [
  jpeg(85, true),
  jpeg(85, false),
  JPEG_Q85_WITHOUT_TRELLIS,
  jpeg(60, true),
  jpeg(60, false),
  webp(4),
  webp(2),
  webp(1),
  webp(0),
  png(6, false),
  png(6, true),
  png(2, true),
  png(1, true),
  png(1, false),
  png(0, false),
];

/** Real photographs at their own size (CC0, lambdas/test-fixtures), for sizes on unprocessed content. */
export const FIXTURE_PHOTOS = ["coffee", "chelsea"];

export async function fixturePhoto(name: string): Promise<Photo> {
  const path = fileURLToPath(new URL(`../test-fixtures/${name}.png`, import.meta.url));
  const { data, info } = await sharp(path).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  return { name, data, width: info.width, height: info.height };
}

function fromRaw(photo: Photo): Sharp {
  return sharp(photo.data, { raw: { width: photo.width, height: photo.height, channels: 3 } });
}

function psnr(a: Buffer, b: Buffer): number {
  let squares = 0;
  for (let i = 0; i < a.length; i++) {
    const d = a[i]! - b[i]!;
    squares += d * d;
  }
  return squares === 0 ? Number.POSITIVE_INFINITY : 10 * Math.log10((255 * 255 * a.length) / squares);
}

/**
 * Each setting on each photo, one encode at a time; time (median of `repeats`) on the first
 * photo, which is the one the throughput runs use.
 */
export async function measureEncoderOptions(
  photos: readonly Photo[],
  repeats: number,
): Promise<EncoderOptionResult[]> {
  const results: EncoderOptionResult[] = [];
  for (const option of ENCODER_OPTIONS) {
    const bytes: number[] = [];
    let ms = Number.NaN;
    let score: number | null = null;
    for (const [index, photo] of photos.entries()) {
      const out = await option.encode(fromRaw(photo)).toBuffer();
      bytes.push(out.length);
      if (index > 0) continue;
      const times: number[] = [];
      for (let i = 0; i < repeats; i++) {
        const started = performance.now();
        await option.encode(fromRaw(photo)).toBuffer();
        times.push(performance.now() - started);
      }
      ms = median(times);
      if (option.encoder !== "PNG") score = psnr(photo.data, await sharp(out).removeAlpha().raw().toBuffer());
    }
    results.push({
      encoder: option.encoder,
      setting: option.setting,
      settings: option.settings,
      ms,
      bytes,
      psnr: score,
    });
  }
  return results;
}
