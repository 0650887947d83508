import {
  fromImageItem,
  fromLabelCountItem,
  fromLabelItem,
  type ImageRecord,
  type ImageRecordInput,
  LABEL_COUNTS_PARTITION,
  type LabelCount,
  type LabelItem,
  type ListQuery,
  labelCountKey,
  labelItems,
  meetsExpectation,
  toImageItem,
  toLabelCountItem,
  unchangedExpectation,
} from "@darkroom/image-record";
import type { Page } from "@darkroom/image-record/dynamodb";
import type { Repositories } from "../../src/app/admin-context.ts";
import {
  type FunctionLogs,
  type IngestedLogEvent,
  type LogEvent,
  type LogFilter,
  type LogPage,
  type LogPageRequest,
  LogQueryError,
} from "../../src/repositories/function-logs.repository.ts";
import type { ImageTable, LabelTally } from "../../src/repositories/image-table.repository.ts";
import type { BucketRole, ObjectStore } from "../../src/repositories/object-store.repository.ts";
import type { PlatformStatus } from "../../src/repositories/platform-status.repository.ts";
import type { ProcessorInvoker } from "../../src/repositories/processor-invoker.repository.ts";
import type { UploadApi, UploadApiResponse } from "../../src/repositories/upload-api.repository.ts";
import { FakeAlarms, FakeAlertInbox } from "./alarm-fakes.ts";
import { FakeMetricData, FakeUsageSources } from "./observability-fakes.ts";

type Item = Record<string, unknown>;

/**
 * The images table in memory, answering the same Query inputs DynamoDB gets: it parses the key
 * condition the services build (partition equality, then BETWEEN / >= / <= on the sort key),
 * so the listings' index choice and ranges are exercised, not assumed. Queries are recorded.
 * Label items and label count items follow the DynamoDB table's rules (image-record's
 * writeImageWithLabels): a PROCESSING record keeps its label items, others replace them.
 */
export class FakeImageTable implements ImageTable {
  readonly items = new Map<string, Item>();
  readonly queries: ListQuery[] = [];

  async getImage(imageId: string): Promise<ImageRecord | undefined> {
    const item = this.items.get(`IMAGE#${imageId}\nIMAGE`);
    return item === undefined ? undefined : fromImageItem(item);
  }

  async queryImages(query: ListQuery): Promise<Page<ImageRecord>> {
    return this.#query(query, fromImageItem);
  }

  async queryLabelItems(query: ListQuery): Promise<Page<LabelItem>> {
    return this.#query(query, fromLabelItem);
  }

  async getImages(imageIds: readonly string[]): Promise<ImageRecord[]> {
    const records = await Promise.all(imageIds.map((id) => this.getImage(id)));
    return records.flatMap((r) => r ?? []);
  }

  async putImage(record: ImageRecordInput): Promise<void> {
    const image = toImageItem(record);
    this.items.set(`${image.pk}\n${image.sk}`, image);
    if (record.status === "PROCESSING") return;
    const next = labelItems(record);
    for (const stored of this.#labelItemsOf(record.imageId)) {
      if (next.some((item) => item.label === stored.label)) continue;
      this.items.delete(`${stored.pk}\n${stored.sk}`);
      this.#count(stored, -1);
    }
    for (const item of next) {
      if (!this.items.has(`${item.pk}\n${item.sk}`)) this.#count(item, 1);
      this.items.set(`${item.pk}\n${item.sk}`, item);
    }
  }

