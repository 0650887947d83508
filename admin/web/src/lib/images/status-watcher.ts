import { type ImageStatus, imageSummaryFields } from "@darkroom/image-record";
import { api, call, type ImageDetail, type ImageSummary } from "../api/client.ts";
import { liveEvents } from "../live/live-events.svelte.ts";

/** Statuses that still change by themselves. */
export function isSettled(status: ImageStatus): boolean {
  return status === "PROCESSED" || status === "FAILED";
}

/** The gallery's view of an image from its detail (the record plus presigned links). */
export function summaryOf(detail: ImageDetail): ImageSummary {
  const thumbnail = detail.variants.find((variant) => variant.name === "thumbnail");
  return { ...imageSummaryFields(detail.record), thumbnailUrl: thumbnail?.url ?? null };
}

const POLL_MS = 2000;

/**
 * Keeps the gallery's images current. The backend's event stream says when an image changes
 * (or appears); the watcher then reads its detail for the new summary (a fresh thumbnail link).
 * While the stream is down, it polls the images it knows are still being processed.
 */
export class StatusWatcher {
  readonly #pending = new Map<string, ImageStatus>();
  readonly #onChange: (summary: ImageSummary) => void;
  readonly #unsubscribe: () => void;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #stopped = false;

  constructor(onChange: (summary: ImageSummary) => void) {
    this.#onChange = onChange;
    this.#unsubscribe = liveEvents.onImage((event) => void this.#refresh(event.imageId));
  }

  watch(imageId: string, status: ImageStatus): void {
    if (this.#stopped || isSettled(status)) return;
    this.#pending.set(imageId, status);
    this.#schedule();
  }

  stop(): void {
    this.#stopped = true;
    this.#unsubscribe();
    clearTimeout(this.#timer);
    this.#pending.clear();
  }

  async #refresh(imageId: string): Promise<void> {
    try {
      const detail = await call(api().GET("/api/images/{imageId}", { params: { path: { imageId } } }));
      if (this.#stopped) return;
      const summary = summaryOf(detail);
      this.#onChange(summary);
      if (isSettled(summary.status)) this.#pending.delete(imageId);
      else this.#pending.set(imageId, summary.status);
    } catch {
      // Deleted since, or the backend is busy: the next event or poll tells.
    }
  }

  #schedule(): void {
    if (this.#timer !== undefined || this.#stopped) return;
    this.#timer = setTimeout(() => void this.#poll(), POLL_MS);
  }

  async #poll(): Promise<void> {
    if (!liveEvents.connected) {
      for (const imageId of [...this.#pending.keys()].slice(0, 20)) {
        if (this.#stopped) return;
        await this.#refresh(imageId);
      }
    }
    this.#timer = undefined;
    if (this.#pending.size > 0) this.#schedule();
  }
}
