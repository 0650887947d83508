import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import sharp from "sharp";

/** An original the bench feeds to every implementation, as a camera would have written it. */
export interface Original {
  name: string;
  /** Stored pixel size; `orientation` says how it is shown. */
  width: number;
  height: number;
  orientation: number;
  bytes: Buffer;
  sha256: string;
}

export interface OriginalSpec {
  name: string;
  width: number;
  height: number;
  /** EXIF Orientation: 1 for a landscape shot, 6 for a phone held upright. */
  orientation: number;
}

/** A CC0 photograph (lambdas/test-fixtures/LICENSE.md), upscaled to each size. */
const FIXTURE = fileURLToPath(new URL("../test-fixtures/coffee.png", import.meta.url));
const QUALITY = 90;
/**
 * Sensor-like grain, so the upscaled (smooth) photo compresses like a photo: a 12 MP q90 JPEG
 * of ~4-5 MB, as phones write. Luminance grain plus weaker colour grain, 8-bit steps.
 */
const LUMA_GRAIN = 7;
const CHROMA_GRAIN = 2;
/** Bump when the recipe changes, so cached files are remade. */
const RECIPE = `v1 coffee.png q${QUALITY} grain ${LUMA_GRAIN}/${CHROMA_GRAIN}`;

export const CACHE_DIR = join(tmpdir(), "darkroom-bench-originals");

/** mulberry32: a tiny seeded generator, so the grain (and the file) is the same on every run. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Roughly normal (sum of four uniforms), mean 0, standard deviation 1. */
function gaussian(random: () => number): number {
  return (random() + random() + random() + random() - 2) * Math.sqrt(3);
}

function addGrain(data: Buffer, seed: number): void {
  const random = seeded(seed);
  for (let i = 0; i < data.length; i += 3) {
    const luma = gaussian(random) * LUMA_GRAIN;
    for (let c = 0; c < 3; c++) {
      const value = data[i + c]! + luma + gaussian(random) * CHROMA_GRAIN;
      data[i + c] = value < 0 ? 0 : value > 255 ? 255 : Math.round(value);
    }
  }
}

async function generate(spec: OriginalSpec): Promise<Buffer> {
  const { data, info } = await sharp(FIXTURE)
    .removeAlpha()
    .resize(spec.width, spec.height, { fit: "fill" })
    .raw()
    .toBuffer({ resolveWithObject: true });
  addGrain(data, spec.width * 31 + spec.height);
  return sharp(data, { raw: { width: info.width, height: info.height, channels: 3 } })
    .withMetadata({ orientation: spec.orientation })
    .withExif({ IFD0: { Make: "Darkroom", Model: "bench camera" } })
    .jpeg({ quality: QUALITY })
    .toBuffer();
}

/**
 * The original for `spec`, generated once and kept in CACHE_DIR (keyed by the recipe and the
 * sharp/libvips versions, which decide the exact bytes).
 */
export async function loadOriginal(spec: OriginalSpec): Promise<Original> {
  const key = createHash("sha256")
    .update(`${RECIPE} ${JSON.stringify(spec)} ${JSON.stringify(sharp.versions)}`)
    .digest("hex")
    .slice(0, 16);
  const path = join(CACHE_DIR, `${spec.name}-${key}.jpg`);
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch {
    bytes = await generate(spec);
    mkdirSync(CACHE_DIR, { recursive: true });
    writeFileSync(`${path}.tmp`, bytes);
    renameSync(`${path}.tmp`, path);
  }
  return { ...spec, bytes, sha256: createHash("sha256").update(bytes).digest("hex") };
}
