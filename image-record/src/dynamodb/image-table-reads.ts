import type { ImageRecord } from "../image-record.ts";
import type { ListQuery } from "../list-query.ts";
import type { LabelItem } from "../table-items.ts";

/** One Query's items and DynamoDB's LastEvaluatedKey, when it stopped before the end. */
export interface Page<T> {
  items: T[];
  lastEvaluatedKey?: Record<string, unknown>;
}

/**
 * The reads every user of the images table makes (the public API and the admin backend): items
 * validated by image-record's parsers. Each side's repository adds its own writes.
 */
export interface ImageTableReads {
  getImage(imageId: string): Promise<ImageRecord | undefined>;
  /** One Query on a listing index whose items are image items (all, status, format). */
  queryImages(query: ListQuery): Promise<Page<ImageRecord>>;
  /** One Query on a label partition of gsi1; its items are label items. */
  queryLabelItems(query: ListQuery): Promise<Page<LabelItem>>;
  /** The records of these ids that exist, in the order given (duplicates once). */
  getImages(imageIds: readonly string[]): Promise<ImageRecord[]>;
}
