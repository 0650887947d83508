import { BatchWriteCommand, type DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { type ImageRecord, labelItems, toImageItem } from "@darkroom/image-record";
import { recordAt } from "../test/support/records.ts";

/** Labels drawn for the seeded images; the bench filters on the first. */
export const SEED_LABELS = [
  "Cat",
  "Dog",
  "Person",
  "Car",
  "Tree",
  "Building",
  "Food",
  "Beach",
  "Mountain",
  "Flower",
];
const STATUSES = ["PROCESSED", "PROCESSED", "PROCESSED", "FAILED", "UPLOADED", "PROCESSING"] as const;
const FORMATS = ["jpeg", "png", "webp"] as const;
/** BatchWriteItem's own cap. */
const BATCH = 25;
const PARALLEL_BATCHES = 4;

/** A fixed-seed generator (mulberry32): every run seeds the same table. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface SeededTable {
  records: ImageRecord[];
  items: number;
  /** The creation times span [first, last]. */
  first: Date;
  last: Date;
}

/**
 * `count` valid image records, newest at `until`, one every `spacingMs` give or take, in the
 * statuses, formats and labels of a real gallery (half PROCESSED, with 0-3 labels each), written
 * with their label items as the processor writes them (toImageItem, labelItems) by BatchWrite.
 */
export async function seedImages(
  db: DynamoDBDocumentClient,
  tableName: string,
  options: { count: number; until: Date; spacingMs: number },
): Promise<SeededTable> {
  const next = random(20261123);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)]!;
  const records: ImageRecord[] = [];
  for (let i = 0; i < options.count; i++) {
    const createdAt = new Date(options.until.getTime() - i * options.spacingMs - Math.floor(next() * 1000));
    const labels = [...new Set(Array.from({ length: Math.floor(next() * 4) }, () => pick(SEED_LABELS)))];
    records.push(recordAt(pick(STATUSES), createdAt, { format: pick(FORMATS), labels }));
  }
  const items = records.flatMap((record) => [toImageItem(record), ...labelItems(record)]);
  const batches: (typeof items)[] = [];
  for (let i = 0; i < items.length; i += BATCH) batches.push(items.slice(i, i + BATCH));
  const workers = Array.from({ length: PARALLEL_BATCHES }, async () => {
    for (let batch = batches.shift(); batch; batch = batches.shift()) await writeBatch(db, tableName, batch);
  });
  await Promise.all(workers);
  const times = records.map((r) => Date.parse(r.createdAt));
  return {
    records,
    items: items.length,
    first: new Date(Math.min(...times)),
    last: new Date(Math.max(...times)),
  };
}

/** One BatchWriteItem, again with whatever it left unprocessed until nothing is left. */
async function writeBatch(db: DynamoDBDocumentClient, tableName: string, items: object[]): Promise<void> {
  let requests = items.map((Item) => ({ PutRequest: { Item: Item as Record<string, unknown> } }));
  for (let attempt = 0; requests.length > 0; attempt++) {
    if (attempt > 10) throw new Error(`BatchWriteItem left ${requests.length} items unprocessed 10 times`);
    const answer = await db.send(new BatchWriteCommand({ RequestItems: { [tableName]: requests } }));
    requests = (answer.UnprocessedItems?.[tableName] ?? []).flatMap((r) =>
      r.PutRequest?.Item ? [{ PutRequest: { Item: r.PutRequest.Item } }] : [],
    );
  }
}
