import { z } from "zod";
import { exifSchema, orientationSchema, orientedSize } from "./exif.ts";
import { originalFileNameSchema } from "./file-names.ts";
import { imageIdSchema, isImageId } from "./image-id.ts";
import { inputFormatSchema } from "./input-formats.ts";
import { labelSchema, MAX_LABELS, normaliseLabel } from "./labels.ts";
import {
  contentTypeSchema,
  dominantColorSchema,
  failureSchema,
  labelsErrorSchema,
  pixelsSchema,
  placeholderSchema,
  timestampSchema,
  variantSchemaFor,
} from "./record-fields.ts";
import { formatVariantKey, parseUploadKey } from "./s3-keys.ts";
import { timingsSchemaFor } from "./timings.ts";
import { MAX_INPUT_PIXELS } from "./upload-limits.ts";
import { VARIANT_SPECS, type VariantSpecTable } from "./variant-specs.ts";

/**
 * The image record, one per image, with fields required per status:
 *   UPLOADED    the upload as declared: key, bytes, content type, file name; reinvokedAt once the
 *               stuck-image job found the original and invoked the processor for it
 *   PROCESSING  an attempt has started (attempts ≥ 1); reinvokedAt once the stuck-image job re-invoked it
 *   PROCESSED   also what the decoder measured, the variants, labels, EXIF, colour, placeholder,
 *               timings and processedAt
 *   FAILED      also a failure {code, message}, processedAt, and whatever was measured before it;
 *               attempts 0 when it failed before processing started (the upload never came)
 * `width`/`height` are the original's as stored; `orientation` says how to display them.
 */

const common = {
  imageId: imageIdSchema,
  originalKey: z.string().min(1),
  originalBytes: z.number().int().positive(),
  contentType: contentTypeSchema,
  originalFileName: originalFileNameSchema,
  /** The uploader allowed keeping the GPS position; off unless asked for. */
  keepLocation: z.boolean().default(false),
  createdAt: timestampSchema,
  updatedAt: timestampSchema,
};

/** Processing attempts started; counted by the conditional write that starts one. */
const attemptsStarted = z.number().int().min(1, "must be at least 1 once processing has started");

export interface ImageRecordSchemaOptions {
  /**
   * Writers must include every variant of the table; readers accept PROCESSED records written
   * before a variant was added (re-processing fills them in).
   */
  requireEveryVariant: boolean;
}

