import { z } from "zod";

/**
 * How long each processing step took, in milliseconds: the fixed steps plus one per variant
 * (keyed by its name). Steps that did not run are absent, so a FAILED record shows how far it got.
 */
export const PIPELINE_STEPS = ["download", "decode", "labels", "write", "total"] as const;
export type PipelineStep = (typeof PIPELINE_STEPS)[number];
export type TimingStep<VariantName extends string> = PipelineStep | VariantName;

/** The timing steps for a set of variant names, in pipeline order. */
export function timingSteps<N extends string>(
  variantNames: readonly N[],
): [TimingStep<N>, ...TimingStep<N>[]] {
  return ["download", "decode", ...variantNames, "labels", "write", "total"];
}

const milliseconds = z.number().finite().nonnegative("must be a duration in milliseconds, 0 or more");

/** Only known steps, and none longer than the total (variants may run in parallel, so ≤, not Σ). */
export function timingsSchemaFor<N extends string>(variantNames: readonly N[]) {
  return z.partialRecord(z.enum(timingSteps(variantNames)), milliseconds).superRefine((timings, ctx) => {
    const byStep: Partial<Record<string, number>> = timings;
    const total = byStep.total;
    if (total === undefined) return;
    for (const [step, ms] of Object.entries(byStep)) {
      if (ms !== undefined && ms > total) {
        ctx.addIssue({
          code: "custom",
          path: [step],
          message: `${ms} ms is longer than the total (${total} ms)`,
        });
      }
    }
  });
}
