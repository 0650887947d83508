import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { fromLabelCountItem, type LabelCount } from "../label-counts.ts";
import { LABEL_COUNTS_PARTITION, TABLE_ATTRIBUTES } from "../table-layout.ts";
import { queryAll } from "./query-all.ts";

/**
 * Every label count item: one Query of partition LABELS, page after page (about 16,000 counts
 * fit in one 1 MB page). Counts at 0 or below are included; readers choose what to show.
 */
export async function readLabelCounts(db: DynamoDBDocumentClient, tableName: string): Promise<LabelCount[]> {
  const items = await queryAll(db, {
    TableName: tableName,
    KeyConditionExpression: "#pk = :pk",
    ExpressionAttributeNames: { "#pk": TABLE_ATTRIBUTES.pk },
    ExpressionAttributeValues: { ":pk": LABEL_COUNTS_PARTITION },
  });
  return items.map(fromLabelCountItem);
}
