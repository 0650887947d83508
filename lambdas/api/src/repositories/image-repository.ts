import type { UploadedImageRecord } from "@darkroom/image-record";
import type { ImageTableReads } from "@darkroom/image-record/dynamodb";

/** The image table, as the API uses it: the shared reads, plus the upload's record. */
export interface ImageRepository extends ImageTableReads {
  /** Writes a new record; throws ImageAlreadyExistsError rather than overwrite one. */
  createImage(record: UploadedImageRecord): Promise<void>;
}

export class ImageAlreadyExistsError extends Error {
  override readonly name = "ImageAlreadyExistsError";
  constructor(imageId: string) {
    super(`image ${imageId} already exists`);
  }
}