  async deleteImage(imageId: string): Promise<void> {
    for (const stored of this.#labelItemsOf(imageId)) this.#count(stored, -1);
    for (const key of [...this.items.keys()])
      if (key.startsWith(`IMAGE#${imageId}\n`)) this.items.delete(key);
  }

  async labelCounts(): Promise<LabelCount[]> {
    return [...this.items.values()].filter((i) => i.pk === LABEL_COUNTS_PARTITION).map(fromLabelCountItem);
  }

  async tallyLabelItems(): Promise<LabelTally> {
    const counts = new Map<string, LabelCount>();
    const labels = this.#labelItemsOf();
    for (const item of labels) {
      const seen = counts.get(item.label);
      counts.set(item.label, { label: item.label, name: item.name, count: (seen?.count ?? 0) + 1 });
    }
    return { counts: [...counts.values()], labelItems: labels.length, scannedItems: this.items.size };
  }

  async setLabelCounts(counts: readonly LabelCount[], removed: readonly string[]): Promise<void> {
    for (const count of counts) this.#setItem(toLabelCountItem(count));
    for (const label of removed) this.items.delete(`${LABEL_COUNTS_PARTITION}\n${labelCountKey(label).sk}`);
  }

  /** The processor's write condition, checked by its own in-memory test (meetsExpectation). */
  async replaceImage(current: ImageRecord, next: ImageRecord): Promise<"written" | "conflict"> {
    const stored = await this.getImage(current.imageId);
    if (stored === undefined || !meetsExpectation(stored, unchangedExpectation(current, next)))
      return "conflict";
    await this.putImage(next);
    return "written";
  }

  /** The label items of an image, or of every image. */
  #labelItemsOf(imageId?: string): LabelItem[] {
    return [...this.items.values()]
      .filter((item) => String(item.pk).startsWith("IMAGE#") && String(item.sk).startsWith("LABEL#"))
      .filter((item) => imageId === undefined || item.pk === `IMAGE#${imageId}`)
      .map(fromLabelItem);
  }

  /** ADD delta, as the transactions do: a missing count item starts at 0. */
  #count(item: { label: string; name: string }, delta: 1 | -1): void {
    const key = labelCountKey(item.label);
    const stored = this.items.get(`${key.pk}\n${key.sk}`);
    const count = stored === undefined ? 0 : fromLabelCountItem(stored).count;
    this.#setItem({ ...key, label: item.label, name: item.name, count: count + delta });
  }

  #setItem(item: Item & { pk: string; sk: string }): void {
    this.items.set(`${item.pk}\n${item.sk}`, item);
  }

  #query<T>(query: ListQuery, parse: (item: Item) => T): Page<T> {
    this.queries.push(query);
    const match = /^(\w+) = :partition(?: AND (\w+) (BETWEEN :from AND :to|>= :from|<= :to))?$/.exec(
      query.KeyConditionExpression,
    );
    if (!match) throw new Error(`the fake cannot read ${query.KeyConditionExpression}`);
    const [, partitionAttribute, sortCondition, operator] = match;
    const sortAttribute = sortCondition ?? partitionAttribute!.replace(/pk$/, "sk");
    const values = query.ExpressionAttributeValues;
    const inRange = (sortKey: string) =>
      operator === undefined ||
      ((values[":from"] === undefined || sortKey >= values[":from"]) &&
        (values[":to"] === undefined || sortKey <= values[":to"]));
    const all = [...this.items.values()]
      .filter((item) => item[partitionAttribute!] === values[":partition"])
      .filter((item) => inRange(String(item[sortAttribute])))
      .sort((a, b) => String(b[sortAttribute]).localeCompare(String(a[sortAttribute])));
    const startAfter = query.ExclusiveStartKey?.[sortAttribute];
    const rest =
      startAfter === undefined ? all : all.filter((item) => String(item[sortAttribute]) < startAfter);
    const page = rest.slice(0, query.Limit);
    const more = rest.length > page.length;
    const last = page.at(-1);
    return {
      items: page.map(parse),
      ...(more && last
        ? {
            lastEvaluatedKey: {
              pk: last.pk,
              sk: last.sk,
              [partitionAttribute!]: last[partitionAttribute!],
              [sortAttribute]: last[sortAttribute],
            },
          }
        : {}),
    };
  }
}

/** Objects as key lists per bucket; presigned URLs name what they sign and for how long. */
export class FakeObjectStore implements ObjectStore {
  readonly objects: Record<BucketRole, Set<string>> = { uploads: new Set(), media: new Set() };
  readonly presigned: { bucket: BucketRole; key: string; seconds: number }[] = [];
  /** Each HeadObject asked, in order. */
  readonly heads: { bucket: BucketRole; key: string }[] = [];
  /** Every stored object's size. */
  static readonly BYTES = 1234;

  async head(bucket: BucketRole, key: string): Promise<{ bytes: number } | null> {
    this.heads.push({ bucket, key });
    return this.objects[bucket].has(key) ? { bytes: FakeObjectStore.BYTES } : null;
  }

  async presignGet(bucket: BucketRole, key: string, expiresInSeconds: number): Promise<string> {
    this.presigned.push({ bucket, key, seconds: expiresInSeconds });
    return `https://signed.example/${bucket}/${key}?expires=${expiresInSeconds}`;
  }

