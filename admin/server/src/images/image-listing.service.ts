import {
  InvalidListRequestError,
  type ListParams,
  listIndex,
  listMode,
  listQuery,
  parseListParams,
} from "@darkroom/image-record";
import { listPage } from "@darkroom/image-record/dynamodb";
import { BadRequestException, Inject, Injectable } from "@nestjs/common";
import { IMAGE_TABLE } from "../app/tokens.ts";
import type { ImageTable } from "../repositories/image-table.repository.ts";
import { isInsideRange, withCreatedRange } from "./created-range.ts";
import { ImageViews } from "./image-views.ts";
import type { ImageList, ListImagesQueryDto } from "./images.dto.ts";

/**
 * `GET /api/images`: one Query on a GSI per page (gsi1 all or by label, gsi2 by status, gsi3 by
 * format), newest first, the creation range in the key condition; never a Scan. The page itself
 * is image-record's listPage, as in the public API.
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
    const dynamoQuery = withCreatedRange(base, index.sortAttribute, range);
    const page = await listPage(this.#table, mode, dynamoQuery, params.limit);
    return {
      items: await Promise.all(page.records.map((record) => this.#views.summary(record))),
      nextCursor: page.nextCursor,
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
}

function badRequest(field: string, message: string): BadRequestException {
  return new BadRequestException({ error: "BadRequest", message, field });
}
