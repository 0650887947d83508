import {
  displayFileName,
  newImageId,
  sanitizeFilename,
  UPLOAD_URL_TTL_SECONDS,
  type UploadedImageRecord,
  uploadKey,
} from "@darkroom/image-record";
import type { CreateUploadDto } from "../dto/create-upload.dto.ts";
import type { CreateUploadResponse } from "../dto/responses.dto.ts";
import type { ApiMetrics } from "../observability.ts";
import type { ImageRepository } from "../repositories/image-repository.ts";
import type { ObjectPresigner } from "../repositories/object-presigner.ts";

export interface UploadServiceDeps {
  images: ImageRepository;
  presigner: ObjectPresigner;
  metrics: ApiMetrics;
  maxUploadBytes: number;
  now?: () => Date;
}

/** Creating an upload: a new image id, its UPLOADED record and a presigned POST for its key. */
export class UploadService {
  readonly #deps: UploadServiceDeps;

  constructor(deps: UploadServiceDeps) {
    this.#deps = deps;
  }

  async createUpload(dto: CreateUploadDto): Promise<CreateUploadResponse> {
    const { images, presigner, metrics, maxUploadBytes, now = () => new Date() } = this.#deps;
    const createdAt = now();
    const imageId = newImageId(createdAt.getTime());
    const key = uploadKey(imageId, sanitizeFilename(dto.fileName));
    const record: UploadedImageRecord = {
      imageId,
      status: "UPLOADED",
      attempts: 0,
      originalKey: key,
      originalBytes: dto.bytes,
      contentType: dto.contentType,
      originalFileName: displayFileName(dto.fileName),
      keepLocation: dto.keepLocation,
      createdAt: createdAt.toISOString(),
      updatedAt: createdAt.toISOString(),
    };
    // Signing is local and cannot leave a half-made upload; the record is written only after.
    const upload = await presigner.presignUpload({
      key,
      contentType: dto.contentType,
      maxBytes: maxUploadBytes,
      expiresInSeconds: UPLOAD_URL_TTL_SECONDS,
    });
    await images.createImage(record);
    metrics.uploadCreated();
    return { imageId, url: upload.url, fields: upload.fields, expiresAt: upload.expiresAt };
  }
}
