import { TransactionCanceledException } from "@aws-sdk/client-dynamodb";
import {
  type DynamoDBDocumentClient,
  PutCommand,
  TransactWriteCommand,
  type TransactWriteCommandInput,
} from "@aws-sdk/lib-dynamodb";
import { z } from "zod";
import type { ImageRecordInput } from "../image-record.ts";
import { type LabelItem, labelItems, toImageItem } from "../table-items.ts";
import {
  imagePartitionKey,
  LABEL_KEY_PREFIX,
  labelCountKey,
  labelItemSortKey,
  TABLE_ATTRIBUTES,
} from "../table-layout.ts";
import { queryAll } from "./query-all.ts";

export type TransactItem = NonNullable<TransactWriteCommandInput["TransactItems"]>[number];

/** DynamoDB's cap on the operations of one TransactWriteItems. */
export const MAX_TRANSACTION_ITEMS = 100;

/** A condition on a Put, as image-record's transitionCondition gives it. */
export interface WriteCondition {
  ConditionExpression: string;
  ExpressionAttributeNames?: Record<string, string>;
  ExpressionAttributeValues?: Record<string, unknown>;
}

/** A label item stored beside an image, as much of it as its writers need. */
export interface StoredLabel {
  /** Normalised, as in its key. */
  label: string;
  /** Rekognition's spelling. */
  name: string;
}

const storedLabelSchema = z.object({ label: z.string().min(1), name: z.string().min(1) });

/** The label items stored beside the image now (a consistent read: the writes below depend on it). */
export async function storedLabels(
  db: DynamoDBDocumentClient,
  tableName: string,
  imageId: string,
): Promise<StoredLabel[]> {
  const items = await queryAll(db, {
    TableName: tableName,
    KeyConditionExpression: "#pk = :pk AND begins_with(#sk, :label)",
    ExpressionAttributeNames: {
      "#pk": TABLE_ATTRIBUTES.pk,
      "#sk": TABLE_ATTRIBUTES.sk,
      "#label": "label",
      "#name": "name",
    },
    ExpressionAttributeValues: { ":pk": imagePartitionKey(imageId), ":label": LABEL_KEY_PREFIX },
    ProjectionExpression: "#label, #name",
    ConsistentRead: true,
  });
  return items.map((item) => storedLabelSchema.parse(item));
}

/**
 * ADD `delta` to a label's count. A count item missing (the first of its label, or a table
 * written before counts existed) is created by the ADD; its spelling comes with it.
 */
export function labelCountChange(tableName: string, label: StoredLabel, delta: 1 | -1): TransactItem {
  return {
    Update: {
      TableName: tableName,
      Key: labelCountKey(label.label),
      UpdateExpression: `ADD #count :delta SET #label = :label, #name = ${delta > 0 ? ":name" : "if_not_exists(#name, :name)"}`,
      ExpressionAttributeNames: { "#count": "count", "#label": "label", "#name": "name" },
      ExpressionAttributeValues: { ":delta": delta, ":label": label.label, ":name": label.name },
    },
  };
}

const exists = {
  ConditionExpression: "attribute_exists(#pk)",
  ExpressionAttributeNames: { "#pk": TABLE_ATTRIBUTES.pk },
};
const absent = {
  ConditionExpression: "attribute_not_exists(#pk)",
  ExpressionAttributeNames: { "#pk": TABLE_ATTRIBUTES.pk },
};

/**
 * The operations that bring an image's label items from `stored` (as read) to `next`, with the
 * counts: a new item +1, a removed one −1, a kept one rewritten as is. Each item operation is
 * conditioned on what was read (new: absent; kept and removed: present), so if anything changed
 * in between the transaction is cancelled instead of counting twice or not at all.
 */
export function labelItemWrites(
  tableName: string,
  imageId: string,
  next: readonly LabelItem[],
  stored: readonly StoredLabel[],
): TransactItem[] {
  const had = new Set(stored.map((s) => s.label));
  const keeps = new Set(next.map((item) => item.label));
  const writes: TransactItem[] = [];
  for (const item of next) {
    const isNew = !had.has(item.label);
    writes.push({ Put: { TableName: tableName, Item: item, ...(isNew ? absent : exists) } });
    if (isNew) writes.push(labelCountChange(tableName, item, 1));
  }
  for (const label of stored.filter((s) => !keeps.has(s.label))) {
    const key = { pk: imagePartitionKey(imageId), sk: labelItemSortKey(label.label) };
    writes.push({ Delete: { TableName: tableName, Key: key, ...exists } });
    writes.push(labelCountChange(tableName, label, -1));
  }
  return writes;
}

/** Tries at a transaction that other transactions on the same items (a busy label count) cancelled. */
export const MAX_CONFLICT_ATTEMPTS = 4;
const CONFLICT_BASE_DELAY_MS = 20;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Cancelled only because another transaction held an item: nothing was written, and nothing we read was wrong. */
function isConflictOnly(error: unknown): boolean {
  if (!(error instanceof TransactionCanceledException)) return false;
  const codes = (error.CancellationReasons ?? []).map((reason) => reason.Code);
  return (
    codes.includes("TransactionConflict") && codes.every((c) => c === "TransactionConflict" || c === "None")
  );
}

/**
 * Runs `write` (a read, then a transaction) again, after a jittered backoff, when DynamoDB
 * cancelled it for a conflict with another transaction: every image with a common label writes
 * its count item, so a busy label makes these likely, and retrying the write here is far cheaper
 * than failing the processor's whole run.
 */
export async function retryConflicts<T>(
  write: () => Promise<T>,
  delay: (ms: number) => Promise<unknown> = sleep,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await write();
    } catch (error) {
      if (!isConflictOnly(error) || attempt >= MAX_CONFLICT_ATTEMPTS) throw error;
      await delay(CONFLICT_BASE_DELAY_MS * 2 ** (attempt - 1) * (0.5 + Math.random() / 2));
    }
  }
}

/**
 * Writes an image record (PutItem, under `condition`) with its label items and their counts in
 * one transaction. A PROCESSING record keeps the label items of the last result (re-processing
 * does not take an image out of its labels' listings until it ends): a plain Put. Otherwise
 * the stored label items are read and replaced by labelItems(record) (none when FAILED).
 * A conflict with another transaction is tried again (retryConflicts); otherwise it throws the
 * SDK's errors: ConditionalCheckFailedException for a plain Put, TransactionCanceledException
 * (with its reasons) for a transaction.
 */
export async function writeImageWithLabels(
  db: DynamoDBDocumentClient,
  tableName: string,
  record: ImageRecordInput,
  condition?: WriteCondition,
): Promise<void> {
  const image = { TableName: tableName, Item: toImageItem(record), ...condition };
  if (record.status === "PROCESSING") {
    await db.send(new PutCommand(image));
    return;
  }
  await retryConflicts(async () => {
    const stored = await storedLabels(db, tableName, record.imageId);
    const labels = labelItemWrites(tableName, record.imageId, labelItems(record), stored);
    if (labels.length === 0) {
      await db.send(new PutCommand(image));
      return;
    }
    const items: TransactItem[] = [{ Put: image }, ...labels];
    if (items.length > MAX_TRANSACTION_ITEMS) {
      // Only label items written before MAX_LABEL_ITEMS existed can get here.
      throw new Error(
        `writing image ${record.imageId} with its labels takes ${items.length} operations, more than ` +
          `one transaction's ${MAX_TRANSACTION_ITEMS}: it has ${stored.length} stored label items`,
      );
    }
    await db.send(new TransactWriteCommand({ TransactItems: items }));
  });
}
