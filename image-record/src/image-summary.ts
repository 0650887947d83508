import { z } from "zod";
import type { ImageStatus } from "./image-status.ts";
import { imageStatusSchema } from "./image-status.ts";
import { type InputFormat, inputFormatSchema } from "./input-formats.ts";
import {
  dominantColorSchema,
  type Failure,
  failureSchema,
  type Placeholder,
  placeholderSchema,
  timestampSchema,
} from "./record-fields.ts";

/**
 * What a list shows of an image: enough for a gallery cell (name, status, size, failure) and for
 * a placeholder while its thumbnail loads (the colour and ThumbHash, and the size for the box),
 * without the variants, labels, EXIF and timings of the full record.
 */
export const imageSummaryFieldsSchema = z.object({
  imageId: z.string(),
  status: imageStatusSchema,
  originalFileName: z.string(),
  contentType: z.string(),
  originalBytes: z.number(),
  createdAt: timestampSchema,
  updatedAt: timestampSchema,
  format: inputFormatSchema.optional(),
  width: z.number().optional(),
  height: z.number().optional(),
  failure: failureSchema.optional(),
  dominantColor: dominantColorSchema.optional(),
  placeholder: placeholderSchema.optional(),
});
export type ImageSummaryFields = z.infer<typeof imageSummaryFieldsSchema>;

/** Any shape of the record (the stored one, or the API's copy of it) with the fields a summary takes. */
export interface SummarySource {
  imageId: string;
  status: ImageStatus;
  originalFileName: string;
  contentType: string;
  originalBytes: number;
  createdAt: string;
  updatedAt: string;
  format?: InputFormat;
  width?: number;
  height?: number;
  failure?: Failure;
  dominantColor?: string;
  placeholder?: Placeholder;
}

/** The summary of a record: the same fields wherever it is made (the backend's list, the console's live update). */
export function imageSummaryFields(record: SummarySource): ImageSummaryFields {
  const { format, width, height, failure, dominantColor, placeholder } = record;
  return {
    imageId: record.imageId,
    status: record.status,
    originalFileName: record.originalFileName,
    contentType: record.contentType,
    originalBytes: record.originalBytes,
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
    ...(format !== undefined ? { format } : {}),
    ...(width !== undefined ? { width } : {}),
    ...(height !== undefined ? { height } : {}),
    ...(failure !== undefined ? { failure } : {}),
    ...(dominantColor !== undefined ? { dominantColor } : {}),
    ...(placeholder !== undefined ? { placeholder } : {}),
  };
}
