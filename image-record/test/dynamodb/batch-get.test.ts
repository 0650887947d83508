import type { BatchGetCommandInput } from "@aws-sdk/lib-dynamodb";
import { describe, expect, it } from "vitest";
import { type BatchGetSend, batchGetAll } from "../../src/dynamodb/batch-get.ts";

/**
 * The emulator never leaves keys unprocessed, so this scripts DynamoDB's throttled answers:
 * each call returns the first `served[n]` keys asked and leaves the rest unprocessed.
 */
function scripted(served: number[]) {
  const calls: string[][] = [];
  const send: BatchGetSend = async (input: BatchGetCommandInput) => {
    const keys = input.RequestItems?.t?.Keys ?? [];
    calls.push(keys.map((key) => String(key.pk)));
    const n = served[calls.length - 1] ?? keys.length;
    return {
      Responses: { t: keys.slice(0, n).map((key) => ({ ...key, found: true })) },
      ...(n < keys.length ? { UnprocessedKeys: { t: { Keys: keys.slice(n) } } } : {}),
    };
  };
  return { send, calls };
}

const keys = (n: number) => Array.from({ length: n }, (_, i) => ({ pk: `k${i}`, sk: "IMAGE" }));
const noDelay = async () => {};

describe("batchGetAll", () => {
  it("asks again for UnprocessedKeys until every key is read", async () => {
    const { send, calls } = scripted([1, 0, 1]);
    const items = await batchGetAll(send, "t", keys(3), noDelay);
    expect(items.map((item) => item.pk).sort()).toEqual(["k0", "k1", "k2"]);
    expect(calls).toEqual([["k0", "k1", "k2"], ["k1", "k2"], ["k1", "k2"], ["k2"]]);
  });

  it("backs off between retries, longer each time", async () => {
    const waits: number[] = [];
    const { send } = scripted([0, 0, 0]);
    await batchGetAll(send, "t", keys(1), async (ms) => void waits.push(ms));
    expect(waits).toHaveLength(3);
    expect(waits[0]!).toBeLessThan(waits[2]!);
  });

  it("gives up on keys that stay unprocessed", async () => {
    const { send, calls } = scripted(Array(10).fill(0));
    await expect(batchGetAll(send, "t", keys(2), noDelay)).rejects.toThrow(
      "BatchGetItem left 2 keys unprocessed after 6 calls",
    );
    expect(calls).toHaveLength(6);
  });

  it("sends at most 100 keys per call", async () => {
    const { send, calls } = scripted([]);
    const items = await batchGetAll(send, "t", keys(150), noDelay);
    expect(items).toHaveLength(150);
    expect(calls.map((call) => call.length)).toEqual([100, 50]);
  });
});
