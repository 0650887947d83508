import {
  FAILURE_DESCRIPTIONS,
  type ImageRecord,
  orientedSize,
  type ProcessedImageRecord,
} from "@darkroom/image-record";
import type { ImageDetail, ImageSummary, LabelSummary } from "../dto/responses.dto.ts";
import type { ObjectPresigner } from "../repositories/object-presigner.ts";

/** Long enough to view and download an image; listings are fetched again long before. */
export const DOWNLOAD_URL_TTL_SECONDS = 15 * 60;
/** Labels in a summary; the detail has them all. */
export const TOP_LABELS = 5;

function topLabels(record: ImageRecord): LabelSummary[] {
  if (record.status !== "PROCESSED") return [];
  return [...record.labels]
    .sort((a, b) => b.confidence - a.confidence)
    .slice(0, TOP_LABELS)
    .map(({ name, confidence }) => ({ name, confidence }));
}

function displayedSize(record: ImageRecord): { width?: number; height?: number } {
  if (record.status !== "PROCESSED" && record.status !== "FAILED") return {};
  if (record.width === undefined || record.height === undefined) return {};
  return orientedSize(record.width, record.height, record.orientation);
}

/** Records as the API shows them, with presigned GET URLs. */
export class ImageViews {
  readonly #presigner: ObjectPresigner;
  readonly #now: () => Date;

  constructor(presigner: ObjectPresigner, now: () => Date = () => new Date()) {
    this.#presigner = presigner;
    this.#now = now;
  }

  async summary(record: ImageRecord): Promise<ImageSummary> {
    const thumbnail = record.status === "PROCESSED" ? thumbnailOf(record) : undefined;
    return {
      id: record.imageId,
      status: record.status,
      fileName: record.originalFileName,
      createdAt: record.createdAt,
      ...displayedSize(record),
      ...(thumbnail ? { thumbnailUrl: await this.#url("media", thumbnail.key) } : {}),
      labels: topLabels(record),
    };
  }

  async detail(record: ImageRecord): Promise<ImageDetail> {
    // Taken before signing, so the URLs live at least until then.
    const urlsExpireAt = new Date(this.#now().getTime() + DOWNLOAD_URL_TTL_SECONDS * 1000).toISOString();
    const originalUrl = await this.#url("uploads", record.originalKey);
    const common = { originalUrl, urlsExpireAt };
    switch (record.status) {
      case "UPLOADED":
      case "PROCESSING":
        return { ...record, ...common };
      case "PROCESSED": {
        const variants = await Promise.all(
          record.variants.map(async (variant) => ({
            ...variant,
            url: await this.#url("media", variant.key),
          })),
        );
        return { ...record, ...common, variants };
      }
      case "FAILED":
        return {
          ...record,
          ...common,
          failure: { ...record.failure, description: FAILURE_DESCRIPTIONS[record.failure.code] },
        };
    }
  }

  #url(bucket: "uploads" | "media", key: string): Promise<string> {
    return this.#presigner.presignDownload(bucket, key, DOWNLOAD_URL_TTL_SECONDS);
  }
}

function thumbnailOf(record: ProcessedImageRecord) {
  return record.variants.find((variant) => variant.name === "thumbnail");
}