/** The record schema for a spec table: variant names and timing steps follow the table's keys. */
export function imageRecordSchemaFor<T extends VariantSpecTable>(
  specs: T,
  { requireEveryVariant }: ImageRecordSchemaOptions = { requireEveryVariant: true },
) {
  type Name = keyof T & string;
  const names = Object.keys(specs) as [Name, ...Name[]];
  const timings = timingsSchemaFor(names);

  const uploaded = z.object({
    ...common,
    status: z.literal("UPLOADED"),
    attempts: z.literal(0, { error: "must be 0 until processing starts" }),
    /**
     * When the stuck-image job, past the presigned POST's expiry, found the original stored but
     * processing never started (S3's notification lost) and invoked the processor itself: once.
     */
    reinvokedAt: timestampSchema.optional(),
  });
  const processing = z.object({
    ...common,
    status: z.literal("PROCESSING"),
    attempts: attemptsStarted,
    /**
     * When the admin backend's stuck-image job re-invoked the processor for this attempt (left
     * PROCESSING past its limit). A new attempt's record starts without it, so it marks the
     * attempt: the job re-invokes once, and marks the image FAILED (TIMEOUT) if it stays stuck.
     */
    reinvokedAt: timestampSchema.optional(),
  });
  const processed = z.object({
    ...common,
    status: z.literal("PROCESSED"),
    attempts: attemptsStarted,
    format: inputFormatSchema,
    width: pixelsSchema,
    height: pixelsSchema,
    orientation: orientationSchema.optional(),
    variants: z.array(variantSchemaFor(names)).min(1, "must list the variants written"),
    labels: z.array(labelSchema).max(MAX_LABELS),
    labelsError: labelsErrorSchema.optional(),
    exif: exifSchema,
    dominantColor: dominantColorSchema,
    placeholder: placeholderSchema,
    timings,
    processedAt: timestampSchema,
  });
  const failed = z.object({
    ...common,
    status: z.literal("FAILED"),
    // 0: failed before any attempt, from UPLOADED (the stuck-image job: the upload never came).
    attempts: z.number().int().min(0),
    failure: failureSchema,
    // Known when the failure came after detection or after reading the header.
    format: inputFormatSchema.optional(),
    width: pixelsSchema.optional(),
    height: pixelsSchema.optional(),
    orientation: orientationSchema.optional(),
    timings: timings.optional(),
    processedAt: timestampSchema,
  });

  type Processed = z.infer<typeof processed>;

  function checkVariants(record: Processed, ctx: z.RefinementCtx): void {
    const original = orientedSize(record.width, record.height, record.orientation);
    const seen = new Set<string>();
    record.variants.forEach((variant, i) => {
      const path = ["variants", i];
      const issue = (message: string, field?: string) =>
        ctx.addIssue({ code: "custom", path: field ? [...path, field] : path, message });
      if (seen.has(variant.name)) issue(`lists "${variant.name}" twice`, "name");
      seen.add(variant.name);
      const spec = specs[variant.name as Name]!;
      const key = formatVariantKey(record.imageId, variant.name, spec.extension);
      if (variant.key !== key) issue(`must be ${key}`, "key");
      if (variant.format !== spec.format)
        issue(`must be ${spec.format} for the ${variant.name} variant`, "format");
      const { width, height, fit, withoutEnlargement } = spec.resize;
      if (fit === "cover" && (variant.width !== width || variant.height !== height)) {
        issue(`${variant.width}x${variant.height} is not exactly ${width}x${height}`);
      }
      if (fit === "inside" && (variant.width > width || variant.height > height)) {
        issue(`${variant.width}x${variant.height} does not fit in ${width}x${height}`);
      }
      if (withoutEnlargement && (variant.width > original.width || variant.height > original.height)) {
        issue(
          `${variant.width}x${variant.height} enlarges the ${original.width}x${original.height} original`,
        );
      }
    });
    if (!requireEveryVariant) return;
    const missing = names.filter((name) => !seen.has(name));
    if (missing.length > 0) {
      ctx.addIssue({ code: "custom", path: ["variants"], message: `misses ${missing.join(", ")}` });
    }
  }

  function checkProcessed(record: Processed, ctx: z.RefinementCtx): void {
    if (record.width * record.height > MAX_INPUT_PIXELS) {
      ctx.addIssue({
        code: "custom",
        path: ["width"],
        message: `${record.width}x${record.height} exceeds ${MAX_INPUT_PIXELS} pixels`,
      });
    }
    checkVariants(record, ctx);
    const labelKeys = new Set<string>();
    record.labels.forEach((label, i) => {
      const key = tryNormaliseLabel(label.name);
      if (key === null || labelKeys.has(key)) {
        ctx.addIssue({
          code: "custom",
          path: ["labels", i, "name"],
          message: `"${label.name}" is not a distinct label`,
        });
      }
      if (key !== null) labelKeys.add(key);
    });
    if (record.labelsError && record.labels.length > 0) {
      ctx.addIssue({
        code: "custom",
        path: ["labelsError"],
        message: "only when the label call failed: labels must be []",
      });
    }
    if (record.exif.gps && !record.keepLocation) {
      ctx.addIssue({
        code: "custom",
        path: ["exif", "gps"],
        message: "must be absent unless keepLocation is true",
      });
    }
    const timings: Partial<Record<string, number>> = record.timings;
    if (timings.total === undefined) {
      ctx.addIssue({ code: "custom", path: ["timings", "total"], message: "is required once processed" });
    }
  }

  // zod runs these after format issues too (not after type issues): compare only valid fields.
  const validTime = (time: string) => timestampSchema.safeParse(time).success;
  return z
    .discriminatedUnion("status", [uploaded, processing, processed, failed])
    .superRefine((record, ctx) => {
      if (isImageId(record.imageId) && parseUploadKey(record.originalKey)?.imageId !== record.imageId) {
        ctx.addIssue({
          code: "custom",
          path: ["originalKey"],
          message: `must be an upload key of image ${record.imageId} (uploads/${record.imageId}/<file name>)`,
        });
      }
      if (validTime(record.createdAt) && validTime(record.updatedAt) && record.updatedAt < record.createdAt) {
        ctx.addIssue({ code: "custom", path: ["updatedAt"], message: "must not be before createdAt" });
      }
      if (record.status === "PROCESSED" || record.status === "FAILED") {
        // Fixed-format timestamps compare correctly as text.
        const times = [record.createdAt, record.processedAt, record.updatedAt];
        const outside = record.processedAt < record.createdAt || record.processedAt > record.updatedAt;
        if (times.every(validTime) && outside) {
          ctx.addIssue({
            code: "custom",
            path: ["processedAt"],
            message: "must be between createdAt and updatedAt",
          });
        }
      }
      if (record.status === "PROCESSED") checkProcessed(record, ctx);
      if (record.status === "FAILED" && (record.width === undefined) !== (record.height === undefined)) {
        ctx.addIssue({ code: "custom", path: ["width"], message: "width and height go together" });
      }
      if (record.status === "FAILED" && record.attempts === 0 && measuredByAnAttempt(record)) {
        ctx.addIssue({
          code: "custom",
          path: ["attempts"],
          message: "must be at least 1 when a processing attempt measured the format, size or timings",
        });
      }
    });
}

