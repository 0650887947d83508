import { crc32 } from "node:zlib";
import { crc32Combine, crc32Of } from "./crc32.ts";

/**
 * The state log is one append-only file: LOG_MAGIC, then framed records
 *   u32 payload length | u32 crc32(type byte + payload) | u8 type | payload
 * A record whose frame is short or whose checksum fails marks the end of the
 * valid log (a torn write from a crash); everything after it is discarded.
 */
export const LOG_MAGIC = Buffer.from("DARKROOM-STATE-1\n");
export const FRAME_HEADER = 9;
export const BLOB_ID_BYTES = 16;
/** Parts at least this large are checksummed through crc32Of, whose result may be known already. */
const COMBINE_MIN_BYTES = 4096;

export const RecordType = {
  /** JSON {t: table, k: key, v: value | null}; null deletes. */
  Mutation: 1,
  /** 16-byte blob id followed by the blob's bytes. */
  Blob: 2,
  /** 16-byte blob id whose bytes are no longer needed. */
  BlobFree: 3,
} as const;
export type RecordType = (typeof RecordType)[keyof typeof RecordType];

/** Where a blob's bytes sit in the log file. */
export interface BlobLocation {
  offset: number;
  length: number;
}

export function frame(type: RecordType, payload: Buffer | Buffer[]): Buffer[] {
  const parts = Array.isArray(payload) ? payload : [payload];
  const length = parts.reduce((n, p) => n + p.length, 0);
  let sum = crc32(Buffer.of(type));
  for (const p of parts) {
    // A blob's CRC is often known already (S3 verified the client's): combining skips a pass.
    if (p.length >= COMBINE_MIN_BYTES) sum = crc32Combine(sum, crc32Of(p), p.length);
    // zlib's crc32 answers 0 for an empty buffer without backing memory (e.g. randomBytes(0)).
    else if (p.length > 0) sum = crc32(p, sum);
  }
  const header = Buffer.alloc(FRAME_HEADER);
  header.writeUInt32LE(length, 0);
  header.writeUInt32LE(sum >>> 0, 4);
  header.writeUInt8(type, 8);
  return [header, ...parts];
}

export function mutationPayload(table: string, key: string, json: string | null): Buffer {
  return Buffer.from(`{"t":${JSON.stringify(table)},"k":${JSON.stringify(key)},"v":${json ?? "null"}}`);
}

/** Bytes a blob of `length` bytes takes in the log, frame included. */
export function blobRecordBytes(length: number): number {
  return FRAME_HEADER + BLOB_ID_BYTES + length;
}

export function totalLength(buffers: readonly Buffer[]): number {
  let n = 0;
  for (const b of buffers) n += b.length;
  return n;
}
