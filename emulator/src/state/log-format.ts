import { crc32 } from "node:zlib";

/**
 * The state log is one append-only file of framed records:
 *   u32 payload length | u32 crc32(type byte + payload) | u8 type | payload
 * A record whose frame is short or whose checksum fails marks the end of the
 * valid log (a torn write from a crash); everything after it is discarded.
 */
export const LOG_MAGIC = Buffer.from("DARKROOM-STATE-1\n");
export const FRAME_HEADER = 9;

export const RecordType = {
  /** JSON {t: table, k: key, v: value | null}; null deletes. */
  Mutation: 1,
  /** 16-byte blob id followed by the blob's bytes. */
  Blob: 2,
  /** 16-byte blob id whose bytes are no longer needed. */
  BlobFree: 3,
} as const;
export type RecordType = (typeof RecordType)[keyof typeof RecordType];

export function frame(type: RecordType, payload: Buffer | Buffer[]): Buffer[] {
  const parts = Array.isArray(payload) ? payload : [payload];
  const length = parts.reduce((n, p) => n + p.length, 0);
  const typeByte = Buffer.of(type);
  let sum = crc32(typeByte);
  for (const p of parts) sum = crc32(p, sum);
  const header = Buffer.alloc(FRAME_HEADER);
  header.writeUInt32LE(length, 0);
  header.writeUInt32LE(sum >>> 0, 4);
  header.writeUInt8(type, 8);
  return [header, ...parts];
}
