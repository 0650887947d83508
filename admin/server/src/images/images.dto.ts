import {
  contentTypeSchema,
  DEFAULT_PAGE_SIZE,
  imageIdSchema,
  imageStatusSchema,
  imageSummaryFieldsSchema,
  inputFormatSchema,
  isImageContentType,
  listParamsSchema,
  MAX_PAGE_SIZE,
  storedImageRecordSchema,
} from "@darkroom/image-record";
import { createZodDto } from "nestjs-zod";
import { z } from "zod";

/** Upper bound of any upload (image-record's maxUploadBytesSchema); the API enforces the deployer's own. */
const MAX_UPLOAD_BYTES_CEILING = 100 * 1024 * 1024;
const timestamp = z.iso.datetime({ precision: 3, error: "must be an ISO 8601 UTC time with milliseconds" });

const { cursor, label } = listParamsSchema.shape;

/**
 * `GET /api/images`: image-record's list parameters (status, label and format exclusive, each a
 * GSI partition) plus a creation-time range, a condition on the indexes' `<createdAt>#<id>` sort key.
 */
export const listImagesQuerySchema = z.strictObject({
  limit: z.coerce.number().int().min(1).max(MAX_PAGE_SIZE).default(DEFAULT_PAGE_SIZE),
  cursor,
  status: imageStatusSchema.optional(),
  label,
  format: inputFormatSchema.optional(),
  from: z.iso.datetime({ error: "must be an ISO 8601 time" }).optional().describe("created at or after"),
  to: z.iso.datetime({ error: "must be an ISO 8601 time" }).optional().describe("created at or before"),
});
export class ListImagesQueryDto extends createZodDto(listImagesQuerySchema) {}

export const imageIdParamsSchema = z.strictObject({ imageId: imageIdSchema });
export class ImageIdParamsDto extends createZodDto(imageIdParamsSchema) {}

export const imageSummarySchema = imageSummaryFieldsSchema.extend({
  /** Presigned, at most 15 minutes; null until the thumbnail exists. */
  thumbnailUrl: z.url().nullable(),
});
export type ImageSummary = z.infer<typeof imageSummarySchema>;

export const imageListSchema = z.object({
  items: z.array(imageSummarySchema),
  nextCursor: z.string().nullable(),
});
export class ImageListDto extends createZodDto(imageListSchema) {}
export type ImageList = z.infer<typeof imageListSchema>;

export const variantLinkSchema = z.object({
  name: z.string(),
  key: z.string(),
  format: z.string(),
  width: z.number(),
  height: z.number(),
  bytes: z.number(),
  url: z.url(),
});

export const logLineSchema = z.object({
  timestamp: timestamp,
  logStream: z.string(),
  message: z.string(),
});

export const imageDetailSchema = z.object({
  record: storedImageRecordSchema,
  originalUrl: z.url(),
  variants: z.array(variantLinkSchema),
  /** When the presigned URLs above stop working. */
  urlsExpireAt: timestamp,
  /** The processor's log events for this image (its imageId, then its runs' request ids), oldest first. */
  logs: z.array(logLineSchema),
});
export class ImageDetailDto extends createZodDto(imageDetailSchema) {}
export type ImageDetail = z.infer<typeof imageDetailSchema>;

export const deletedImageSchema = z.object({ imageId: z.string(), deletedObjects: z.number().int() });
export class DeletedImageDto extends createZodDto(deletedImageSchema) {}

export const reprocessingSchema = z.object({
  imageId: z.string(),
  previousStatus: imageStatusSchema,
  queued: z.literal(true),
});
export class ReprocessingDto extends createZodDto(reprocessingSchema) {}

export const createUploadBodySchema = z.strictObject({
  fileName: z.string().min(1).max(1024),
  contentType: z
    .string()
    .max(255)
    .transform((type) => type.trim().toLowerCase())
    .pipe(contentTypeSchema)
    .refine(isImageContentType, "must be an image type (image/jpeg, image/png, ...)")
    .refine((type) => !type.startsWith("image/svg"), "SVG is not accepted"),
  bytes: z.number().int().min(1).max(MAX_UPLOAD_BYTES_CEILING),
  keepLocation: z.boolean().default(false),
});
export class CreateUploadBodyDto extends createZodDto(createUploadBodySchema) {}

/** What the console checks a file against before asking for an upload. */
export const uploadLimitsSchema = z.object({
  /** The deployed stack's limit (its POST policy refuses anything larger). */
  maxBytes: z.number().int().positive(),
});
export class UploadLimitsDto extends createZodDto(uploadLimitsSchema) {}

/** The API Lambda's answer, checked before it is relayed. */
export const createdUploadSchema = z.object({
  imageId: imageIdSchema,
  url: z.url(),
  fields: z.record(z.string(), z.string()),
  expiresAt: z.iso.datetime({ offset: true }),
});
export class CreatedUploadDto extends createZodDto(createdUploadSchema) {}
export type CreatedUpload = z.infer<typeof createdUploadSchema>;
