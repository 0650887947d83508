import type { ImageRecord } from "../image-record.ts";
import { encodeListCursor } from "../list-cursor.ts";
import { type ListMode, listPosition } from "../list-mode.ts";
import type { ListQuery } from "../list-query.ts";
import { listSortKey } from "../table-layout.ts";
import type { ImageTableReads } from "./image-table-reads.ts";

/** A listing page: its records, newest first, and the next page's cursor (null on the last page). */
export interface ListedPage {
  records: ImageRecord[];
  nextCursor: string | null;
}

/**
 * One page of a listing (GET /images, GET /api/images): one Query for `limit` + 1 items, so a
 * page that ends the listing says so (null cursor) instead of pointing at an empty page. In a
 * label listing the label items give the order and BatchGetItem their records (an image deleted
 * in between drops out).
 */
export async function listPage(
  table: ImageTableReads,
  mode: ListMode,
  query: ListQuery,
  limit: number,
): Promise<ListedPage> {
  const asked = { ...query, Limit: limit + 1 };
  if (mode.kind === "label") {
    const page = await table.queryLabelItems(asked);
    const records = await table.getImages(page.items.slice(0, limit).map((item) => item.imageId));
    return { records, nextCursor: nextCursor(mode, page.items, limit, page.lastEvaluatedKey) };
  }
  const page = await table.queryImages(asked);
  return {
    records: page.items.slice(0, limit),
    nextCursor: nextCursor(mode, page.items, limit, page.lastEvaluatedKey),
  };
}

/**
 * The next page starts after the page's last item when the Query found more, at DynamoDB's own
 * LastEvaluatedKey when it stopped early (its 1 MB cap), nowhere when the listing is done.
 */
function nextCursor(
  mode: ListMode,
  items: readonly { imageId: string; createdAt: string }[],
  limit: number,
  lastEvaluatedKey: Record<string, unknown> | undefined,
): string | null {
  if (items.length <= limit) {
    return lastEvaluatedKey === undefined ? null : encodeListCursor(mode, lastEvaluatedKey);
  }
  const last = items[limit - 1]!;
  return encodeListCursor(mode, listPosition(mode, last.imageId, listSortKey(last.createdAt, last.imageId)));
}
