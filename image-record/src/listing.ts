import { LIST_PARTITION, type ListIndexKey, listSortKey } from "./dynamo-keys.ts";
import { IMAGE_ID_PATTERN } from "./image-id.ts";

export const DEFAULT_PAGE_SIZE = 24;
export const MAX_PAGE_SIZE = 100;

const SORT_KEY = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?Z)#([0-9A-Z]{26})$/;
const BASE64URL = /^[A-Za-z0-9_-]+$/;

/**
 * Opaque page cursors for the list API: the base64url of the last item's list sort key, which
 * holds its imageId too, so the whole LastEvaluatedKey can be rebuilt and nothing else leaks.
 */
export function encodeListCursor(lastEvaluatedKey: ListIndexKey): string {
  return btoa(lastEvaluatedKey.listSortKey).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

/** The ExclusiveStartKey a cursor stands for, or null if the cursor is not one we issued. */
export function decodeListCursor(cursor: string): ListIndexKey | null {
  if (!BASE64URL.test(cursor) || cursor.length > 100) return null;
  let text: string;
  try {
    text = atob(cursor.replace(/-/g, "+").replace(/_/g, "/"));
  } catch {
    return null;
  }
  const match = SORT_KEY.exec(text);
  if (!match) return null;
  const createdAt = match[1]!;
  const imageId = match[2]!;
  if (!IMAGE_ID_PATTERN.test(imageId) || Number.isNaN(Date.parse(createdAt))) return null;
  return { imageId, listPartition: LIST_PARTITION, listSortKey: listSortKey(createdAt, imageId) };
}
