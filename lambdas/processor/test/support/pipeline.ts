import type { FailureCode } from "@darkroom/image-record";
import { expect } from "vitest";
import { Deadline } from "../../src/deadline.ts";
import { ProcessingFailure } from "../../src/failures.ts";
import { decodeOnce } from "../../src/pipeline/decode.ts";
import { detectFormat } from "../../src/pipeline/detect.ts";
import { encodeVariants } from "../../src/pipeline/encode-variant.ts";
import { checkPixelLimit, readHeader } from "../../src/pipeline/image-header.ts";
import { planVariants } from "../../src/pipeline/variant-plan.ts";

export const IMAGE_ID = "01JNB4Q7Z8X3K5M9P2R6T0V1WY";

/** Plenty of time: no test depends on how long sharp takes. */
export function roomyDeadline(): Deadline {
  return new Deadline(() => 600_000);
}

/** The processor's pipeline without AWS: detect, header, decode once, every variant. */
export async function runPipeline(bytes: Buffer) {
  const deadline = roomyDeadline();
  const format = detectFormat(bytes);
  const header = await readHeader(bytes, format);
  checkPixelLimit(header);
  const pixels = await decodeOnce(bytes, header, deadline);
  const plans = planVariants(IMAGE_ID, pixels);
  const variants = await encodeVariants(pixels, plans, header.animation, deadline);
  const byName = Object.fromEntries(variants.map((v) => [v.name, v]));
  return { format, header, pixels, plans, variants, byName };
}

/** Awaits `work` and checks it failed with `code` (and a message matching `message`). */
export async function expectFailure(
  work: Promise<unknown>,
  code: FailureCode,
  message?: RegExp,
): Promise<ProcessingFailure> {
  const error = await work.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ProcessingFailure);
  const failure = error as ProcessingFailure;
  expect(failure.code).toBe(code);
  if (message) expect(failure.message).toMatch(message);
  return failure;
}
