import type { ImageStatus } from "@darkroom/image-record";
import { api, call, type ImageDetail, type ImageSummary } from "../api/client.ts";

/** Statuses that still change by themselves. */
export function isSettled(status: ImageStatus): boolean {
  return status === "PROCESSED" || status === "FAILED";
}

/** The gallery's view of an image from its detail (the record plus presigned links). */
export function summaryOf(detail: ImageDetail): ImageSummary {
  const { record } = detail;
  const thumbnail = detail.variants.find((variant) => variant.name === "thumbnail");
  return {
    imageId: record.imageId,
    status: record.status,
    originalFileName: record.originalFileName,
    contentType: record.contentType,
    originalBytes: record.originalBytes,
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
    ...("format" in record && record.format !== undefined ? { format: record.format } : {}),
    ...("width" in record && record.width !== undefined ? { width: record.width } : {}),
    ...("height" in record && record.height !== undefined ? { height: record.height } : {}),
    ...(record.status === "FAILED" ? { failure: record.failure } : {}),
    thumbnailUrl: thumbnail?.url ?? null,
  };
}

const POLL_MS = 1500;

/**
 * Follows images until they are PROCESSED or FAILED and reports each change.
 * TODO(issue 9): replace polling with the backend's SSE stream (GET /api/events) once it lands;
 * this class is the one place that knows how updates arrive.
 */
export class StatusWatcher {
  readonly #pending = new Map<string, ImageStatus>();
  readonly #onChange: (summary: ImageSummary) => void;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #stopped = false;

  constructor(onChange: (summary: ImageSummary) => void) {
    this.#onChange = onChange;
  }

  watch(imageId: string, status: ImageStatus): void {
    if (this.#stopped || isSettled(status)) return;
    this.#pending.set(imageId, status);
    this.#schedule();
  }

  stop(): void {
    this.#stopped = true;
    clearTimeout(this.#timer);
    this.#pending.clear();
  }

  #schedule(): void {
    if (this.#timer !== undefined || this.#stopped) return;
    this.#timer = setTimeout(() => void this.#poll(), POLL_MS);
  }

  async #poll(): Promise<void> {
    for (const [imageId, known] of [...this.#pending].slice(0, 20)) {
      if (this.#stopped) return;
      try {
        const detail = await call(api().GET("/api/images/{imageId}", { params: { path: { imageId } } }));
        const summary = summaryOf(detail);
        if (summary.status !== known) this.#onChange(summary);
        if (isSettled(summary.status)) this.#pending.delete(imageId);
        else this.#pending.set(imageId, summary.status);
      } catch {
        // Not written yet (the processor creates the record) or the backend is busy: ask again.
      }
    }
    this.#timer = undefined;
    if (this.#pending.size > 0) this.#schedule();
  }
}
