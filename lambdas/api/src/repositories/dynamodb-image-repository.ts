import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import {
  BatchGetCommand,
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
} from "@aws-sdk/lib-dynamodb";
import {
  fromImageItem,
  fromLabelItem,
  type ImageRecord,
  imageItemKey,
  type LabelItem,
  type ListQuery,
  TABLE_ATTRIBUTES,
  toImageItem,
  type UploadedImageRecord,
} from "@darkroom/image-record";
import { batchGetAll } from "./batch-get.ts";
import { ImageAlreadyExistsError, type ImageRepository, type Page } from "./image-repository.ts";

/** The image table in DynamoDB; every item read is validated by image-record's parsers. */
export class DynamoImageRepository implements ImageRepository {
  readonly #db: DynamoDBDocumentClient;
  readonly #table: string;

  constructor(tableName: string, db: DynamoDBDocumentClient) {
    this.#db = db;
    this.#table = tableName;
  }

  async createImage(record: UploadedImageRecord): Promise<void> {
    try {
      await this.#db.send(
        new PutCommand({
          TableName: this.#table,
          Item: toImageItem(record),
          // Never overwrite: a second record for an id would lose the first's upload.
          ConditionExpression: "attribute_not_exists(#pk)",
          ExpressionAttributeNames: { "#pk": TABLE_ATTRIBUTES.pk },
        }),
      );
    } catch (error) {
      // By name: instanceof fails when two copies of the SDK are bundled.
      if ((error as Error).name === "ConditionalCheckFailedException") {
        throw new ImageAlreadyExistsError(record.imageId);
      }
      throw error;
    }
  }

  async getImage(imageId: string): Promise<ImageRecord | undefined> {
    const { Item } = await this.#db.send(
      new GetCommand({ TableName: this.#table, Key: imageItemKey(imageId) }),
    );
    return Item === undefined ? undefined : fromImageItem(Item);
  }

  listImages(query: ListQuery): Promise<Page<ImageRecord>> {
    return this.#query(query, fromImageItem);
  }

  listLabelItems(query: ListQuery): Promise<Page<LabelItem>> {
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

  async #query<T>(query: ListQuery, parse: (item: Record<string, unknown>) => T): Promise<Page<T>> {
    const output = await this.#db.send(new QueryCommand({ TableName: this.#table, ...query }));
    return {
      items: (output.Items ?? []).map(parse),
      ...(output.LastEvaluatedKey ? { lastEvaluatedKey: output.LastEvaluatedKey } : {}),
    };
  }
}

/** The document client the repository expects: plain JS values, optional fields left out. */
export function imageTableClient(client: DynamoDBClient): DynamoDBDocumentClient {
  return DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
}
