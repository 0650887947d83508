/** An item of a time-ordered feed: when, and what tells apart two items of the same millisecond. */
export interface FeedItem {
  at: string;
  id: string;
}

/**
 * How far a polled feed (alarm history, the alert inbox) has been read: the newest time seen and
 * the items at that time, since the next read asks "at or after" it and must not repeat them.
 */
export class HighWaterMark {
  #at: string | undefined;
  #idsAtMark = new Set<string>();

  /** Whether a first reading has set the mark. */
  get started(): boolean {
    return this.#at !== undefined;
  }

  /** Where the next read starts (epoch ms); the epoch's start before anything was seen. */
  get since(): number {
    return this.#at === undefined ? 0 : Date.parse(this.#at);
  }

  /** The first reading: what is there already is not news. */
  start(items: readonly FeedItem[]): void {
    this.#at = new Date(0).toISOString();
    this.#advance(items);
  }

  /** The items not seen before, in the order given; the mark moves past them. */
  fresh<T extends FeedItem>(items: readonly T[]): T[] {
    const mark = this.#at ?? "";
    const fresh = items.filter(
      (item) => item.at > mark || (item.at === mark && !this.#idsAtMark.has(item.id)),
    );
    this.#advance(fresh);
    return fresh;
  }

  #advance(items: readonly FeedItem[]): void {
    for (const item of items) {
      if (this.#at === undefined || item.at > this.#at) {
        this.#at = item.at;
        this.#idsAtMark = new Set([item.id]);
      } else if (item.at === this.#at) {
        this.#idsAtMark.add(item.id);
      }
    }
  }
}
