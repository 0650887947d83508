import { Readable } from "node:stream";
import { createInflate } from "node:zlib";

/**
 * What a zlib stream inflates to, counted as it streams (a bomb's output never exists in
 * memory at once): its length, and whether every byte is zero. Rejects a broken stream.
 */
export async function inflateCount(deflated: Buffer): Promise<{ bytes: number; allZero: boolean }> {
  let bytes = 0;
  let allZero = true;
  const inflate = Readable.from([deflated]).pipe(createInflate());
  for await (const chunk of inflate as AsyncIterable<Buffer>) {
    bytes += chunk.length;
    if (allZero && chunk.some((b) => b !== 0)) allZero = false;
  }
  return { bytes, allZero };
}