/** What only a processing attempt finds out, so a FAILED record without one cannot carry it. */
function measuredByAnAttempt(record: {
  format?: unknown;
  width?: unknown;
  orientation?: unknown;
  timings?: unknown;
}): boolean {
  return [record.format, record.width, record.orientation, record.timings].some((v) => v !== undefined);
}

function tryNormaliseLabel(name: string): string | null {
  try {
    return normaliseLabel(name);
  } catch {
    return null;
  }
}

/** The record as written: a PROCESSED record lists every variant of VARIANT_SPECS. */
export const imageRecordSchema = imageRecordSchemaFor(VARIANT_SPECS);
/** The record as read back: it may predate a variant added to VARIANT_SPECS since. */
export const storedImageRecordSchema = imageRecordSchemaFor(VARIANT_SPECS, { requireEveryVariant: false });

export type ImageRecord = z.infer<typeof imageRecordSchema>;
/** What writers pass in: `keepLocation` may be left out (false). */
export type ImageRecordInput = z.input<typeof imageRecordSchema>;
export type UploadedImageRecord = Extract<ImageRecord, { status: "UPLOADED" }>;
export type ProcessingImageRecord = Extract<ImageRecord, { status: "PROCESSING" }>;
export type ProcessedImageRecord = Extract<ImageRecord, { status: "PROCESSED" }>;
export type FailedImageRecord = Extract<ImageRecord, { status: "FAILED" }>;
export type Variant = ProcessedImageRecord["variants"][number];
export type Timings = ProcessedImageRecord["timings"];

/** Thrown by the parsers; `issues` carry each problem's path for callers that map them. */
export class InvalidImageRecordError extends Error {
  override readonly name = "InvalidImageRecordError";
  readonly issues: z.core.$ZodIssue[];
  constructor(error: z.ZodError) {
    super(`invalid image record:\n${z.prettifyError(error)}`);
    this.issues = error.issues;
  }
}

function parseWith(schema: typeof imageRecordSchema, value: unknown): ImageRecord {
  const result = schema.safeParse(value);
  if (!result.success) throw new InvalidImageRecordError(result.error);
  return result.data;
}

/** Validates a record about to be written; the error names every problem's field. */
export function parseImageRecord(value: unknown): ImageRecord {
  return parseWith(imageRecordSchema, value);
}

/** Validates a record read back from the table. */
export function parseStoredImageRecord(value: unknown): ImageRecord {
  return parseWith(storedImageRecordSchema, value);
}
