import type { ImageRecord, LabelItem, ListQuery, UploadedImageRecord } from "@darkroom/image-record";

/** One page of a Query: its items and DynamoDB's LastEvaluatedKey when it stopped early. */
export interface Page<T> {
  items: T[];
  lastEvaluatedKey?: Record<string, unknown>;
}

/** The image table, as the API uses it. Items are validated records or label items. */
export interface ImageRepository {
  /** Writes a new record; throws ImageAlreadyExistsError rather than overwrite one. */
  createImage(record: UploadedImageRecord): Promise<void>;
  getImage(imageId: string): Promise<ImageRecord | undefined>;
  /** A page of the all-images or a status listing (image items). */
  listImages(query: ListQuery): Promise<Page<ImageRecord>>;
  /** A page of a label listing (label items). */
  listLabelItems(query: ListQuery): Promise<Page<LabelItem>>;
  /** The records of these images, in this order; ids without a record are left out. */
  getImages(imageIds: readonly string[]): Promise<ImageRecord[]>;
}

export class ImageAlreadyExistsError extends Error {
  override readonly name = "ImageAlreadyExistsError";
  constructor(imageId: string) {
    super(`image ${imageId} already exists`);
  }
}
