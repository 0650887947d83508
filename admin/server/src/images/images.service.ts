import type { ImageRecord } from "@darkroom/image-record";
import { UPLOAD_PREFIX, uploadNeverArrived, VARIANT_PREFIX } from "@darkroom/image-record";
import {
  BadGatewayException,
  ConflictException,
  HttpException,
  Inject,
  Injectable,
  Logger,
  NotFoundException,
} from "@nestjs/common";
import {
  FUNCTION_LOGS,
  IMAGE_TABLE,
  OBJECT_STORE,
  PROCESSOR_INVOKER,
  STACK_RESOURCES,
  UPLOAD_API,
} from "../app/tokens.ts";
import { ImageStatusWatcher } from "../live/image-status-watcher.ts";
import type { FunctionLogs } from "../repositories/function-logs.repository.ts";
import type { ImageTable } from "../repositories/image-table.repository.ts";
import type { ObjectStore } from "../repositories/object-store.repository.ts";
import type { ProcessorInvoker } from "../repositories/processor-invoker.repository.ts";
import type { UploadApi } from "../repositories/upload-api.repository.ts";
import type { StackResources } from "../settings/stack-resources.ts";
import { ImageViews, LINK_LIFETIME_SECONDS } from "./image-views.ts";
import {
  type CreatedUpload,
  type CreateUploadBodyDto,
  createdUploadSchema,
  type ImageDetail,
} from "./images.dto.ts";
import { processingLogs } from "./processing-logs.ts";

/** One image: its detail, deleting it with everything it stored, re-processing it, and new uploads. */
@Injectable()
export class ImagesService {
  readonly #logger = new Logger("ImagesService");
  readonly #table: ImageTable;
  readonly #objects: ObjectStore;
  readonly #logs: FunctionLogs;
  readonly #processor: ProcessorInvoker;
  readonly #uploads: UploadApi;
  readonly #views: ImageViews;
  readonly #stack: StackResources;
  readonly #watcher: ImageStatusWatcher;

  constructor(
    @Inject(IMAGE_TABLE) table: ImageTable,
    @Inject(OBJECT_STORE) objects: ObjectStore,
    @Inject(FUNCTION_LOGS) logs: FunctionLogs,
    @Inject(PROCESSOR_INVOKER) processor: ProcessorInvoker,
    @Inject(UPLOAD_API) uploads: UploadApi,
    @Inject(ImageViews) views: ImageViews,
    @Inject(STACK_RESOURCES) stack: StackResources,
    @Inject(ImageStatusWatcher) watcher: ImageStatusWatcher,
  ) {
    this.#table = table;
    this.#objects = objects;
    this.#logs = logs;
    this.#processor = processor;
    this.#uploads = uploads;
    this.#views = views;
    this.#watcher = watcher;
    this.#stack = stack;
  }

  async detail(imageId: string, now = new Date()): Promise<ImageDetail> {
    const record = await this.#existing(imageId);
    const [originalUrl, variants, logs] = await Promise.all([
      this.#views.originalUrl(record),
      Promise.all(
        (record.status === "PROCESSED" ? record.variants : []).map(async (variant) => ({
          ...variant,
          url: await this.#views.variantUrl(variant.key),
        })),
      ),
      processingLogs(this.#logs, this.#stack.logGroups.processor, record),
    ]);
    return {
      record,
      originalUrl,
      variants,
      urlsExpireAt: new Date(now.getTime() + LINK_LIFETIME_SECONDS * 1000).toISOString(),
      logs: logs.map((e) => ({
        timestamp: new Date(e.timestamp).toISOString(),
        logStream: e.logStreamName,
        message: e.message,
      })),
    };
  }

  /**
   * The objects first (every version of the original, every variant), then the items: a failure
   * half-way leaves the record, so the delete can be repeated and nothing is orphaned unseen.
   */
  async delete(imageId: string): Promise<{ imageId: string; deletedObjects: number }> {
    await this.#existing(imageId);
    const [originals, variants] = await Promise.all([
      this.#objects.deleteAllUnder("uploads", `${UPLOAD_PREFIX}${imageId}/`),
      this.#objects.deleteAllUnder("media", `${VARIANT_PREFIX}${imageId}/`),
    ]);
    await this.#table.deleteImage(imageId);
    this.#logger.log({ msg: "deleted image", imageId, deletedObjects: originals + variants });
    return { imageId, deletedObjects: originals + variants };
  }

  /**
   * Queues the processor for the original; a run in progress is left to finish (409), and an
   * upload that never arrived has no original to process (409).
   */
  async reprocess(imageId: string) {
    const record = await this.#existing(imageId);
    if (record.status === "PROCESSING") {
      throw new ConflictException({
        error: "Conflict",
        message: `image ${imageId} is being processed (attempt ${record.attempts}); try again when it has finished`,
      });
    }
    if (uploadNeverArrived(record)) {
      throw new ConflictException({
        error: "Conflict",
        message: `image ${imageId} has no original to process: its upload never arrived (UPLOAD_MISSING); upload the file again`,
      });
    }
    await this.#processor.reprocess({ key: record.originalKey, bytes: record.originalBytes });
    this.#watcher.expect(record);
    this.#logger.log({ msg: "queued reprocessing", imageId, previousStatus: record.status });
    return { imageId, previousStatus: record.status, queued: true as const };
  }

  uploadLimits(): { maxBytes: number } {
    return { maxBytes: this.#stack.maxUploadBytes };
  }

  /** The public API's presigned POST, relayed: its 4xx answers (limits, types) reach the console as they are. */
  async createUpload(body: CreateUploadBodyDto): Promise<CreatedUpload> {
    const answer = await this.#uploads.createUpload(body);
    if (answer.status === 201) {
      const created = createdUploadSchema.safeParse(answer.body);
      if (created.success) return created.data;
      throw new BadGatewayException({
        error: "BadGateway",
        message: "the upload API answered an unexpected shape",
      });
    }
    if (answer.status >= 400 && answer.status < 500) {
      const message = messageOf(answer.body) ?? `the upload API refused the upload (${answer.status})`;
      throw new HttpException({ error: "UploadRefused", message }, answer.status);
    }
    throw new BadGatewayException({
      error: "BadGateway",
      message: `the upload API answered ${answer.status}`,
    });
  }

  async #existing(imageId: string): Promise<ImageRecord> {
    const record = await this.#table.getImage(imageId);
    if (record === undefined) {
      throw new NotFoundException({ error: "NotFound", message: `no image ${imageId}` });
    }
    return record;
  }
}

function messageOf(body: unknown): string | undefined {
  if (typeof body !== "object" || body === null || !("message" in body)) return undefined;
  return typeof body.message === "string" ? body.message.slice(0, 500) : undefined;
}
