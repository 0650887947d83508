import {
  BatchGetCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  QueryCommand,
} from "@aws-sdk/lib-dynamodb";
import type { ImageRecord } from "../image-record.ts";
import type { ListQuery } from "../list-query.ts";
import { fromImageItem, fromLabelItem, type LabelItem } from "../table-items.ts";
import { imageItemKey } from "../table-layout.ts";
import { batchGetAll } from "./batch-get.ts";
import type { ImageTableReads, Page } from "./image-table-reads.ts";

/**
 * The images table's shared reads in DynamoDB (GetItem, a listing's Query, BatchGetItem); the
 * API's and the admin backend's repositories extend it with their own writes.
 */
export class DynamoImageReads implements ImageTableReads {
  protected readonly db: DynamoDBDocumentClient;
  protected readonly tableName: string;

  /** `db` as imageTableClient makes it: plain JS values, undefined fields left out. */
  constructor(tableName: string, db: DynamoDBDocumentClient) {
    this.tableName = tableName;
    this.db = db;
  }

  async getImage(imageId: string): Promise<ImageRecord | undefined> {
    const { Item } = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: imageItemKey(imageId) }),
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
      (input) => this.db.send(new BatchGetCommand(input)),
      this.tableName,
      unique.map((id) => ({ ...imageItemKey(id) })),
    );
    const byId = new Map(items.map((item) => fromImageItem(item)).map((record) => [record.imageId, record]));
    return unique.flatMap((id) => byId.get(id) ?? []);
  }

  async #query<T>(query: ListQuery, parse: (item: Record<string, unknown>) => T): Promise<Page<T>> {
    const output = await this.db.send(new QueryCommand({ TableName: this.tableName, ...query }));
    return {
      items: (output.Items ?? []).map(parse),
      ...(output.LastEvaluatedKey ? { lastEvaluatedKey: output.LastEvaluatedKey } : {}),
    };
  }
}
