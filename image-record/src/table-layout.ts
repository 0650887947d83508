import { isImageId } from "./image-id.ts";
import { type ImageStatus, imageStatusSchema } from "./image-status.ts";
import { type InputFormat, inputFormatSchema } from "./input-formats.ts";

/**
 * One DynamoDB table with generic keys, three item kinds:
 *
 *   item              pk           sk              gsi1pk          gsi1sk            gsi2pk          gsi2sk            gsi3pk           gsi3sk
 *   image             IMAGE#<id>   IMAGE           IMAGES          <createdAt>#<id>  STATUS#<status> <createdAt>#<id>  FORMAT#<format>  <createdAt>#<id>
 *   label (PROCESSED) IMAGE#<id>   LABEL#<label>   LABEL#<label>   <createdAt>#<id>  –               –                 –                –
 *   label count       LABELS       LABEL#<label>   –               –                 –               –                 –                –
 *
 * gsi1 lists all images newest first (partition IMAGES) and the images with a label (partition
 * LABEL#<label>); gsi2 lists images by status; gsi3 lists images by detected format (sparse:
 * only images whose format is known, i.e. PROCESSED and most FAILED ones). Every listing is a Query, never a Scan. The sort
 * key `<createdAt>#<id>` is unique and orders by time; ScanIndexForward=false gives newest first.
 * One IMAGES partition caps listing writes at about 1,000 per second, far above the upload rate.
 *
 * A label count item holds how many label items have its label (`count`), kept exact by the
 * transactions that write or delete label items (label-counts.ts); it has no index keys, so no
 * listing meets it, and all of them are one Query of partition LABELS.
 */
export const TABLE_ATTRIBUTES = {
  pk: "pk",
  sk: "sk",
  gsi1pk: "gsi1pk",
  gsi1sk: "gsi1sk",
  gsi2pk: "gsi2pk",
  gsi2sk: "gsi2sk",
  gsi3pk: "gsi3pk",
  gsi3sk: "gsi3sk",
} as const;

export const TABLE_INDEXES = {
  /** All images, and images by label: partition IMAGES or LABEL#<label>. */
  gsi1: "gsi1",
  /** Images by status: partition STATUS#<status>. */
  gsi2: "gsi2",
  /** Images by detected format: partition FORMAT#<format> (the admin console's format filter). */
  gsi3: "gsi3",
} as const;

/**
 * What the infrastructure creates, named as Terraform's aws_dynamodb_table names it. Indexes
 * project ALL attributes, so a listing returns whole records, validated like any read.
 */
export const IMAGE_TABLE_LAYOUT = {
  hashKey: TABLE_ATTRIBUTES.pk,
  rangeKey: TABLE_ATTRIBUTES.sk,
  attributes: Object.values(TABLE_ATTRIBUTES).map((name) => ({ name, type: "S" as const })),
  globalSecondaryIndexes: [
    {
      name: TABLE_INDEXES.gsi1,
      hashKey: TABLE_ATTRIBUTES.gsi1pk,
      rangeKey: TABLE_ATTRIBUTES.gsi1sk,
      projectionType: "ALL" as const,
    },
    {
      name: TABLE_INDEXES.gsi2,
      hashKey: TABLE_ATTRIBUTES.gsi2pk,
      rangeKey: TABLE_ATTRIBUTES.gsi2sk,
      projectionType: "ALL" as const,
    },
    {
      name: TABLE_INDEXES.gsi3,
      hashKey: TABLE_ATTRIBUTES.gsi3pk,
      rangeKey: TABLE_ATTRIBUTES.gsi3sk,
      projectionType: "ALL" as const,
    },
  ],
};

/**
 * The DynamoDB CreateTable input for IMAGE_TABLE_LAYOUT (on demand), as plain data: what the
 * tests' deployers send through the SDK; the infrastructure states the same layout in Terraform.
 */
export function imageTableCreateInput(tableName: string) {
  const layout = IMAGE_TABLE_LAYOUT;
  const keys = (hashKey: string, rangeKey: string) => [
    { AttributeName: hashKey, KeyType: "HASH" as const },
    { AttributeName: rangeKey, KeyType: "RANGE" as const },
  ];
  return {
    TableName: tableName,
    BillingMode: "PAY_PER_REQUEST" as const,
    AttributeDefinitions: layout.attributes.map((a) => ({ AttributeName: a.name, AttributeType: a.type })),
    KeySchema: keys(layout.hashKey, layout.rangeKey),
    GlobalSecondaryIndexes: layout.globalSecondaryIndexes.map((index) => ({
      IndexName: index.name,
      KeySchema: keys(index.hashKey, index.rangeKey),
      Projection: { ProjectionType: index.projectionType },
    })),
  };
}

/**
 * The table's TTL attribute: DynamoDB deletes an item whose `expiresAt` (epoch seconds) has
 * passed. Nothing writes it yet; it is there so expiring items needs no table change.
 */
export const IMAGE_TABLE_TTL_ATTRIBUTE = "expiresAt";

export const IMAGE_ITEM_SK = "IMAGE";
export const ALL_IMAGES_PARTITION = "IMAGES";
/** The partition of the label count items. */
export const LABEL_COUNTS_PARTITION = "LABELS";
/** The partition key prefix of image partitions (the image item and its label items). */
export const IMAGE_KEY_PREFIX = "IMAGE#";
const STATUS_PREFIX = "STATUS#";
/** The sort key prefix of label items and label count items. */
export const LABEL_KEY_PREFIX = "LABEL#";
const FORMAT_PREFIX = "FORMAT#";

export interface ImageItemKey {
  pk: string;
  sk: typeof IMAGE_ITEM_SK;
}

export function imagePartitionKey(imageId: string): string {
  if (!isImageId(imageId)) throw new Error(`invalid image id "${imageId}": expected a ULID`);
  return `${IMAGE_KEY_PREFIX}${imageId}`;
}

/** The key to GetItem, UpdateItem or DeleteItem an image's record. */
export function imageItemKey(imageId: string): ImageItemKey {
  return { pk: imagePartitionKey(imageId), sk: IMAGE_ITEM_SK };
}

/** The list sort key: unique, and ordered by creation time as text (timestamps have fixed width). */
export function listSortKey(createdAt: string, imageId: string): string {
  return `${createdAt}#${imageId}`;
}

export function statusPartition(status: ImageStatus): string {
  return `${STATUS_PREFIX}${imageStatusSchema.parse(status)}`;
}

export function formatPartition(format: InputFormat): string {
  return `${FORMAT_PREFIX}${inputFormatSchema.parse(format)}`;
}

/** `label` must already be normalised (normaliseLabel). */
export function labelPartition(label: string): string {
  return `${LABEL_KEY_PREFIX}${label}`;
}

/** A label item's sort key beside its image: one item per normalised label. */
export function labelItemSortKey(label: string): string {
  return `${LABEL_KEY_PREFIX}${label}`;
}

/** A label count item's key: `label` must already be normalised (normaliseLabel). */
export function labelCountKey(label: string): { pk: typeof LABEL_COUNTS_PARTITION; sk: string } {
  return { pk: LABEL_COUNTS_PARTITION, sk: `${LABEL_KEY_PREFIX}${label}` };
}
