import {
  encodeListCursor,
  type ImageRecord,
  type ListMode,
  type ListParams,
  listMode,
  listPosition,
  listQuery,
  listSortKey,
} from "@darkroom/image-record";
import type { ImageListResponse } from "../dto/responses.dto.ts";
import type { ImageRepository } from "../repositories/image-repository.ts";
import type { ImageViews } from "./image-views.ts";

/** What a listing position is made of: an image and its list sort key's time. */
interface Positioned {
  imageId: string;
  createdAt: string;
}

interface ListedPage {
  records: ImageRecord[];
  /** Where the next page starts, or undefined on the last page. */
  nextKey: Record<string, unknown> | undefined;
}

/**
 * `GET /images`: one Query on an index (image-record's listQuery; never a Scan), newest first.
 * It asks for one item more than the page, so a page that ends the listing says so (null
 * cursor) instead of pointing at an empty page.
 */
export class ListingService {
  readonly #images: ImageRepository;
  readonly #views: ImageViews;

  constructor(images: ImageRepository, views: ImageViews) {
    this.#images = images;
    this.#views = views;
  }

  async list(params: ListParams): Promise<ImageListResponse> {
    const mode = listMode(params);
    // Throws InvalidListRequestError (400) for a cursor that is not this listing's.
    const query = { ...listQuery(params), Limit: params.limit + 1 };
    const page =
      mode.kind === "label"
        ? await this.#labelPage(mode, query, params.limit)
        : await this.#imagePage(mode, query, params.limit);
    return {
      items: await Promise.all(page.records.map((record) => this.#views.summary(record))),
      nextCursor: page.nextKey === undefined ? null : encodeListCursor(mode, page.nextKey),
    };
  }

  async #imagePage(mode: ListMode, query: ReturnType<typeof listQuery>, limit: number): Promise<ListedPage> {
    const page = await this.#images.listImages(query);
    const records = page.items.slice(0, limit);
    return { records, nextKey: nextKey(mode, page.items, limit, page.lastEvaluatedKey) };
  }

  /** Label items give the page's order; BatchGetItem gives their records. */
  async #labelPage(mode: ListMode, query: ReturnType<typeof listQuery>, limit: number): Promise<ListedPage> {
    const page = await this.#images.listLabelItems(query);
    const records = await this.#images.getImages(page.items.slice(0, limit).map((item) => item.imageId));
    return { records, nextKey: nextKey(mode, page.items, limit, page.lastEvaluatedKey) };
  }
}

/**
 * The next page's start: after the page's last item when the Query found more, DynamoDB's own
 * LastEvaluatedKey when it stopped early (its 1 MB cap), none when the listing is done.
 */
function nextKey(
  mode: ListMode,
  items: readonly Positioned[],
  limit: number,
  lastEvaluatedKey: Record<string, unknown> | undefined,
): Record<string, unknown> | undefined {
  if (items.length <= limit) return lastEvaluatedKey;
  const last = items[limit - 1]!;
  return listPosition(mode, last.imageId, listSortKey(last.createdAt, last.imageId));
}
