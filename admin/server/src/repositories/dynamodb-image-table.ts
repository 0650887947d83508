import {
  BatchGetCommand,
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  QueryCommand,
  TransactWriteCommand,
} from "@aws-sdk/lib-dynamodb";
import {
  fromImageItem,
  fromLabelItem,
  type ImageRecord,
  type ImageRecordInput,
  imageItemKey,
  imagePartitionKey,
  type LabelItem,
  type ListQuery,
  labelItems,
  TABLE_ATTRIBUTES,
  toImageItem,
} from "@darkroom/image-record";
import { batchGetAll } from "../../../../lambdas/api/src/repositories/batch-get.ts";
import type { ImageTable, Page } from "./image-table.repository.ts";

/** The images table in DynamoDB; every item read goes through image-record's parsers. */
export class DynamoImageTable implements ImageTable {
  readonly #db: DynamoDBDocumentClient;
  readonly #table: string;

  constructor(tableName: string, db: DynamoDBDocumentClient) {
    this.#table = tableName;
    this.#db = db;
  }

  async getImage(imageId: string): Promise<ImageRecord | undefined> {
    const { Item } = await this.#db.send(
      new GetCommand({ TableName: this.#table, Key: imageItemKey(imageId) }),
    );
    return Item === undefined ? undefined : fromImageItem(Item);
  }

  queryImages(query: ListQuery): Promise<Page<ImageRecord>> {
    return this.#query(query, fromImageItem);
  }

  queryLabelItems(query: ListQuery): Promise<Page<LabelItem>> {
    return this.#query(query, fromLabelItem);
  }

  async getImages(imageIds: readonly string[]): Promise<ImageRecord[]> {
    const unique = [...new Set(imageIds)];
    const items = await batchGetAll(
      (input) => this.#db.send(new BatchGetCommand(input)),
      this.#table,
      unique.map((id) => ({ ...imageItemKey(id) })),
    );
    const byId = new Map(items.map((item) => fromImageItem(item)).map((record) => [record.imageId, record]));
    return unique.flatMap((id) => byId.get(id) ?? []);
  }

  async putImage(record: ImageRecordInput): Promise<void> {
    const image = { Put: { TableName: this.#table, Item: toImageItem(record) } };
    const labels = labelItems(record).map((item) => ({ Put: { TableName: this.#table, Item: item } }));
    await this.#db.send(new TransactWriteCommand({ TransactItems: [image, ...labels] }));
  }

  async deleteImage(imageId: string): Promise<void> {
    // Every item of the image's partition: the image item and its label items.
    let start: Record<string, unknown> | undefined;
    do {
      const page = await this.#db.send(
        new QueryCommand({
          TableName: this.#table,
          KeyConditionExpression: "#pk = :pk",
          ExpressionAttributeNames: { "#pk": TABLE_ATTRIBUTES.pk, "#sk": TABLE_ATTRIBUTES.sk },
          ExpressionAttributeValues: { ":pk": imagePartitionKey(imageId) },
          ProjectionExpression: "#pk, #sk",
          ExclusiveStartKey: start,
        }),
      );
      await Promise.all(
        (page.Items ?? []).map((key) =>
          this.#db.send(new DeleteCommand({ TableName: this.#table, Key: key })),
        ),
      );
      start = page.LastEvaluatedKey;
    } while (start !== undefined);
  }

  async #query<T>(query: ListQuery, parse: (item: Record<string, unknown>) => T): Promise<Page<T>> {
    const output = await this.#db.send(new QueryCommand({ TableName: this.#table, ...query }));
    return {
      items: (output.Items ?? []).map(parse),
      ...(output.LastEvaluatedKey ? { lastEvaluatedKey: output.LastEvaluatedKey } : {}),
    };
  }
}