  async deleteAllUnder(bucket: BucketRole, prefix: string): Promise<number> {
    const gone = [...this.objects[bucket]].filter((key) => key.startsWith(prefix));
    for (const key of gone) this.objects[bucket].delete(key);
    return gone.length;
  }

  /** The record's original and variants, as an upload and a processing run leave them. */
  storeObjectsOf(record: ImageRecord): void {
    this.objects.uploads.add(record.originalKey);
    if (record.status === "PROCESSED") for (const v of record.variants) this.objects.media.add(v.key);
  }
}

/** Log events per group; `filter` supports the two pattern shapes the services send. */
export class FakeFunctionLogs implements FunctionLogs {
  readonly events = new Map<string, LogEvent[]>();
  readonly filters: LogFilter[] = [];

  async filter(filter: LogFilter): Promise<LogEvent[]> {
    this.filters.push(filter);
    const terms = [...filter.filterPattern.matchAll(/"([^"]+)"/g)].map((m) => m[1]!);
    return (this.events.get(filter.logGroup) ?? [])
      .filter((e) => e.timestamp >= filter.startTime && terms.some((t) => e.message.includes(t)))
      .slice(0, filter.limit);
  }

  /**
   * Pages by position (the token is the next index). Patterns: empty (every event) or quoted
   * terms (any of them); an odd number of quotes is refused as CloudWatch refuses a broken pattern.
   */
  readonly pages: LogPageRequest[] = [];
  async page(request: LogPageRequest): Promise<LogPage> {
    this.pages.push(request);
    if ((request.filterPattern.match(/"/g) ?? []).length % 2 === 1)
      throw new LogQueryError("filterPattern", "Invalid filter pattern");
    const terms = [...request.filterPattern.matchAll(/"([^"]+)"/g)].map((m) => m[1]!);
    const matching = (this.events.get(request.logGroup) ?? [])
      .filter(
        (e) =>
          e.timestamp >= request.startTime &&
          (request.endTime === undefined || e.timestamp <= request.endTime),
      )
      .filter((e) => terms.length === 0 || terms.some((t) => e.message.includes(t)))
      .sort((a, b) => a.timestamp - b.timestamp);
    const from = request.nextToken === undefined ? 0 : Number(request.nextToken);
    if (!Number.isInteger(from)) throw new LogQueryError("nextToken", "The specified nextToken is invalid.");
    const events: IngestedLogEvent[] = matching.slice(from, from + request.limit).map((e, i) => ({
      timestamp: e.timestamp,
      message: e.message,
      logStreamName: e.logStreamName,
      eventId: String(from + i),
      ingestionTime: (e as Partial<IngestedLogEvent>).ingestionTime ?? e.timestamp,
    }));
    const next = from + events.length;
    return next < matching.length ? { events, nextToken: String(next) } : { events };
  }
}

export class FakeProcessor implements ProcessorInvoker {
  /** Reprocess invocations (marked events), in order. */
  readonly invoked: { key: string; bytes: number }[] = [];
  /** Plain ObjectCreated events, as S3 would have sent them, in order. */
  readonly redelivered: { key: string; bytes: number }[] = [];
  async reprocess(object: { key: string; bytes: number }): Promise<void> {
    this.invoked.push(object);
  }
  async redeliver(object: { key: string; bytes: number }): Promise<void> {
    this.redelivered.push(object);
  }
}

export class FakeUploadApi implements UploadApi {
  answer: UploadApiResponse = { status: 500, body: "not set" };
  readonly requests: unknown[] = [];
  async createUpload(request: unknown): Promise<UploadApiResponse> {
    this.requests.push(request);
    return this.answer;
  }
}

export class FakePlatformStatus implements PlatformStatus {
  async resources() {
    return [{ kind: "table" as const, name: "darkroom-images", answers: true }];
  }
  async emulator(endpoint: string) {
    return { url: `${endpoint}/_localstack/health`, reachable: true, health: { edition: "community" } };
  }
}

export function fakeRepositories() {
  return {
    imageTable: new FakeImageTable(),
    objectStore: new FakeObjectStore(),
    functionLogs: new FakeFunctionLogs(),
    processor: new FakeProcessor(),
    uploadApi: new FakeUploadApi(),
    platformStatus: new FakePlatformStatus(),
    metricData: new FakeMetricData(),
    usageSources: new FakeUsageSources(),
    alarms: new FakeAlarms(),
    alertInbox: new FakeAlertInbox(),
  } satisfies Repositories;
}
