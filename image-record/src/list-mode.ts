import type { ImageStatus } from "./image-status.ts";
import type { InputFormat } from "./input-formats.ts";
import {
  ALL_IMAGES_PARTITION,
  formatPartition,
  IMAGE_ITEM_SK,
  imagePartitionKey,
  labelItemSortKey,
  labelPartition,
  statusPartition,
  TABLE_ATTRIBUTES,
  TABLE_INDEXES,
} from "./table-layout.ts";

/** The listings: all images, images with a status, a (normalised) label, or a detected format. */
export type ListMode =
  | { kind: "all" }
  | { kind: "status"; status: ImageStatus }
  | { kind: "label"; label: string }
  | { kind: "format"; format: InputFormat };

/** Where a listing reads: an index and one of its partitions. */
export interface ListIndex {
  indexName: string;
  partitionAttribute: string;
  sortAttribute: string;
  partition: string;
}

export function listIndex(mode: ListMode): ListIndex {
  const gsi1 = {
    indexName: TABLE_INDEXES.gsi1,
    partitionAttribute: TABLE_ATTRIBUTES.gsi1pk,
    sortAttribute: TABLE_ATTRIBUTES.gsi1sk,
  };
  switch (mode.kind) {
    case "all":
      return { ...gsi1, partition: ALL_IMAGES_PARTITION };
    case "label":
      return { ...gsi1, partition: labelPartition(mode.label) };
    case "status":
      return {
        indexName: TABLE_INDEXES.gsi2,
        partitionAttribute: TABLE_ATTRIBUTES.gsi2pk,
        sortAttribute: TABLE_ATTRIBUTES.gsi2sk,
        partition: statusPartition(mode.status),
      };
    case "format":
      return {
        indexName: TABLE_INDEXES.gsi3,
        partitionAttribute: TABLE_ATTRIBUTES.gsi3pk,
        sortAttribute: TABLE_ATTRIBUTES.gsi3sk,
        partition: formatPartition(mode.format),
      };
  }
}

/**
 * The LastEvaluatedKey of a listing whose last item had this image id and list sort key:
 * the table's key of that item plus the index's key.
 */
export function listPosition(mode: ListMode, imageId: string, sortKey: string): Record<string, string> {
  const index = listIndex(mode);
  const sk = mode.kind === "label" ? labelItemSortKey(mode.label) : IMAGE_ITEM_SK;
  return {
    [TABLE_ATTRIBUTES.pk]: imagePartitionKey(imageId),
    [TABLE_ATTRIBUTES.sk]: sk,
    [index.partitionAttribute]: index.partition,
    [index.sortAttribute]: sortKey,
  };
}
