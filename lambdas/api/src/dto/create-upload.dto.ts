import { contentTypeSchema, isImageContentType } from "@darkroom/image-record";
import { z } from "zod";
import { ValidationError } from "../http/errors.ts";
import { parseDto, requiredError } from "./parse-dto.ts";

/** `POST /uploads` body: what the browser knows of the file before sending it. */
export interface CreateUploadDto {
  /** As the browser names it; made safe for the key and the record by the upload service. */
  fileName: string;
  /** Lower case, an image/* type other than SVG. */
  contentType: string;
  bytes: number;
  keepLocation: boolean;
}

/** Enough for any file name a browser gives (the record keeps 255 characters of it). */
const MAX_RAW_FILE_NAME_LENGTH = 1024;
/** A create-upload body is a few hundred bytes; anything far larger is not one. */
export const MAX_UPLOAD_REQUEST_BYTES = 16 * 1024;

export function createUploadSchema(maxUploadBytes: number) {
  return z.strictObject({
    fileName: z
      .string({ error: requiredError("must be a string") })
      .min(1, "must not be empty")
      .max(MAX_RAW_FILE_NAME_LENGTH, `must be at most ${MAX_RAW_FILE_NAME_LENGTH} characters`),
    contentType: z
      .string({ error: requiredError("must be a string") })
      // MIME types are case-insensitive, S3's starts-with is not: keep one spelling.
      .transform((type) => type.trim().toLowerCase())
      .pipe(contentTypeSchema)
      .refine(isImageContentType, "must be an image type (image/jpeg, image/png, ...)")
      .refine(
        (type) => !type.startsWith("image/svg"),
        "SVG is not accepted: it is a document that can run scripts, not an image",
      ),
    bytes: z
      .number({ error: requiredError("must be a number of bytes") })
      .int("must be a whole number of bytes")
      .min(1, "must be at least 1 byte")
      .max(maxUploadBytes, `must be at most ${maxUploadBytes} bytes: the file is over the upload limit`),
    keepLocation: z.boolean({ error: "must be true or false" }).default(false),
  });
}

/** The JSON body validated; a 400 names the field at fault. */
export function parseCreateUpload(body: unknown, maxUploadBytes: number): CreateUploadDto {
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    throw new ValidationError("body", "body: must be a JSON object {fileName, contentType, bytes}");
  }
  return parseDto(createUploadSchema(maxUploadBytes), body, "body");
}
