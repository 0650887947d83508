import {
  type FailedImageRecord,
  type Failure,
  failedBeforeProcessingFrom,
  failedFrom,
  type ImageRecord,
  MAX_ATTEMPTS,
  type ProcessingImageRecord,
  UPLOAD_URL_TTL_SECONDS,
  type UploadedImageRecord,
  uploadReinvokedFrom,
} from "@darkroom/image-record";
import { Inject, Injectable, Logger } from "@nestjs/common";
import { ADMIN_SETTINGS, IMAGE_TABLE, OBJECT_STORE, PROCESSOR_INVOKER } from "../app/tokens.ts";
import { recordsWithStatus } from "../images/status-partition.ts";
import { ImageStatusWatcher } from "../live/image-status-watcher.ts";
import type { ImageTable } from "../repositories/image-table.repository.ts";
import type { ObjectStore } from "../repositories/object-store.repository.ts";
import type { ProcessorInvoker } from "../repositories/processor-invoker.repository.ts";
import type { AdminSettings } from "../settings/admin-settings.ts";
import { minutes } from "./durations.ts";
import type { JobDetails, ScheduledJob } from "./scheduled-job.ts";
import { type UploadLimits, uploadAction } from "./upload-action.ts";

/**
 * Records read per partition and run, at most (stuck ones are few; a flood waits for the next
 * run, as the ones settled leave the partition).
 */
const MAX_PER_RUN = 1_000;

type Counts = {
  processing: number;
  reinvoked: number;
  failed: number;
  uploaded: number;
  uploadsReinvoked: number;
  uploadsMissing: number;
  conflicts: number;
  invokeErrors: number;
  lookupErrors: number;
};

export type StuckAction = { kind: "wait" } | { kind: "reinvoke" } | { kind: "fail"; message: string };

/**
 * What to do with a PROCESSING record at `now`. Its attempt is stuck once `updatedAt` is older
 * than `stuckAfterMs` (the processor never writes during an attempt, and the limit is above
 * any function timeout). A stuck attempt is re-invoked once, and `reinvokedAt` records it on
 * that attempt's record; still stuck `stuckAfterMs` after that, it is FAILED with TIMEOUT.
 * When the re-invoked processor took the image up, its new attempt's record has no
 * `reinvokedAt` but `attempts` ≥ MAX_ATTEMPTS: the processor takes no further abandoned attempt
 * (lambdas/processor/src/claim.ts), so a re-invocation could not help and the image is FAILED at once. So is one whose
 * earlier attempts Lambda's own retries already used.
 */
export function stuckAction(record: ProcessingImageRecord, now: number, stuckAfterMs: number): StuckAction {
  const idle = now - Date.parse(record.updatedAt);
  if (idle <= stuckAfterMs) return { kind: "wait" };
  if (record.reinvokedAt !== undefined) {
    if (now - Date.parse(record.reinvokedAt) <= stuckAfterMs) return { kind: "wait" };
    return {
      kind: "fail",
      message: `Still processing ${minutes(now - Date.parse(record.reinvokedAt))} after the processor was invoked again for attempt ${record.attempts}, which had stopped without a result.`,
    };
  }
  if (record.attempts >= MAX_ATTEMPTS) {
    return {
      kind: "fail",
      message: `Attempt ${record.attempts} stopped without a result ${minutes(idle)} ago, and the processor takes no attempt after its ${MAX_ATTEMPTS}th.`,
    };
  }
  return { kind: "reinvoke" };
}

/**
 * Reconciles stuck images: reads gsi2's STATUS#PROCESSING partition (a Query, never a Scan) and
 * applies stuckAction to each record, then STATUS#UPLOADED, only the uploads whose presigned
 * POST expired more than the grace ago, and applies uploadAction (upload-action.ts). Every write
 * is conditional on the record as read (status, attempt, updatedAt), so an attempt that finishes
 * or starts meanwhile wins.
 */
@Injectable()
export class StuckImagesJob implements ScheduledJob {
  readonly name = "stuck-images";
  readonly #logger = new Logger("StuckImagesJob");
  readonly #table: ImageTable;
  readonly #processor: ProcessorInvoker;
  readonly #objects: ObjectStore;
  readonly #stuckAfterMs: number;
  readonly #uploadLimits: UploadLimits;
  readonly #watcher: ImageStatusWatcher;

  constructor(
    @Inject(IMAGE_TABLE) table: ImageTable,
    @Inject(PROCESSOR_INVOKER) processor: ProcessorInvoker,
    @Inject(OBJECT_STORE) objects: ObjectStore,
    @Inject(ADMIN_SETTINGS) settings: AdminSettings,
    @Inject(ImageStatusWatcher) watcher: ImageStatusWatcher,
  ) {
    this.#table = table;
    this.#processor = processor;
    this.#objects = objects;
    this.#stuckAfterMs = settings.jobs.stuckAfterMs;
    this.#uploadLimits = { graceMs: settings.jobs.uploadGraceMs, stuckAfterMs: settings.jobs.stuckAfterMs };
    this.#watcher = watcher;
  }

