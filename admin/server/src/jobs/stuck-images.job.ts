import { failedFrom, MAX_ATTEMPTS, type ProcessingImageRecord } from "@darkroom/image-record";
import { Inject, Injectable, Logger } from "@nestjs/common";
import { ADMIN_SETTINGS, IMAGE_TABLE, PROCESSOR_INVOKER } from "../app/tokens.ts";
import { recordsWithStatus } from "../images/status-partition.ts";
import { ImageStatusWatcher } from "../live/image-status-watcher.ts";
import type { ImageTable } from "../repositories/image-table.repository.ts";
import type { ProcessorInvoker } from "../repositories/processor-invoker.repository.ts";
import type { AdminSettings } from "../settings/admin-settings.ts";
import type { JobDetails, ScheduledJob } from "./scheduled-job.ts";

/** PROCESSING records read per run, at most (stuck ones are few; a flood waits for the next run). */
const MAX_PER_RUN = 1_000;

export type StuckAction = { kind: "wait" } | { kind: "reinvoke" } | { kind: "fail"; message: string };

const minutes = (ms: number) => `${Math.round(ms / 6_000) / 10} minutes`;

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
 * applies stuckAction to each record. Both writes are conditional on the record as read
 * (status, attempt, updatedAt), so an attempt that finishes or starts meanwhile wins.
 */
@Injectable()
export class StuckImagesJob implements ScheduledJob {
  readonly name = "stuck-images";
  readonly #logger = new Logger("StuckImagesJob");
  readonly #table: ImageTable;
  readonly #processor: ProcessorInvoker;
  readonly #stuckAfterMs: number;
  readonly #watcher: ImageStatusWatcher;

  constructor(
    @Inject(IMAGE_TABLE) table: ImageTable,
    @Inject(PROCESSOR_INVOKER) processor: ProcessorInvoker,
    @Inject(ADMIN_SETTINGS) settings: AdminSettings,
    @Inject(ImageStatusWatcher) watcher: ImageStatusWatcher,
  ) {
    this.#table = table;
    this.#processor = processor;
    this.#stuckAfterMs = settings.jobs.stuckAfterMs;
    this.#watcher = watcher;
  }

  async run(now = Date.now()): Promise<JobDetails> {
    const counts = { processing: 0, reinvoked: 0, failed: 0, conflicts: 0, invokeErrors: 0 };
    for (const record of await recordsWithStatus(this.#table, "PROCESSING", { max: MAX_PER_RUN })) {
      if (record.status !== "PROCESSING") continue;
      counts.processing += 1;
      const action = stuckAction(record, now, this.#stuckAfterMs);
      if (action.kind === "reinvoke") counts[await this.#reinvoke(record, now)] += 1;
      if (action.kind === "fail") counts[await this.#fail(record, action.message, now)] += 1;
    }
    return counts;
  }

  /** Marks the attempt first (so a restart cannot re-invoke it twice), then invokes. */
  async #reinvoke(
    record: ProcessingImageRecord,
    now: number,
  ): Promise<"reinvoked" | "conflicts" | "invokeErrors"> {
    const marked = { ...record, reinvokedAt: new Date(now).toISOString() };
    if ((await this.#table.replaceImage(record, marked)) === "conflict") return "conflicts";
    try {
      await this.#processor.reprocess({ key: record.originalKey, bytes: record.originalBytes });
      this.#watcher.expect(marked);
    } catch (error) {
      // Not invoked after all: the mark goes, and the next run tries again.
      await this.#table.replaceImage(marked, record);
      this.#logger.warn({
        msg: "could not re-invoke a stuck image",
        imageId: record.imageId,
        error: (error as Error).message,
      });
      return "invokeErrors";
    }
    this.#logger.log({ msg: "re-invoked a stuck image", imageId: record.imageId, attempt: record.attempts });
    return "reinvoked";
  }

  async #fail(record: ProcessingImageRecord, message: string, now: number): Promise<"failed" | "conflicts"> {
    const failed = failedFrom(record, { code: "TIMEOUT", message }, {}, {}, new Date(now));
    if ((await this.#table.replaceImage(record, failed)) === "conflict") return "conflicts";
    this.#watcher.wrote(record, failed);
    this.#logger.log({
      msg: "marked a stuck image FAILED",
      imageId: record.imageId,
      attempt: record.attempts,
      failureCode: "TIMEOUT",
    });
    return "failed";
  }
}
