import type { FailureCode, ImageRecord, ImageStatus, Variant } from "@darkroom/image-record";

/** The API's response bodies. Dates are ISO 8601 strings; URLs are presigned and expire. */

/** `POST /uploads` → 201: post `fields` then the file, as multipart/form-data, to `url`. */
export interface CreateUploadResponse {
  imageId: string;
  url: string;
  fields: Record<string, string>;
  /** When the presigned POST stops being accepted. */
  expiresAt: string;
}

export interface LabelSummary {
  name: string;
  confidence: number;
}

/** One image in a listing. */
export interface ImageSummary {
  id: string;
  status: ImageStatus;
  fileName: string;
  createdAt: string;
  /** As displayed (EXIF orientation applied), once known. */
  width?: number;
  height?: number;
  /** The 300x300 thumbnail, once PROCESSED. */
  thumbnailUrl?: string;
  /** The most confident labels first, at most TOP_LABELS. */
  labels: LabelSummary[];
}

/** `GET /images` → 200. `nextCursor` is null on the last page. */
export interface ImageListResponse {
  items: ImageSummary[];
  nextCursor: string | null;
}

export type VariantWithUrl = Variant & { url: string };

/** A failure as the record holds it, plus one sentence for people. */
export interface FailureWithDescription {
  code: FailureCode;
  message: string;
  description: string;
}

/** A record with the URLs added; distributes over the status union, so each status keeps its fields. */
type WithUrls<R> = R extends ImageRecord
  ? Omit<R, "variants" | "failure"> & {
      originalUrl: string;
      /** When the URLs in this response stop working. */
      urlsExpireAt: string;
    } & (R extends { variants: Variant[] } ? { variants: VariantWithUrl[] } : unknown) &
      (R extends { failure: unknown } ? { failure: FailureWithDescription } : unknown)
  : never;

/** `GET /images/{id}` → 200: the record, with a URL for the original and for every variant. */
export type ImageDetail = WithUrls<ImageRecord>;