  async run(now = Date.now()): Promise<JobDetails> {
    const counts: Counts = {
      processing: 0,
      reinvoked: 0,
      failed: 0,
      uploaded: 0,
      uploadsReinvoked: 0,
      uploadsMissing: 0,
      conflicts: 0,
      invokeErrors: 0,
      lookupErrors: 0,
    };
    for (const record of await recordsWithStatus(this.#table, "PROCESSING", { max: MAX_PER_RUN })) {
      if (record.status !== "PROCESSING") continue;
      counts.processing += 1;
      const action = stuckAction(record, now, this.#stuckAfterMs);
      if (action.kind === "reinvoke") counts[await this.#reinvoke(record, now)] += 1;
      if (action.kind === "fail") counts[await this.#fail(record, action.message, now)] += 1;
    }
    // Only uploads whose POST expired more than the grace ago: younger ones are not read at all.
    const expiredBefore = now - UPLOAD_URL_TTL_SECONDS * 1000 - this.#uploadLimits.graceMs;
    const uploads = await recordsWithStatus(this.#table, "UPLOADED", {
      to: new Date(expiredBefore).toISOString(),
      max: MAX_PER_RUN,
    });
    for (const record of uploads) {
      if (record.status !== "UPLOADED") continue;
      counts.uploaded += 1;
      const outcome = await this.#settleUpload(record, now);
      if (outcome !== "waiting") counts[outcome] += 1;
    }
    return counts;
  }

  /** Fails an upload that never came; invokes the processor, once, for one that came unnoticed. */
  async #settleUpload(record: UploadedImageRecord, now: number): Promise<keyof Counts | "waiting"> {
    const action = uploadAction(record, now, this.#uploadLimits);
    if (action.kind === "wait") return "waiting";
    if (action.kind === "fail") return this.#failUpload(record, action.failure, now);
    let original: { bytes: number } | null;
    try {
      original = await this.#objects.head("uploads", record.originalKey);
    } catch (error) {
      this.#logger.warn({
        msg: "could not look for an upload's original",
        imageId: record.imageId,
        error: (error as Error).message,
      });
      return "lookupErrors";
    }
    if (original === null) return this.#failUpload(record, action.missing, now);
    const marked = uploadReinvokedFrom(record, new Date(now));
    const object = { key: record.originalKey, bytes: original.bytes };
    const outcome = await this.#markThenInvoke(record, marked, () => this.#processor.redeliver(object));
    if (outcome !== "invoked") return outcome;
    this.#logger.log({
      msg: "invoked the processor for an upload it never started",
      imageId: record.imageId,
    });
    return "uploadsReinvoked";
  }

  /** Marks the attempt first (so a restart cannot re-invoke it twice), then invokes. */
  async #reinvoke(
    record: ProcessingImageRecord,
    now: number,
  ): Promise<"reinvoked" | "conflicts" | "invokeErrors"> {
    const marked = { ...record, reinvokedAt: new Date(now).toISOString() };
    const object = { key: record.originalKey, bytes: record.originalBytes };
    const outcome = await this.#markThenInvoke(record, marked, () => this.#processor.reprocess(object));
    if (outcome !== "invoked") return outcome;
    this.#logger.log({ msg: "re-invoked a stuck image", imageId: record.imageId, attempt: record.attempts });
    return "reinvoked";
  }

  /**
   * Writes the mark (conditional: the processor or another backend may have moved on), then
   * invokes; an invocation that fails takes the mark off again, so the next run retries.
   */
  async #markThenInvoke<R extends ImageRecord>(
    record: R,
    marked: R,
    invoke: () => Promise<void>,
  ): Promise<"invoked" | "conflicts" | "invokeErrors"> {
    if ((await this.#table.replaceImage(record, marked)) === "conflict") return "conflicts";
    try {
      await invoke();
      this.#watcher.expect(marked);
      return "invoked";
    } catch (error) {
      await this.#table.replaceImage(marked, record);
      this.#logger.warn({
        msg: "could not invoke the processor for an image",
        imageId: record.imageId,
        status: record.status,
        error: (error as Error).message,
      });
      return "invokeErrors";
    }
  }

  async #fail(record: ProcessingImageRecord, message: string, now: number): Promise<"failed" | "conflicts"> {
    const failed = failedFrom(record, { code: "TIMEOUT", message }, {}, {}, new Date(now));
    return (await this.#write(record, failed)) ? "failed" : "conflicts";
  }

  async #failUpload(
    record: UploadedImageRecord,
    failure: Failure,
    now: number,
  ): Promise<"failed" | "uploadsMissing" | "conflicts"> {
    const failed = failedBeforeProcessingFrom(record, failure, new Date(now));
    if (!(await this.#write(record, failed))) return "conflicts";
    return failure.code === "UPLOAD_MISSING" ? "uploadsMissing" : "failed";
  }

  /** A FAILED record over the one read, published to the live stream; false on a conflict. */
  async #write(record: ImageRecord, failed: FailedImageRecord): Promise<boolean> {
    if ((await this.#table.replaceImage(record, failed)) === "conflict") return false;
    this.#watcher.wrote(record, failed);
    this.#logger.log({
      msg: "marked a stuck image FAILED",
      imageId: record.imageId,
      previousStatus: record.status,
      attempt: record.attempts,
      failureCode: failed.failure.code,
    });
    return true;
  }
}
