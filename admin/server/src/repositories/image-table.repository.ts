import type { ImageRecord, ImageRecordInput, LabelItem, ListQuery } from "@darkroom/image-record";

/** One Query's items and DynamoDB's LastEvaluatedKey, when it stopped before the end. */
export interface Page<T> {
  items: T[];
  lastEvaluatedKey?: Record<string, unknown>;
}

/** The images table, as the services see it: records and label items, validated on read. */
export interface ImageTable {
  getImage(imageId: string): Promise<ImageRecord | undefined>;
  /** One Query on a listing index whose items are image items (all, status, format). */
  queryImages(query: ListQuery): Promise<Page<ImageRecord>>;
  /** One Query on a label partition of gsi1; its items are label items. */
  queryLabelItems(query: ListQuery): Promise<Page<LabelItem>>;
  /** The records of these ids that exist, in the order given. */
  getImages(imageIds: readonly string[]): Promise<ImageRecord[]>;
  /** Writes the record with its index keys and label items (as the processor does). */
  putImage(record: ImageRecordInput): Promise<void>;
  /** The image item and every label item of the image. */
  deleteImage(imageId: string): Promise<void>;
}
