import type { ImageRecord, ImageStatus } from "@darkroom/image-record";
import type { ImageEvent } from "./live-events.dto.ts";

interface Seen {
  status: ImageStatus;
  updatedAt: string;
  createdAt: string;
}

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
      if (before !== undefined && before.status === record.status) continue;
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

  /** Images last seen UPLOADED or PROCESSING that are not among `listed`: they changed, or are gone. */
  missing(listed: ReadonlySet<string>): string[] {
    return [...this.#seen].filter(([id, seen]) => isActive(seen.status) && !listed.has(id)).map(([id]) => id);
  }

  forget(imageId: string): void {
    this.#seen.delete(imageId);
  }

  /** Drops finished images created before `createdBefore`: no later reading lists them again. */
  prune(createdBefore: string): void {
    for (const [id, seen] of this.#seen) {
      if (!isActive(seen.status) && seen.createdAt < createdBefore) this.#seen.delete(id);
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
