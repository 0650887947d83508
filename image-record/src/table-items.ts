import { z } from "zod";
import { imageIdSchema } from "./image-id.ts";
import {
  type ImageRecord,
  type ImageRecordInput,
  parseImageRecord,
  parseStoredImageRecord,
} from "./image-record.ts";
import { normaliseLabel } from "./labels.ts";
import { timestampSchema } from "./record-fields.ts";
import {
  ALL_IMAGES_PARTITION,
  formatPartition,
  IMAGE_ITEM_SK,
  imageItemKey,
  imagePartitionKey,
  labelItemSortKey,
  labelPartition,
  listSortKey,
  statusPartition,
  TABLE_ATTRIBUTES,
} from "./table-layout.ts";

/** The image item: the record's attributes plus its table and index keys. */
// A type, not an interface, so items stay assignable to the SDK's Record<string, …>.
export type ImageItemKeys = {
  pk: string;
  sk: typeof IMAGE_ITEM_SK;
  gsi1pk: typeof ALL_IMAGES_PARTITION;
  gsi1sk: string;
  gsi2pk: string;
  gsi2sk: string;
  /** Only when the format is known (PROCESSED, and FAILED after detection): gsi3 is sparse. */
  gsi3pk?: string;
  gsi3sk?: string;
};
export type ImageItem = ImageRecord & ImageItemKeys;

function imageItemKeys(record: ImageRecord): ImageItemKeys {
  const sortKey = listSortKey(record.createdAt, record.imageId);
  const format = "format" in record ? record.format : undefined;
  return {
    ...imageItemKey(record.imageId),
    gsi1pk: ALL_IMAGES_PARTITION,
    gsi1sk: sortKey,
    gsi2pk: statusPartition(record.status),
    gsi2sk: sortKey,
    ...(format !== undefined ? { gsi3pk: formatPartition(format), gsi3sk: sortKey } : {}),
  };
}

/** gsi3 came after the first deployments: items written before it lack its keys and still read. */
const KEYS_ADDED_LATER: ReadonlySet<string> = new Set([TABLE_ATTRIBUTES.gsi3pk, TABLE_ATTRIBUTES.gsi3sk]);

/**
 * The item to PutItem, validated first. Put the whole item when the status changes: gsi2pk
 * follows the status, and an UpdateItem that sets one without the other misfiles the image.
 */
export function toImageItem(record: ImageRecordInput): ImageItem {
  const valid = parseImageRecord(record);
  return { ...valid, ...imageItemKeys(valid) };
}

/** The record in an image item read back: validated, its keys checked against it and dropped. */
export function fromImageItem(item: Record<string, unknown>): ImageRecord {
  if (item[TABLE_ATTRIBUTES.sk] !== IMAGE_ITEM_SK) {
    throw new Error(
      `not an image item: sk is ${JSON.stringify(item[TABLE_ATTRIBUTES.sk])}, not "${IMAGE_ITEM_SK}"`,
    );
  }
  const record = parseStoredImageRecord(item);
  const expected = imageItemKeys(record);
  for (const [attribute, value] of Object.entries(expected)) {
    if (item[attribute] === undefined && KEYS_ADDED_LATER.has(attribute)) continue;
    if (item[attribute] !== value) {
      throw new Error(
        `image item ${record.imageId} has ${attribute} ${JSON.stringify(item[attribute])}, ` +
          `but its record needs ${JSON.stringify(value)}`,
      );
    }
  }
  return record;
}

/** One per label of a PROCESSED image, so a label listing is a Query on gsi1. */
export const labelItemSchema = z.object({
  pk: z.string(),
  sk: z.string(),
  gsi1pk: z.string(),
  gsi1sk: z.string(),
  imageId: imageIdSchema,
  /** The label's normalised name, as in the keys; `name` is Rekognition's spelling. */
  label: z.string().min(1),
  name: z.string().min(1),
  confidence: z.number().min(0).max(100),
  createdAt: timestampSchema,
});
export type LabelItem = z.infer<typeof labelItemSchema>;

function labelItem(record: ImageRecord, name: string, confidence: number): LabelItem {
  const label = normaliseLabel(name);
  return {
    pk: imagePartitionKey(record.imageId),
    sk: labelItemSortKey(label),
    gsi1pk: labelPartition(label),
    gsi1sk: listSortKey(record.createdAt, record.imageId),
    imageId: record.imageId,
    label,
    name,
    confidence,
    createdAt: record.createdAt,
  };
}

/**
 * How many of a record's labels get label items (its surest ones): an image is listed and
 * counted under at most this many labels. Replacing label items with their counts takes one
 * transaction of 1 (the image) + 1 per kept label + 2 per new or removed one (the item and its
 * count), so 24 labels replaced by 24 others is 97 items, within DynamoDB's 100. The processor
 * asks Rekognition for 20 labels, so the cap does not bite today.
 */
export const MAX_LABEL_ITEMS = 24;

/**
 * The label items a record calls for: one per label (the MAX_LABEL_ITEMS surest) once
 * PROCESSED, none otherwise. Written with the image item and the label counts in one
 * transaction (see the dynamodb entry's label-writes.ts), which also deletes the stored label
 * items the record no longer has.
 */
export function labelItems(record: ImageRecordInput): LabelItem[] {
  const valid = parseImageRecord(record);
  if (valid.status !== "PROCESSED") return [];
  return [...valid.labels]
    .sort((a, b) => b.confidence - a.confidence)
    .slice(0, MAX_LABEL_ITEMS)
    .map((label) => labelItem(valid, label.name, label.confidence));
}

/** A label item from a label listing, validated and its keys checked against its content. */
export function fromLabelItem(item: Record<string, unknown>): LabelItem {
  const result = labelItemSchema.safeParse(item);
  if (!result.success) throw new Error(`invalid label item:\n${z.prettifyError(result.error)}`);
  const parsed = result.data;
  const expected = {
    pk: imagePartitionKey(parsed.imageId),
    sk: labelItemSortKey(parsed.label),
    gsi1pk: labelPartition(parsed.label),
    gsi1sk: listSortKey(parsed.createdAt, parsed.imageId),
  };
  for (const [attribute, value] of Object.entries(expected)) {
    if (parsed[attribute as keyof typeof expected] !== value) {
      throw new Error(
        `label item of ${parsed.imageId} has ${attribute} "${parsed[attribute as keyof typeof expected]}", not "${value}"`,
      );
    }
  }
  if (normaliseLabel(parsed.name) !== parsed.label) {
    throw new Error(
      `label item of ${parsed.imageId}: "${parsed.name}" does not normalise to "${parsed.label}"`,
    );
  }
  return parsed;
}
