import type { ImageDetail } from "../dto/responses.dto.ts";
import { NotFoundError } from "../http/errors.ts";
import type { ImageRepository } from "../repositories/image-repository.ts";
import type { ImageViews } from "./image-views.ts";

/** `GET /images/{id}`: the record with URLs for the original and the variants. */
export class DetailService {
  readonly #images: ImageRepository;
  readonly #views: ImageViews;

  constructor(images: ImageRepository, views: ImageViews) {
    this.#images = images;
    this.#views = views;
  }

  async get(imageId: string): Promise<ImageDetail> {
    const record = await this.#images.getImage(imageId);
    if (record === undefined) throw new NotFoundError(`no image with id ${imageId}`);
    return this.#views.detail(record);
  }
}
