import type { ImageRecord } from "./image-record.ts";
import { parseImageRecord } from "./image-record.ts";

/**
 * One DynamoDB table, one item per image, keyed by imageId alone: every access is by id except
 * listing. Listing newest-first uses the GSI "byCreatedAt", whose partition key is the same
 * constant on every item and whose sort key is `<createdAt>#<imageId>` (unique, time-ordered).
 * A single list partition caps listing writes at about 1,000 per second, far above an image
 * pipeline's upload rate, and keeps pagination a plain Query with ExclusiveStartKey.
 */
export const IMAGE_TABLE = {
  partitionKey: "imageId",
  listIndex: {
    name: "byCreatedAt",
    partitionKey: "listPartition",
    sortKey: "listSortKey",
  },
} as const;

export const LIST_PARTITION = "images";

export interface ImageTableKey {
  imageId: string;
}

export interface ListIndexKey {
  imageId: string;
  listPartition: typeof LIST_PARTITION;
  listSortKey: string;
}

export type ImageItem = ImageRecord & Omit<ListIndexKey, "imageId">;

export function imageTableKey(imageId: string): ImageTableKey {
  return { imageId };
}

export function listSortKey(createdAt: string, imageId: string): string {
  return `${createdAt}#${imageId}`;
}

/** The item to put: the record plus its list-index attributes. */
export function toImageItem(record: ImageRecord): ImageItem {
  return {
    ...record,
    listPartition: LIST_PARTITION,
    listSortKey: listSortKey(record.createdAt, record.imageId),
  };
}

/** The record in an item read back (index attributes dropped); throws if the item is not valid. */
export function fromImageItem(item: Record<string, unknown>): ImageRecord {
  return parseImageRecord(item);
}
