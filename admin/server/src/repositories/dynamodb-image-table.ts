import { ConditionalCheckFailedException, TransactionCanceledException } from "@aws-sdk/client-dynamodb";
import { DeleteCommand, PutCommand, ScanCommand, TransactWriteCommand } from "@aws-sdk/lib-dynamodb";
import {
  conditionFor,
  IMAGE_KEY_PREFIX,
  type ImageRecord,
  type ImageRecordInput,
  imageItemKey,
  LABEL_KEY_PREFIX,
  type LabelCount,
  labelCountKey,
  TABLE_ATTRIBUTES,
  toLabelCountItem,
  unchangedExpectation,
} from "@darkroom/image-record";
import {
  DynamoImageReads,
  labelItemWrites,
  MAX_TRANSACTION_ITEMS,
  readLabelCounts,
  storedLabels,
  writeImageWithLabels,
} from "@darkroom/image-record/dynamodb";
import { z } from "zod";
import type { ImageTable, LabelTally } from "./image-table.repository.ts";

/** Label items deleted per transaction: two operations each (the item, its count), plus the image. */
const LABELS_PER_DELETE = Math.floor((MAX_TRANSACTION_ITEMS - 1) / 2);
/** Cancelled deletions (another writer got there first) before giving up. */
const MAX_DELETE_CONFLICTS = 5;
/** Count writes in flight during a recount. */
const RECOUNT_PARALLELISM = 16;

const scannedLabelSchema = z.object({ label: z.string().min(1), name: z.string().min(1) });

/** A transaction that met another writer's change (a condition it read no longer holds) or write. */
function isCancelledByAnotherWriter(error: unknown): boolean {
  return (
    error instanceof TransactionCanceledException &&
    (error.CancellationReasons ?? []).some(
      (reason) => reason.Code === "ConditionalCheckFailed" || reason.Code === "TransactionConflict",
    )
  );
}

/** The images table in DynamoDB: image-record's shared reads, and the admin's writes. */
export class DynamoImageTable extends DynamoImageReads implements ImageTable {
  putImage(record: ImageRecordInput): Promise<void> {
    return writeImageWithLabels(this.db, this.tableName, record);
  }

  /**
   * The label items with their counts (−1 each, every deletion conditioned on the item being
   * there, so a concurrent second delete is cancelled instead of counting twice), then the
   * image item, in the transaction of the last labels. A cancelled transaction reads again.
   */
  async deleteImage(imageId: string): Promise<void> {
    for (let conflicts = 0; ; ) {
      const labels = await storedLabels(this.db, this.tableName, imageId);
      const batch = labels.slice(0, LABELS_PER_DELETE);
      const last = batch.length === labels.length;
      const image = { Delete: { TableName: this.tableName, Key: imageItemKey(imageId) } };
      const items = [...labelItemWrites(this.tableName, imageId, [], batch), ...(last ? [image] : [])];
      try {
        if (items.length === 1) await this.db.send(new DeleteCommand(image.Delete));
        else await this.db.send(new TransactWriteCommand({ TransactItems: items }));
        if (last) return;
      } catch (error) {
        if (!isCancelledByAnotherWriter(error) || ++conflicts > MAX_DELETE_CONFLICTS) throw error;
      }
    }
  }

  labelCounts(): Promise<LabelCount[]> {
    return readLabelCounts(this.db, this.tableName);
  }

  /**
   * No index holds every label item (gsi1 has one partition per label, and which labels exist is
   * what we are after), so this Scans the table, keeping the items of image partitions whose sort
   * key starts LABEL# (count items share the prefix, in partition LABELS). It reads, and pays
   * for, every item: an explicit admin action for tables written before counts existed.
   */
  async tallyLabelItems(): Promise<LabelTally> {
    const byLabel = new Map<string, LabelCount>();
    let scannedItems = 0;
    let labelItems = 0;
    let start: Record<string, unknown> | undefined;
    do {
      const page = await this.db.send(
        new ScanCommand({
          TableName: this.tableName,
          FilterExpression: "begins_with(#pk, :image) AND begins_with(#sk, :label)",
          ExpressionAttributeNames: {
            "#pk": TABLE_ATTRIBUTES.pk,
            "#sk": TABLE_ATTRIBUTES.sk,
            "#label": "label",
            "#name": "name",
          },
          ExpressionAttributeValues: { ":image": IMAGE_KEY_PREFIX, ":label": LABEL_KEY_PREFIX },
          ProjectionExpression: "#label, #name",
          ExclusiveStartKey: start,
        }),
      );
      scannedItems += page.ScannedCount ?? 0;
      for (const item of page.Items ?? []) {
        const { label, name } = scannedLabelSchema.parse(item);
        labelItems++;
        const seen = byLabel.get(label);
        byLabel.set(label, { label, name: seen?.name ?? name, count: (seen?.count ?? 0) + 1 });
      }
      start = page.LastEvaluatedKey;
    } while (start !== undefined);
    return { counts: [...byLabel.values()], labelItems, scannedItems };
  }

  async setLabelCounts(counts: readonly LabelCount[], removed: readonly string[]): Promise<void> {
    const writes: (() => Promise<unknown>)[] = [
      ...counts.map(
        (count) => () =>
          this.db.send(new PutCommand({ TableName: this.tableName, Item: toLabelCountItem(count) })),
      ),
      ...removed.map(
        (label) => () =>
          this.db.send(new DeleteCommand({ TableName: this.tableName, Key: labelCountKey(label) })),
      ),
    ];
    for (let i = 0; i < writes.length; i += RECOUNT_PARALLELISM) {
      await Promise.all(writes.slice(i, i + RECOUNT_PARALLELISM).map((write) => write()));
    }
  }

  async replaceImage(current: ImageRecord, next: ImageRecord): Promise<"written" | "conflict"> {
    const condition = conditionFor(unchangedExpectation(current, next), next.status);
    try {
      await writeImageWithLabels(this.db, this.tableName, next, condition);
      return "written";
    } catch (error) {
      const failed =
        error instanceof ConditionalCheckFailedException ||
        (error instanceof TransactionCanceledException &&
          (error.CancellationReasons ?? []).some((reason) => reason.Code === "ConditionalCheckFailed"));
      if (failed) return "conflict";
      throw error;
    }
  }
}
