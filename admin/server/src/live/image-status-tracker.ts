import type { ImageRecord, ImageStatus } from "@darkroom/image-record";
import type { ImageEvent } from "./live-events.dto.ts";

interface Seen {
  status: ImageStatus;
  updatedAt: string;
  createdAt: string;
  /** Set while a run the backend asked for (reprocess) has not written yet: when it was asked. */
  expectedSince?: number;
}

/** A run asked for that has written nothing in this long was not going to (its invoke failed). */
const EXPECT_WINDOW_MS = 15 * 60_000;

/** UPLOADED and PROCESSING: an image in one of these will change again. */
export function isActive(status: ImageStatus): boolean {
  return status === "UPLOADED" || status === "PROCESSING";
}

/**
 * What the image watcher knows of each image it has seen, and the changes a new reading
 * shows. Readings can arrive out of order (a GSI lags its table): only a newer `updatedAt`
 * counts, so an index still listing an image as PROCESSING cannot undo its PROCESSED.
 */
export class ImageStatusTracker {
  readonly #seen = new Map<string, Seen>();

  get size(): number {
    return this.#seen.size;
  }

  /** Remembers the records without reporting them: what the first reading is. */
  remember(records: readonly ImageRecord[]): void {
    for (const record of records) this.#update(record);
  }

  /** The changes these records show, each image once, oldest change first. */
  observe(records: readonly ImageRecord[]): ImageEvent[] {
    const events: ImageEvent[] = [];
    for (const record of records) {
      const before = this.#seen.get(record.imageId);
      if (before !== undefined && record.updatedAt <= before.updatedAt) continue;
      this.#update(record);
      // The same status again is news only when a run was asked for: its result (PROCESSED anew).
      if (before !== undefined && before.status === record.status && before.expectedSince === undefined)
        continue;
      events.push({
        imageId: record.imageId,
        status: record.status,
        previousStatus: before?.status ?? null,
        attempts: record.attempts,
        updatedAt: record.updatedAt,
        ...(record.status === "FAILED" ? { failure: record.failure } : {}),
      });
    }
    return events.sort((a, b) => (a.updatedAt < b.updatedAt ? -1 : a.updatedAt > b.updatedAt ? 1 : 0));
  }

  /**
   * A status write the backend made itself (the stuck-images job): its change, reported at once.
   * Polling alone can miss it, since a record may sit in PROCESSING for less than a poll.
   */
  wrote(previous: ImageRecord, next: ImageRecord): ImageEvent[] {
    if (!this.#seen.has(previous.imageId)) this.#update(previous);
    return this.observe([next]);
  }

  /**
   * The backend asked the processor to run again (reprocess): follow the image as if active
   * until a newer write shows, since a finished image's next status lies outside the partitions
   * and the time window the watcher polls.
   */
  expect(record: ImageRecord, now: number): void {
    this.#update(record);
    this.#seen.get(record.imageId)!.expectedSince = now;
  }

  /** Images last seen UPLOADED or PROCESSING, or expected to change, that are not among `listed`. */
  missing(listed: ReadonlySet<string>): string[] {
    return [...this.#seen]
      .filter(([id, seen]) => (isActive(seen.status) || seen.expectedSince !== undefined) && !listed.has(id))
      .map(([id]) => id);
  }

  forget(imageId: string): void {
    this.#seen.delete(imageId);
  }

  /**
   * Drops finished images created before `createdBefore` (no later reading lists them again),
   * unless a run was asked for them less than EXPECT_WINDOW_MS before `now`.
   */
  prune(createdBefore: string, now: number): void {
    for (const [id, seen] of this.#seen) {
      const expected = seen.expectedSince !== undefined && now - seen.expectedSince < EXPECT_WINDOW_MS;
      if (!isActive(seen.status) && !expected && seen.createdAt < createdBefore) this.#seen.delete(id);
    }
  }

  #update(record: ImageRecord): void {
    this.#seen.set(record.imageId, {
      status: record.status,
      updatedAt: record.updatedAt,
      createdAt: record.createdAt,
    });
  }
}
