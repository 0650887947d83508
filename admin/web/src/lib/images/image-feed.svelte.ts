import { api, call, type ImageSummary } from "../api/client.ts";
import { type ImageFilters, listQuery } from "./filters.ts";
import { PAGE_SIZE } from "./page-size.ts";

/**
 * The gallery's images for one set of filters, page by page over the backend's cursors. Items
 * are unique by imageId: a live update or an upload replaces an item in place.
 */
export class ImageFeed {
  items = $state<ImageSummary[]>([]);
  loading = $state(false);
  error = $state<unknown>(null);
  /** True once the last page came back without a next cursor. */
  done = $state(false);

  #cursor: string | null = null;
  #filters: ImageFilters;
  #generation = 0;

  constructor(filters: ImageFilters) {
    this.#filters = filters;
  }

  get filters(): ImageFilters {
    return this.#filters;
  }

  /** Starts over with other filters; a page still in flight for the old ones is dropped. */
  reset(filters: ImageFilters): void {
    this.#filters = filters;
    this.#generation += 1;
    this.#cursor = null;
    this.items = [];
    this.done = false;
    this.error = null;
    this.loading = false;
  }

  async loadMore(): Promise<void> {
    if (this.loading || this.done) return;
    const generation = this.#generation;
    this.loading = true;
    this.error = null;
    try {
      const page = await call(
        api().GET("/api/images", {
          params: {
            query: {
              limit: PAGE_SIZE,
              ...listQuery(this.#filters),
              ...(this.#cursor ? { cursor: this.#cursor } : {}),
            },
          },
        }),
      );
      if (generation !== this.#generation) return;
      const known = new Set(this.items.map((item) => item.imageId));
      this.items.push(...page.items.filter((item) => !known.has(item.imageId)));
      this.#cursor = page.nextCursor;
      this.done = page.nextCursor === null;
    } catch (error) {
      if (generation === this.#generation) this.error = error;
    } finally {
      if (generation === this.#generation) this.loading = false;
    }
  }

  /** An image this tab just uploaded; a live update that arrived first is kept. */
  addNew(summary: ImageSummary): void {
    if (!this.items.some((item) => item.imageId === summary.imageId)) this.upsert(summary);
  }

  /** A newer view of an image: replaced where it is, or added first (newest first) if it matches. */
  upsert(summary: ImageSummary): void {
    const at = this.items.findIndex((item) => item.imageId === summary.imageId);
    if (at >= 0) this.items[at] = summary;
    else if (this.#matches(summary)) this.items.unshift(summary);
  }

  #matches(summary: ImageSummary): boolean {
    const { status, format, label, from, to } = this.#filters;
    if (status && summary.status !== status) return false;
    if (format && summary.format !== format) return false;
    // Labels are known once processed; the listing will show it if it matches.
    if (label) return false;
    const range = listQuery({ ...(from ? { from } : {}), ...(to ? { to } : {}) });
    if (range.from && summary.createdAt < range.from) return false;
    if (range.to && summary.createdAt > range.to) return false;
    return true;
  }
}
