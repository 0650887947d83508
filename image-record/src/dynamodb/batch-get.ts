import type { BatchGetCommandInput, BatchGetCommandOutput } from "@aws-sdk/lib-dynamodb";

type Key = Record<string, unknown>;
export type BatchGetSend = (
  input: BatchGetCommandInput,
) => Promise<Pick<BatchGetCommandOutput, "Responses" | "UnprocessedKeys">>;

/** BatchGetItem takes at most 100 keys per call. */
export const BATCH_GET_MAX_KEYS = 100;
/** Calls per chunk before giving up on keys DynamoDB keeps leaving unprocessed. */
const MAX_ATTEMPTS = 6;
const BASE_DELAY_MS = 25;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Every item of `keys` in one table, asking again for UnprocessedKeys (throttling, the 16 MB
 * response cap) with exponential backoff and jitter, as AWS advises. Order is not kept: callers
 * match items to keys. Throws when keys are still unprocessed after MAX_ATTEMPTS calls.
 */
export async function batchGetAll(
  send: BatchGetSend,
  tableName: string,
  keys: readonly Key[],
  delay: (ms: number) => Promise<unknown> = sleep,
): Promise<Key[]> {
  const items: Key[] = [];
  for (let start = 0; start < keys.length; start += BATCH_GET_MAX_KEYS) {
    let pending = keys.slice(start, start + BATCH_GET_MAX_KEYS);
    for (let attempt = 1; pending.length > 0; attempt++) {
      if (attempt > MAX_ATTEMPTS) {
        throw new Error(`BatchGetItem left ${pending.length} keys unprocessed after ${MAX_ATTEMPTS} calls`);
      }
      if (attempt > 1) await delay(BASE_DELAY_MS * 2 ** (attempt - 2) * (0.5 + Math.random() / 2));
      const output = await send({ RequestItems: { [tableName]: { Keys: pending } } });
      items.push(...(output.Responses?.[tableName] ?? []));
      pending = output.UnprocessedKeys?.[tableName]?.Keys ?? [];
    }
  }
  return items;
}
