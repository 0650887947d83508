import { z } from "zod";
import { base64urlToBytes, bytesToBase64url } from "./base64url.ts";
import { IMAGE_ID_PATTERN } from "./image-id.ts";
import { type ListMode, listIndex, listPosition } from "./list-mode.ts";

/**
 * Page cursors: opaque base64url of [version, partition, sort key, checksum]. The sort key
 * `<createdAt>#<id>` and the listing's partition are all it takes to rebuild the LastEvaluatedKey,
 * so nothing else from the table leaks and the client cannot inject key attributes.
 * A cursor only works for the listing that issued it (same index, same partition).
 *
 * The checksum is not a signature: it catches edited and damaged cursors. A determined forger
 * could only start a page at another position of a listing they may read anyway.
 */
export const MAX_CURSOR_LENGTH = 1024;
const VERSION = 1;
const SORT_KEY = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z)#([0-9A-Z]{26})$/;

/** A client's cursor that is not one of ours for this listing; the API answers 400. */
export class InvalidCursorError extends Error {
  override readonly name = "InvalidCursorError";
}

/** FNV-1a, 32 bits: small, synchronous and the same in browsers and Node. */
function checksum(text: string): string {
  let hash = 0x811c9dc5;
  for (const byte of new TextEncoder().encode(text)) {
    hash ^= byte;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(16).padStart(8, "0");
}

function signed(partition: string, sortKey: string): string {
  return checksum(`darkroom-cursor\n${VERSION}\n${partition}\n${sortKey}`);
}

function parseSortKey(sortKey: string): { createdAt: string; imageId: string } | null {
  const match = SORT_KEY.exec(sortKey);
  if (!match) return null;
  const [, createdAt, imageId] = match as unknown as [string, string, string];
  const time = Date.parse(createdAt);
  // Date.parse accepts 2025-02-30; the round trip does not.
  if (Number.isNaN(time) || new Date(time).toISOString() !== createdAt) return null;
  if (!IMAGE_ID_PATTERN.test(imageId)) return null;
  return { createdAt, imageId };
}

/** The cursor for the next page, from the Query's LastEvaluatedKey. */
export function encodeListCursor(mode: ListMode, lastEvaluatedKey: Record<string, unknown>): string {
  const index = listIndex(mode);
  const sortKey = lastEvaluatedKey[index.sortAttribute];
  const parsed = typeof sortKey === "string" ? parseSortKey(sortKey) : null;
  if (typeof sortKey !== "string" || parsed === null) {
    throw new Error(
      `LastEvaluatedKey has no list sort key ${index.sortAttribute}: ${JSON.stringify(lastEvaluatedKey)}`,
    );
  }
  // The cursor must rebuild exactly this key, or the next page would start somewhere else.
  const rebuilt = listPosition(mode, parsed.imageId, sortKey);
  const keys = new Set([...Object.keys(rebuilt), ...Object.keys(lastEvaluatedKey)]);
  for (const key of keys) {
    if (rebuilt[key] !== lastEvaluatedKey[key]) {
      throw new Error(
        `LastEvaluatedKey is not from this listing: ${key} is ${JSON.stringify(lastEvaluatedKey[key])}`,
      );
    }
  }
  const payload = JSON.stringify([VERSION, index.partition, sortKey, signed(index.partition, sortKey)]);
  return bytesToBase64url(new TextEncoder().encode(payload));
}

const payloadSchema = z.tuple([z.literal(VERSION), z.string(), z.string(), z.string()]);

/** The ExclusiveStartKey a cursor stands for in this listing; throws InvalidCursorError. */
export function decodeListCursor(mode: ListMode, cursor: string): Record<string, string> {
  if (cursor.length > MAX_CURSOR_LENGTH) throw new InvalidCursorError("invalid cursor: too long");
  const bytes = base64urlToBytes(cursor);
  if (bytes === null || bytes.length === 0) throw new InvalidCursorError("invalid cursor: not base64url");
  let payload: unknown;
  try {
    payload = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes));
  } catch {
    throw new InvalidCursorError("invalid cursor: not a cursor issued by this API");
  }
  const parsed = payloadSchema.safeParse(payload);
  if (!parsed.success) throw new InvalidCursorError("invalid cursor: not a cursor issued by this API");
  const [, partition, sortKey, sum] = parsed.data;
  if (sum !== signed(partition, sortKey)) throw new InvalidCursorError("invalid cursor: it has been altered");
  if (partition !== listIndex(mode).partition) {
    throw new InvalidCursorError("invalid cursor: it belongs to another listing (status or label differs)");
  }
  const position = parseSortKey(sortKey);
  if (position === null) throw new InvalidCursorError("invalid cursor: not a cursor issued by this API");
  return listPosition(mode, position.imageId, sortKey);
}
