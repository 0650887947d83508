import { z } from "zod";
import { failureCodeSchema, MAX_ERROR_MESSAGE_LENGTH } from "./failure-codes.ts";
import { OUTPUT_FORMATS, type OutputFormat } from "./variant-specs.ts";

/** The parts of the image record that are not about its status; see image-record.ts. */

/**
 * Always with milliseconds and Z, as Date.prototype.toISOString writes them: listings sort by
 * `<createdAt>#<id>` as text, and "…:00Z" would sort after "…:00.500Z".
 */
export const timestampSchema = z.iso.datetime({
  precision: 3,
  error: "must be an ISO 8601 UTC timestamp with milliseconds, like 2025-01-31T12:00:00.000Z",
});

export const pixelsSchema = z.number().int().positive();

/** A MIME type as the uploader declared it; parameters (";charset=…") are allowed. */
export const contentTypeSchema = z
  .string()
  .max(255)
  .regex(
    /^[A-Za-z0-9][\w!#$&^.+-]*\/[A-Za-z0-9][\w!#$&^.+-]*(\s*;.*)?$/,
    "must be a MIME type like image/jpeg",
  );

const errorMessage = z.string().min(1, "must not be empty").max(MAX_ERROR_MESSAGE_LENGTH);

export const failureSchema = z.object({ code: failureCodeSchema, message: errorMessage });
export type Failure = z.infer<typeof failureSchema>;

/** Why the label call failed: the AWS error name (e.g. ThrottlingException) or TIMEOUT. */
export const labelsErrorSchema = z.object({
  code: z.string().regex(/^[A-Za-z][A-Za-z0-9_.]{0,99}$/, "must be an error name like ThrottlingException"),
  message: errorMessage,
});
export type LabelsError = z.infer<typeof labelsErrorSchema>;

export const dominantColorSchema = z
  .string()
  .regex(/^#[0-9a-f]{6}$/, "must be a colour like #1a2b3c (six lower-case hex digits)");

/** A ThumbHash (a few dozen bytes), standard base64 with padding, ready for a data URL. */
export const placeholderSchema = z.object({
  kind: z.literal("thumbhash"),
  data: z
    .string()
    .min(4, "must be base64, 4 characters or more")
    .max(100)
    .regex(/^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/, "must be padded base64"),
});
export type Placeholder = z.infer<typeof placeholderSchema>;

const OUTPUT_FORMAT_NAMES = Object.keys(OUTPUT_FORMATS) as [OutputFormat, ...OutputFormat[]];

/** A variant as written to the media bucket; `name` is one of the spec table's keys. */
export function variantSchemaFor<N extends string>(variantNames: readonly [N, ...N[]]) {
  return z.object({
    name: z.enum(variantNames),
    key: z.string().min(1),
    format: z.enum(OUTPUT_FORMAT_NAMES),
    width: pixelsSchema,
    height: pixelsSchema,
    bytes: z.number().int().positive(),
  });
}
