import { z } from "zod";
import { imageIdSchema } from "./image-id.ts";
import { parseUploadKey, variantKey } from "./s3-keys.ts";
import {
  IMAGE_FORMATS,
  MAX_INPUT_PIXELS,
  MAX_ORIGINAL_FILENAME_LENGTH,
  MAX_UPLOAD_BYTES,
  UPLOAD_CONTENT_TYPES,
} from "./upload-limits.ts";
import { VARIANT_NAMES, VARIANT_SPECS } from "./variant-specs.ts";

/**
 * The image record as stored in DynamoDB, one per image. Its shape depends on its status:
 *   uploaded → processing → processed | rejected | failed
 * "rejected" means the upload is not an acceptable image (the user's problem); "failed" means
 * processing broke (ours). Only a processed record has measurements, variants and labels.
 */
export const IMAGE_STATUSES = ["uploaded", "processing", "processed", "rejected", "failed"] as const;
export const imageStatusSchema = z.enum(IMAGE_STATUSES);
export type ImageStatus = z.infer<typeof imageStatusSchema>;

export const REJECTION_CODES = [
  "unsupported-type", // not one of UPLOAD_TYPES, whatever the declared content type said
  "too-large", // more than MAX_UPLOAD_BYTES
  "too-many-pixels", // more than MAX_INPUT_PIXELS
  "corrupt", // the decoder could not read it
] as const;
export type RejectionCode = (typeof REJECTION_CODES)[number];

const timestamp = z.iso.datetime({
  error: "must be an ISO 8601 UTC timestamp like 2025-01-31T12:00:00.000Z",
});
const pixels = z.number().int().positive();

/** What S3 and the uploader told us; before processing it may claim anything. */
export const originalSchema = z.object({
  key: z.string().min(1),
  contentType: z.string().min(1),
  bytes: z.number().int().positive(),
});

/** After processing the original is known to be an acceptable image, measured by the decoder. */
export const measuredOriginalSchema = originalSchema.extend({
  contentType: z.enum(UPLOAD_CONTENT_TYPES),
  bytes: z.number().int().positive().max(MAX_UPLOAD_BYTES),
  width: pixels,
  height: pixels,
  format: z.enum(IMAGE_FORMATS),
});

export const variantSchema = z.object({
  key: z.string().min(1),
  contentType: z.string().min(1),
  bytes: z.number().int().positive(),
  width: pixels,
  height: pixels,
});

/** A Rekognition DetectLabels label; confidence is a percentage as Rekognition reports it. */
export const labelSchema = z.object({
  name: z.string().min(1),
  confidence: z.number().min(0).max(100),
  parents: z.array(z.string().min(1)).optional(),
});

export const uploaderSchema = z.object({
  /** As the user's browser sent it; display only, never a key (see sanitizeFilename). */
  originalFilename: z.string().min(1).max(MAX_ORIGINAL_FILENAME_LENGTH),
});

const common = {
  imageId: imageIdSchema,
  original: originalSchema,
  uploader: uploaderSchema,
  createdAt: timestamp,
  updatedAt: timestamp,
};

const uploadedSchema = z.object({ ...common, status: z.literal("uploaded") });
const processingSchema = z.object({ ...common, status: z.literal("processing") });
const processedSchema = z.object({
  ...common,
  status: z.literal("processed"),
  original: measuredOriginalSchema,
  // A record with an enum key requires every variant.
  variants: z.record(z.enum(VARIANT_NAMES), variantSchema),
  labels: z.array(labelSchema),
});
const rejectedSchema = z.object({
  ...common,
  status: z.literal("rejected"),
  rejection: z.object({ code: z.enum(REJECTION_CODES), message: z.string().min(1) }),
});
const failedSchema = z.object({
  ...common,
  status: z.literal("failed"),
  failure: z.object({ message: z.string().min(1) }),
});

export const imageRecordSchema = z
  .discriminatedUnion("status", [
    uploadedSchema,
    processingSchema,
    processedSchema,
    rejectedSchema,
    failedSchema,
  ])
  .superRefine((record, ctx) => {
    if (parseUploadKey(record.original.key)?.imageId !== record.imageId) {
      ctx.addIssue({
        code: "custom",
        path: ["original", "key"],
        message: `must be an upload key of image ${record.imageId} (uploads/${record.imageId}/<filename>)`,
      });
    }
    if (Date.parse(record.updatedAt) < Date.parse(record.createdAt)) {
      ctx.addIssue({ code: "custom", path: ["updatedAt"], message: "must not be before createdAt" });
    }
    if (record.status !== "processed") return;
    const { original } = record;
    if (original.width * original.height > MAX_INPUT_PIXELS) {
      ctx.addIssue({
        code: "custom",
        path: ["original"],
        message: `${original.width}x${original.height} exceeds ${MAX_INPUT_PIXELS} pixels`,
      });
    }
    for (const name of VARIANT_NAMES) {
      const variant = record.variants[name];
      const spec = VARIANT_SPECS[name];
      const path = ["variants", name];
      const key = variantKey(record.imageId, name, spec.extension);
      if (variant.key !== key)
        ctx.addIssue({ code: "custom", path: [...path, "key"], message: `must be ${key}` });
      if (variant.contentType !== spec.contentType) {
        ctx.addIssue({
          code: "custom",
          path: [...path, "contentType"],
          message: `must be ${spec.contentType}`,
        });
      }
      const { width, height, fit, withoutEnlargement } = spec.resize;
      const fits =
        fit === "cover"
          ? variant.width === width && variant.height === height
          : variant.width <= width &&
            variant.height <= height &&
            (!withoutEnlargement || (variant.width <= original.width && variant.height <= original.height));
      if (!fits) {
        const limit =
          fit === "cover" ? `exactly ${width}x${height}` : `within ${width}x${height} and the original`;
        ctx.addIssue({
          code: "custom",
          path,
          message: `${variant.width}x${variant.height} is not ${limit}`,
        });
      }
    }
  });

export type ImageRecord = z.infer<typeof imageRecordSchema>;
export type ProcessedImageRecord = Extract<ImageRecord, { status: "processed" }>;
export type Label = z.infer<typeof labelSchema>;
export type Variant = z.infer<typeof variantSchema>;

/** Validates a record (e.g. read from DynamoDB); the error lists every problem with its path. */
export function parseImageRecord(value: unknown): ImageRecord {
  const result = imageRecordSchema.safeParse(value);
  if (!result.success) throw new Error(`invalid image record:\n${z.prettifyError(result.error)}`);
  return result.data;
}
