import { DeleteCommand, QueryCommand, TransactWriteCommand } from "@aws-sdk/lib-dynamodb";
import {
  type ImageRecordInput,
  imagePartitionKey,
  labelItems,
  TABLE_ATTRIBUTES,
  toImageItem,
} from "@darkroom/image-record";
import { DynamoImageReads } from "@darkroom/image-record/dynamodb";
import type { ImageTable } from "./image-table.repository.ts";

/** The images table in DynamoDB: image-record's shared reads, and the admin's writes. */
export class DynamoImageTable extends DynamoImageReads implements ImageTable {
  async putImage(record: ImageRecordInput): Promise<void> {
    const image = { Put: { TableName: this.tableName, Item: toImageItem(record) } };
    const labels = labelItems(record).map((item) => ({ Put: { TableName: this.tableName, Item: item } }));
    await this.db.send(new TransactWriteCommand({ TransactItems: [image, ...labels] }));
  }

  async deleteImage(imageId: string): Promise<void> {
    // Every item of the image's partition: the image item and its label items.
    let start: Record<string, unknown> | undefined;
    do {
      const page = await this.db.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: "#pk = :pk",
          ExpressionAttributeNames: { "#pk": TABLE_ATTRIBUTES.pk, "#sk": TABLE_ATTRIBUTES.sk },
          ExpressionAttributeValues: { ":pk": imagePartitionKey(imageId) },
          ProjectionExpression: "#pk, #sk",
          ExclusiveStartKey: start,
        }),
      );
      await Promise.all(
        (page.Items ?? []).map((key) =>
          this.db.send(new DeleteCommand({ TableName: this.tableName, Key: key })),
        ),
      );
      start = page.LastEvaluatedKey;
    } while (start !== undefined);
  }
}
