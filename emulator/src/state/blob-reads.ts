import { readSync } from "node:fs";
import { Readable } from "node:stream";
import type { BlobLocation } from "./log-format.ts";
import type { ReadHandle } from "./read-handle.ts";

/** A blob's bytes: still in memory (not yet written), or their place in the log. */
export type BlobPart = Buffer | BlobLocation;

const MiB = 1024 * 1024;

export function missingBlob(id: string): Error {
  return new Error(`blob ${id} is missing from the state store`);
}

/**
 * Bytes [start, end) of consecutive parts as one Buffer, read without yielding:
 * for small GETs, cheaper than a stream and the thread pool.
 */
export function readPartsSync(
  parts: readonly BlobPart[],
  reader: ReadHandle | null,
  start: number,
  end: number,
): Buffer {
  const out = Buffer.allocUnsafe(Math.max(0, end - start));
  let base = 0;
  let filled = 0;
  for (const part of parts) {
    if (filled >= out.length) break;
    const from = Math.max(start, base) - base;
    const to = Math.min(end, base + part.length) - base;
    if (to > from) {
      if (Buffer.isBuffer(part)) part.copy(out, filled, from, to);
      else {
        if (!reader) throw new Error("the state log is not open for reading");
        for (let pos = from; pos < to; ) {
          const n = readSync(reader.handle.fd, out, filled + (pos - from), to - pos, part.offset + pos);
          if (n === 0) throw new Error("a blob is truncated in the state log");
          pos += n;
        }
      }
      filled += to - from;
    }
    base += part.length;
  }
  // Parts shorter than the range asked for: never hand out the unfilled bytes.
  return filled === out.length ? out : out.subarray(0, filled);
}

/**
 * Streams bytes [start, end) of consecutive parts (e.g. multipart parts) in 1 MiB reads.
 * The parts were located before, so the stream stays whole if the blobs are freed or
 * moved meanwhile; the reader stays pinned (its file open) until the stream closes.
 */
export function streamParts(
  parts: readonly BlobPart[],
  logReader: ReadHandle | null,
  start = 0,
  end?: number,
): Readable {
  const reader = parts.some((p) => !Buffer.isBuffer(p)) ? logReader : null;
  reader?.pin();
  async function* chunks(): AsyncGenerator<Buffer> {
    let skip = start;
    let remaining = end === undefined ? Number.POSITIVE_INFINITY : end - start;
    for (const part of parts) {
      const size = part.length;
      if (skip >= size) {
        skip -= size;
        continue;
      }
      for (let pos = skip; pos < size && remaining > 0; ) {
        const stop = Math.min(size, pos + MiB, pos + remaining);
        const chunk = Buffer.isBuffer(part)
          ? part.subarray(pos, stop)
          : await reader!.read(stop - pos, part.offset + pos);
        remaining -= chunk.length;
        pos = stop;
        yield chunk;
      }
      skip = 0;
      if (remaining <= 0) return;
    }
  }
  const stream = Readable.from(chunks(), { objectMode: false });
  // 'close' follows the end, an error, or destroy() (e.g. for HEAD), even if never read.
  if (reader) stream.once("close", () => reader.unpin());
  return stream;
}
