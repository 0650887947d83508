import { Deadline } from "../processor/src/deadline.ts";
import { dominantColour } from "../processor/src/pipeline/colour.ts";
import { decodeOnce } from "../processor/src/pipeline/decode.ts";
import { detectFormat } from "../processor/src/pipeline/detect.ts";
import { encodeVariants } from "../processor/src/pipeline/encode-variant.ts";
import { readExif } from "../processor/src/pipeline/exif.ts";
import { checkPixelLimit, readHeader } from "../processor/src/pipeline/image-header.ts";
import { placeholderOf } from "../processor/src/pipeline/placeholder.ts";
import { previewOf } from "../processor/src/pipeline/preview.ts";
import { planVariants } from "../processor/src/pipeline/variant-plan.ts";
import type { Implementation } from "./variant-output.ts";

const IMAGE_ID = "01JNB4Q7Z8X3K5M9P2R6T0V1WY";

/**
 * The processor's image work, in-process: the pipeline functions process-image.ts's `produce`
 * calls, in its order (detect, header, pixel limit, one decode, plan, every variant and the preview
 * at once, then EXIF, colour, ThumbHash). No S3, DynamoDB or Rekognition: the bench measures the
 * image work, which is the same with or without them.
 */
export const processorImplementation: Implementation = {
  name: "processor",
  description:
    "the Lambda's pipeline: one decode (failOn error, EXIF orientation, sRGB, ≤ 4096) to raw pixels, " +
    "then the 5 encoders at once from them, plus the preview, colour, ThumbHash and EXIF it also computes",
  async run(original) {
    const deadline = new Deadline(() => 600_000);
    const header = await readHeader(original, detectFormat(original));
    checkPixelLimit(header);
    const pixels = await decodeOnce(original, header, deadline);
    const [variants, preview] = await Promise.all([
      encodeVariants(pixels, planVariants(IMAGE_ID, pixels), header.animation, deadline),
      previewOf(pixels),
    ]);
    readExif(header.exif, { keepLocation: false });
    dominantColour(preview);
    placeholderOf(preview);
    return variants.map(({ name, format, width, height, body }) => ({ name, format, width, height, body }));
  },
};
