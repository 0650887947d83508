import { createZodDto } from "nestjs-zod";
import { z } from "zod";

export const DEFAULT_TOP_LABELS = 50;
export const MAX_TOP_LABELS = 1000;

/** `GET /api/labels?top=N`. */
export const topLabelsQuerySchema = z.strictObject({
  top: z.coerce
    .number()
    .int()
    .min(1)
    .max(MAX_TOP_LABELS)
    .default(DEFAULT_TOP_LABELS)
    .describe("how many labels, the most frequent first"),
});
export class TopLabelsQueryDto extends createZodDto(topLabelsQuerySchema) {}

export const labelListSchema = z.object({
  labels: z.array(
    z.object({
      /** Rekognition's spelling; `GET /api/images?label=` takes it as it is. */
      label: z.string(),
      /** Images listed under the label. */
      count: z.number().int().min(1),
    }),
  ),
  /** How many labels have at least one image (the list stops at `top`). */
  total: z.number().int().min(0),
});
export class LabelListDto extends createZodDto(labelListSchema) {}
export type LabelList = z.infer<typeof labelListSchema>;

export const recountSchema = z.object({
  /** Labels with at least one label item. */
  labels: z.number().int().min(0),
  /** Label items found. */
  labelItems: z.number().int().min(0),
  /** Items the Scan read: the whole table. */
  scannedItems: z.number().int().min(0),
  /** Counts that were wrong, now set right (0 when they were exact; counts at 0 are tidied away). */
  corrected: z.number().int().min(0),
});
export class RecountDto extends createZodDto(recountSchema) {}
export type Recount = z.infer<typeof recountSchema>;
