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

/**
 * The `salt`-th choice for image `i` among `count`: Knuth's multiplicative hash, high bits, so
 * neighbouring images differ and every run seeds the same table.
 */
function choice(i: number, salt: number, count: number): number {
  return ((Math.imul(i * 31 + salt + 1, 2654435761) >>> 16) & 0xffff) % count;
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
  const records: ImageRecord[] = [];
  for (let i = 0; i < options.count; i++) {
    const createdAt = new Date(options.until.getTime() - i * options.spacingMs - choice(i, 1, 1000));
    const labelCount = choice(i, 2, 4);
    const labels = [
      ...new Set(
        Array.from({ length: labelCount }, (_, n) => SEED_LABELS[choice(i, 3 + n, SEED_LABELS.length)]!),
      ),
    ];
    const status = STATUSES[choice(i, 7, STATUSES.length)]!;
    records.push(recordAt(status, createdAt, { format: FORMATS[choice(i, 8, FORMATS.length)]!, labels }));
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
