import { type ListParams, listMode, listQuery } from "@darkroom/image-record";
import { listPage } from "@darkroom/image-record/dynamodb";
import type { ImageListResponse } from "../dto/responses.dto.ts";
import type { ImageRepository } from "../repositories/image-repository.ts";
import type { ImageViews } from "./image-views.ts";

/** `GET /images`: one Query on an index (image-record's listQuery and listPage; never a Scan), newest first. */
export class ListingService {
  readonly #images: ImageRepository;
  readonly #views: ImageViews;

  constructor(images: ImageRepository, views: ImageViews) {
    this.#images = images;
    this.#views = views;
  }

  async list(params: ListParams): Promise<ImageListResponse> {
    // Throws InvalidListRequestError (400) for a cursor that is not this listing's.
    const page = await listPage(this.#images, listMode(params), listQuery(params), params.limit);
    return {
      items: await Promise.all(page.records.map((record) => this.#views.summary(record))),
      nextCursor: page.nextCursor,
    };
  }
}
