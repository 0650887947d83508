import { VARIANT_NAMES, VARIANT_SPECS } from "@darkroom/image-record";
import sharp from "sharp";
import { resizedSize } from "../processor/src/pipeline/variant-plan.ts";
import type { Implementation, VariantOutput } from "./variant-output.ts";

/**
 * Runs every implementation once and checks they all produce what the specs say: the five
 * variants, in their formats and sizes (from the shown, oriented size), no EXIF or ICC profile,
 * 8-bit sRGB. A bench whose sides made different things would compare nothing.
 */
export async function checkOutputs(
  original: Buffer,
  shown: { width: number; height: number },
  implementations: readonly Implementation[],
): Promise<Map<string, VariantOutput[]>> {
  const byImplementation = new Map<string, VariantOutput[]>();
  for (const implementation of implementations) {
    const outputs = await implementation.run(original);
    const names = outputs.map((output) => output.name).sort();
    if (names.join() !== [...VARIANT_NAMES].sort().join()) {
      throw new Error(`${implementation.name} made ${names.join(", ")}, not ${VARIANT_NAMES.join(", ")}`);
    }
    for (const output of outputs) await checkVariant(implementation.name, output, shown);
    byImplementation.set(implementation.name, outputs);
  }
  return byImplementation;
}

async function checkVariant(
  implementation: string,
  output: VariantOutput,
  shown: { width: number; height: number },
): Promise<void> {
  const spec = VARIANT_SPECS[output.name as keyof typeof VARIANT_SPECS];
  const want = resizedSize(shown.width, shown.height, spec.resize);
  const meta = await sharp(output.body).metadata();
  const problems = [
    meta.format !== spec.format && `format ${meta.format}`,
    (meta.width !== want.width || meta.height !== want.height) && `size ${meta.width}x${meta.height}`,
    meta.exif !== undefined && "EXIF kept",
    meta.icc !== undefined && "ICC profile kept",
    meta.space !== "srgb" && `colour space ${meta.space}`,
    meta.depth !== "uchar" && `depth ${meta.depth}`,
  ].filter((problem): problem is string => typeof problem === "string");
  if (problems.length > 0) {
    throw new Error(
      `${implementation}: ${output.name} should be ${spec.format} ${want.width}x${want.height}: ${problems.join(", ")}`,
    );
  }
}
