import {
  fromImageItem,
  fromLabelItem,
  type ImageRecord,
  imagePartitionKey,
  type LabelItem,
  type ListQuery,
  labelItems,
  toImageItem,
  type UploadedImageRecord,
} from "@darkroom/image-record";
import type { Page } from "@darkroom/image-record/dynamodb";
import { ImageAlreadyExistsError, type ImageRepository } from "../../src/repositories/image-repository.ts";

type Item = Record<string, unknown>;

/**
 * The image table in memory, for routing and validation tests: items as image-record lays
 * them out, Queries answered as DynamoDB answers them on an index (partition match, sort key
 * descending, ExclusiveStartKey, Limit, LastEvaluatedKey when the Limit was reached).
 */
export class InMemoryImageRepository implements ImageRepository {
  readonly items: Item[] = [];
  /** Every Query asked, to check what the listing passed on. */
  readonly queries: ListQuery[] = [];
  readonly batchGets: string[][] = [];

  put(record: ImageRecord): void {
    this.items.push(toImageItem(record), ...labelItems(record));
  }

  async createImage(record: UploadedImageRecord): Promise<void> {
    if (this.items.some((item) => item.pk === imagePartitionKey(record.imageId))) {
      throw new ImageAlreadyExistsError(record.imageId);
    }
    this.put(record);
  }

  async getImage(imageId: string): Promise<ImageRecord | undefined> {
    const item = this.items.find((i) => i.pk === imagePartitionKey(imageId) && i.sk === "IMAGE");
    return item && fromImageItem(item);
  }

  async queryImages(query: ListQuery): Promise<Page<ImageRecord>> {
    return this.#query(query, fromImageItem);
  }

  async queryLabelItems(query: ListQuery): Promise<Page<LabelItem>> {
    return this.#query(query, fromLabelItem);
  }

  async getImages(imageIds: readonly string[]): Promise<ImageRecord[]> {
    this.batchGets.push([...imageIds]);
    const records = await Promise.all(imageIds.map((id) => this.getImage(id)));
    return records.filter((record) => record !== undefined);
  }

  async #query<T>(query: ListQuery, parse: (item: Item) => T): Promise<Page<T>> {
    this.queries.push(query);
    const [partitionAttribute] = query.KeyConditionExpression.split(" = ");
    const sortAttribute = partitionAttribute!.replace(/pk$/, "sk");
    const sortKey = (item: Item) => String(item[sortAttribute]);
    const start = query.ExclusiveStartKey?.[sortAttribute];
    const matching = this.items
      .filter((item) => item[partitionAttribute!] === query.ExpressionAttributeValues[":partition"])
      .sort((a, b) => (sortKey(a) < sortKey(b) ? 1 : -1))
      .filter((item) => start === undefined || sortKey(item) < start);
    const page = matching.slice(0, query.Limit);
    const last = page.at(-1);
    const lastEvaluatedKey =
      page.length === query.Limit && last
        ? {
            pk: last.pk,
            sk: last.sk,
            [partitionAttribute!]: last[partitionAttribute!],
            [sortAttribute]: last[sortAttribute],
          }
        : undefined;
    return { items: page.map(parse), ...(lastEvaluatedKey ? { lastEvaluatedKey } : {}) };
  }
}
