import { VARIANT_SPECS, type VariantSpec } from "@darkroom/image-record";
import sharp from "sharp";
import { selfCpuMs } from "../../emulator/bench/machine.ts";
import { median } from "../../emulator/bench/stats.ts";
import { Deadline } from "../processor/src/deadline.ts";
import { decodeOnce } from "../processor/src/pipeline/decode.ts";
import { detectFormat } from "../processor/src/pipeline/detect.ts";
import { encodeVariant } from "../processor/src/pipeline/encode-variant.ts";
import { readHeader } from "../processor/src/pipeline/image-header.ts";
import { previewOf } from "../processor/src/pipeline/preview.ts";
import { planVariants } from "../processor/src/pipeline/variant-plan.ts";
import { variantFromOriginal } from "./per-variant-baselines.ts";

/** One step's cost run alone (nothing else on the bench's side), for both ways of working. */
/** Wall and CPU milliseconds of a step run alone. */
export interface StepTime {
  ms: number;
  cpuMs: number;
}

export interface PartCost {
  part: string;
  /** The obvious baseline's pipeline for this part (decode included); null where it has none. */
  baseline: StepTime | null;
  baselineBytes: number | null;
  /** The processor's step; for variants the encode from the decoded pixels only. */
  processor: StepTime | null;
  processorBytes: number | null;
}

async function timed<T>(repeats: number, work: () => Promise<T>): Promise<StepTime & { result: T }> {
  const times: number[] = [];
  const cpu: number[] = [];
  let result = await work();
  for (let i = 0; i < repeats; i++) {
    const started = performance.now();
    const cpu0 = selfCpuMs();
    result = await work();
    cpu.push(selfCpuMs() - cpu0);
    times.push(performance.now() - started);
  }
  return { ms: median(times), cpuMs: median(cpu), result };
}

/**
 * Where an image's time goes: every step of both implementations one at a time, median wall and
 * CPU time (the bench process's, nothing else running in it) of `repeats` after one unmeasured run.
 */
export async function measurePartCosts(original: Buffer, repeats: number): Promise<PartCost[]> {
  const deadline = new Deadline(() => 600_000);
  const decode = await timed(repeats, async () => {
    const header = await readHeader(original, detectFormat(original));
    return decodeOnce(original, header, deadline);
  });
  const pixels = decode.result;
  const plans = planVariants("01JNB4Q7Z8X3K5M9P2R6T0V1WY", pixels);
  const baselineDecode = await timed(repeats, () =>
    sharp(original).rotate().toColourspace("srgb").raw().toBuffer(),
  );
  const costs: PartCost[] = [
    {
      part: "decode (processor: header + the one decode; baseline: one decode to raw, paid in each variant below)",
      baseline: baselineDecode,
      baselineBytes: null,
      processor: decode,
      processorBytes: null,
    },
  ];
  for (const plan of plans) {
    const spec: VariantSpec = VARIANT_SPECS[plan.name as keyof typeof VARIANT_SPECS];
    const baseline = await timed(repeats, () =>
      variantFromOriginal(original, plan.name, spec, "sharp defaults"),
    );
    const processor = await timed(repeats, () => encodeVariant(pixels, plan, undefined, deadline));
    costs.push({
      part: plan.name,
      baseline,
      baselineBytes: baseline.result.body.length,
      processor,
      processorBytes: processor.result.body.length,
    });
  }
  const preview = await timed(repeats, () => previewOf(pixels));
  costs.push({
    part: "preview (colour, ThumbHash)",
    baseline: null,
    baselineBytes: null,
    processor: preview,
    processorBytes: null,
  });
  return costs;
}
