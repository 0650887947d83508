import {
  encodeListCursor,
  type ImageRecord,
  InvalidListRequestError,
  type ListMode,
  type ListParams,
  listIndex,
  listMode,
  listPosition,
  listQuery,
  listSortKey,
  parseListParams,
} from "@darkroom/image-record";
import { BadRequestException, Inject, Injectable } from "@nestjs/common";
import { IMAGE_TABLE } from "../app/tokens.ts";
import type { ImageTable } from "../repositories/image-table.repository.ts";
import { isInsideRange, withCreatedRange } from "./created-range.ts";
import { ImageViews } from "./image-views.ts";
import type { ImageList, ListImagesQueryDto } from "./images.dto.ts";

interface Positioned {
  imageId: string;
  createdAt: string;
}

/**
 * `GET /api/images`: one Query on a GSI per page (gsi1 all or by label, gsi2 by status, gsi3 by
 * format), newest first, the creation range in the key condition; never a Scan. One item more
 * than the page is read to know whether a next page exists.
 */
@Injectable()
export class ImageListingService {
  readonly #table: ImageTable;
  readonly #views: ImageViews;

  constructor(@Inject(IMAGE_TABLE) table: ImageTable, @Inject(ImageViews) views: ImageViews) {
    this.#table = table;
    this.#views = views;
  }

  async list(query: ListImagesQueryDto): Promise<ImageList> {
    const range = { from: query.from, to: query.to };
    if (range.from !== undefined && range.to !== undefined && Date.parse(range.from) > Date.parse(range.to)) {
      throw badRequest("to", "to: must not be before from");
    }
    const { params, base } = this.#parse(query);
    const mode = listMode(params);
    const index = listIndex(mode);
    const start = base.ExclusiveStartKey?.[index.sortAttribute];
    if (start !== undefined && !isInsideRange(start, range)) {
      throw badRequest("cursor", "invalid cursor: it lies outside the from/to range");
    }
    const dynamoQuery = { ...withCreatedRange(base, index.sortAttribute, range), Limit: params.limit + 1 };
    const { records, nextKey } =
      mode.kind === "label"
        ? await this.#labelPage(mode, dynamoQuery, params.limit)
        : await this.#imagePage(mode, dynamoQuery, params.limit);
    return {
      items: await Promise.all(records.map((record) => this.#views.summary(record))),
      nextCursor: nextKey === undefined ? null : encodeListCursor(mode, nextKey),
    };
  }

  #parse(query: ListImagesQueryDto) {
    const input = {
      limit: query.limit,
      cursor: query.cursor,
      status: query.status,
      label: query.label,
      format: query.format,
    };
    const present = Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined));
    try {
      const params: ListParams = parseListParams(present);
      return { params, base: listQuery(present) };
    } catch (error) {
      if (error instanceof InvalidListRequestError) throw badRequest(error.field, error.message);
      throw error;
    }
  }

  async #imagePage(mode: ListMode, query: ReturnType<typeof listQuery>, limit: number) {
    const page = await this.#table.queryImages(query);
    return {
      records: page.items.slice(0, limit),
      nextKey: nextKey(mode, page.items, limit, page.lastEvaluatedKey),
    };
  }

  /** Label items give the page's order, BatchGetItem their records (a deleted image drops out). */
  async #labelPage(mode: ListMode, query: ReturnType<typeof listQuery>, limit: number) {
    const page = await this.#table.queryLabelItems(query);
    const records: ImageRecord[] = await this.#table.getImages(
      page.items.slice(0, limit).map((i) => i.imageId),
    );
    return { records, nextKey: nextKey(mode, page.items, limit, page.lastEvaluatedKey) };
  }
}

/**
 * The next page starts after the page's last item when the Query found more, at DynamoDB's own
 * LastEvaluatedKey when it stopped early (its 1 MB cap), nowhere when the listing is done.
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

function badRequest(field: string, message: string): BadRequestException {
  return new BadRequestException({ error: "BadRequest", message, field });
}
