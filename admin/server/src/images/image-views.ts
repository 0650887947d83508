import { type ImageRecord, imageSummaryFields } from "@darkroom/image-record";
import { Inject, Injectable } from "@nestjs/common";
import { OBJECT_STORE } from "../app/tokens.ts";
import type { ObjectStore } from "../repositories/object-store.repository.ts";
import type { ImageSummary } from "./images.dto.ts";

/** Presigned links live 5 minutes: long enough to render a page, well under the 15-minute cap. */
export const LINK_LIFETIME_SECONDS = 5 * 60;

/** What the console shows of a record: its fields plus presigned links to its objects. */
@Injectable()
export class ImageViews {
  readonly #objects: ObjectStore;

  constructor(@Inject(OBJECT_STORE) objects: ObjectStore) {
    this.#objects = objects;
  }

  async summary(record: ImageRecord): Promise<ImageSummary> {
    const thumbnail =
      record.status === "PROCESSED" ? record.variants.find((v) => v.name === "thumbnail") : undefined;
    return {
      ...imageSummaryFields(record),
      thumbnailUrl: thumbnail
        ? await this.#objects.presignGet("media", thumbnail.key, LINK_LIFETIME_SECONDS)
        : null,
    };
  }

  originalUrl(record: ImageRecord): Promise<string> {
    return this.#objects.presignGet("uploads", record.originalKey, LINK_LIFETIME_SECONDS);
  }

  variantUrl(key: string): Promise<string> {
    return this.#objects.presignGet("media", key, LINK_LIFETIME_SECONDS);
  }
}
