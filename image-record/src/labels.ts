import { z } from "zod";

/**
 * Rekognition DetectLabels' labels, flattened: parents and categories by name. Confidences are
 * percentages (0–100) as Rekognition reports them; bounding boxes are ratios (0–1) of the image.
 */
export const MAX_LABELS = 100;
export const MAX_LABEL_NAME_LENGTH = 100;

const ratio = z.number().min(0, "must be a ratio from 0 to 1").max(1, "must be a ratio from 0 to 1");
const confidence = z
  .number()
  .min(0, "must be a percentage from 0 to 100")
  .max(100, "must be a percentage from 0 to 100");
const labelName = z.string().trim().min(1, "must not be empty").max(MAX_LABEL_NAME_LENGTH);

export const boundingBoxSchema = z.object({ width: ratio, height: ratio, left: ratio, top: ratio });

export const labelInstanceSchema = z.object({ boundingBox: boundingBoxSchema, confidence });

export const labelSchema = z.object({
  name: labelName,
  confidence,
  parents: z.array(labelName),
  categories: z.array(labelName),
  instances: z.array(labelInstanceSchema),
});

export type Label = z.infer<typeof labelSchema>;
export type BoundingBox = z.infer<typeof boundingBoxSchema>;

/**
 * A label name as listings key it: NFKC, lower case, whitespace collapsed. "Sea Life", "sea  life"
 * and "SEA LIFE" are one label; the API normalises the `label=` parameter the same way.
 */
export function normaliseLabel(name: string): string {
  // Lower case after NFKC can leave text that NFKC changes again, so normalise on both sides.
  const normalised = name.normalize("NFKC").toLowerCase().normalize("NFKC").trim().replace(/\s+/g, " ");
  if (normalised === "") throw new Error("invalid label: empty after normalisation");
  if (normalised.length > MAX_LABEL_NAME_LENGTH) {
    throw new Error(`invalid label: longer than ${MAX_LABEL_NAME_LENGTH} characters`);
  }
  return normalised;
}
