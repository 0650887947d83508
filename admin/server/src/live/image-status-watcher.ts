import type { ImageRecord } from "@darkroom/image-record";
import { Inject, Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from "@nestjs/common";
import type { Subscription } from "rxjs";
import { ADMIN_SETTINGS, IMAGE_TABLE } from "../app/tokens.ts";
import { recordsWithStatus } from "../images/status-partition.ts";
import type { ImageTable } from "../repositories/image-table.repository.ts";
import type { AdminSettings } from "../settings/admin-settings.ts";
import { ImageStatusTracker } from "./image-status-tracker.ts";
import type { ImageEvent } from "./live-events.dto.ts";
import { LiveEvents } from "./live-events.ts";

/**
 * Finished images are looked for among those created since the previous poll, less this much:
 * the API's clock (createdAt) may differ from ours.
 */
const RECENT_MARGIN_MS = 60_000;
/** UPLOADED records older than this are uploads that never came (a presigned POST lives 15 minutes at most). */
const UPLOAD_WINDOW_MS = 60 * 60_000;
/** Records read per status and poll, at most. */
const MAX_PER_STATUS = 1_000;

/**
 * `event: image` for the live stream. While someone listens it polls, every DARKROOM_IMAGE_POLL_MS,
 * the gsi2 partitions where images change (STATUS#UPLOADED and STATUS#PROCESSING), plus images
 * created since the last poll that already finished (an upload processed between two polls); an
 * image that left the partitions is read to learn its new status. Queries only, never a Scan;
 * nothing at all while nobody listens.
 */
@Injectable()
export class ImageStatusWatcher implements OnModuleInit, OnApplicationShutdown {
  readonly #logger = new Logger("ImageStatusWatcher");
  readonly #table: ImageTable;
  readonly #events: LiveEvents;
  readonly #intervalMs: number;
  #tracker: ImageStatusTracker | undefined;
  #lastPoll: number | undefined;
  #timer: NodeJS.Timeout | undefined;
  #listening = false;
  /** Each start's loop stops once another start (or a stop) replaced it. */
  #generation = 0;
  #subscription: Subscription | undefined;
  /** Settles once the current listening's first poll has taken note of what is there. */
  #watching: Promise<void> = Promise.resolve();

  constructor(
    @Inject(IMAGE_TABLE) table: ImageTable,
    @Inject(LiveEvents) events: LiveEvents,
    @Inject(ADMIN_SETTINGS) settings: AdminSettings,
  ) {
    this.#table = table;
    this.#events = events;
    this.#intervalMs = settings.live.imagePollMs;
  }

  onModuleInit(): void {
    this.#subscription = this.#events.listeners$.subscribe((listeners) => {
      if (listeners > 0 && !this.#listening) this.#start();
      if (listeners === 0 && this.#listening) this.#stop();
    });
  }

  /**
   * Resolves once the first poll since someone started listening is done: from then on every
   * change is reported (the stream says so with a `: watching images` comment).
   */
  whenWatching(): Promise<void> {
    return this.#watching;
  }

  /** A status change the backend wrote itself, published now (polling may never see it). */
  wrote(previous: ImageRecord, next: ImageRecord): void {
    for (const event of this.#tracker?.wrote(previous, next) ?? [])
      this.#events.publish({ type: "image", data: event });
  }

  /** The backend asked the processor to run this image again: report what that run writes. */
  expect(record: ImageRecord, now = Date.now()): void {
    this.#tracker?.expect(record, now);
  }

  onApplicationShutdown(): void {
    this.#subscription?.unsubscribe();
    this.#stop();
  }

  /**
   * One poll: the first one only takes note of what is there; later ones publish what changed.
   * Returns the events published.
   */
  async poll(now = Date.now()): Promise<ImageEvent[]> {
    const since = new Date((this.#lastPoll ?? now) - RECENT_MARGIN_MS).toISOString();
    const uploadsFrom = new Date(now - UPLOAD_WINDOW_MS).toISOString();
    const listed = (
      await Promise.all([
        recordsWithStatus(this.#table, "UPLOADED", { from: uploadsFrom, max: MAX_PER_STATUS }),
        recordsWithStatus(this.#table, "PROCESSING", { max: MAX_PER_STATUS }),
        recordsWithStatus(this.#table, "PROCESSED", { from: since, max: MAX_PER_STATUS }),
        recordsWithStatus(this.#table, "FAILED", { from: since, max: MAX_PER_STATUS }),
      ])
    ).flat();
    this.#lastPoll = now;
    if (this.#tracker === undefined) {
      this.#tracker = new ImageStatusTracker();
      this.#tracker.remember(listed);
      return [];
    }
    const tracker = this.#tracker;
    const events = tracker.observe(listed);
    for (const imageId of tracker.missing(new Set(listed.map((record) => record.imageId)))) {
      const record = await this.#table.getImage(imageId);
      if (record === undefined) {
        tracker.forget(imageId);
        continue;
      }
      events.push(...tracker.observe([record]));
      // An upload that never came ages out of the listing: stop asking after it.
      if (record.status === "UPLOADED" && record.createdAt < uploadsFrom) tracker.forget(imageId);
    }
    tracker.prune(since, now);
    for (const event of events) this.#events.publish({ type: "image", data: event });
    return events;
  }

  #start(): void {
    this.#listening = true;
    const generation = ++this.#generation;
    let watching: () => void = () => {};
    this.#watching = new Promise((resolve) => {
      watching = resolve;
    });
    const loop = async () => {
      try {
        await this.poll();
      } catch (error) {
        this.#logger.warn({ msg: "image status poll failed", error: (error as Error).message });
      }
      watching();
      if (generation === this.#generation) this.#timer = setTimeout(loop, this.#intervalMs);
    };
    this.#timer = setTimeout(loop, 0);
  }

  /** Nobody listens: no more polls, and the next listener starts from a fresh reading. */
  #stop(): void {
    this.#listening = false;
    this.#generation += 1;
    clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#tracker = undefined;
    this.#lastPoll = undefined;
  }
}
