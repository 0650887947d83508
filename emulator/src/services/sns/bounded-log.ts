import type { StateStore } from "../../state/store.ts";
import type { Table } from "../../state/table.ts";

const KEY_DIGITS = 16;

/**
 * An append-only list in a state-store table that keeps only its newest `limit` entries.
 * Rows are keyed by zero-padded sequence numbers, so the table's text order is arrival order.
 */
export class BoundedLog<T> {
  private readonly table: Table<T>;
  private readonly limit: number;
  /** Row keys, oldest first; read from the table on first use. */
  private keys: string[] | null = null;
  private next = 0;

  constructor(store: StateStore, tableName: string, limit: number) {
    this.table = store.table<T>(tableName);
    this.limit = limit;
  }

  private ordered(): string[] {
    if (this.keys === null) {
      this.keys = [...this.table.keysSorted()];
      const last = this.keys.at(-1);
      this.next = last === undefined ? 0 : Number(last) + 1;
    }
    return this.keys;
  }

  /** Appends an entry, dropping the oldest beyond the limit; durable with the next flush. */
  add(entry: T): void {
    const keys = this.ordered();
    const key = String(this.next++).padStart(KEY_DIGITS, "0");
    this.table.set(key, entry);
    keys.push(key);
    while (keys.length > this.limit) this.table.delete(keys.shift()!);
  }

  /** Entries oldest first. */
  *values(): Generator<T> {
    for (const key of this.ordered()) {
      const entry = this.table.get(key);
      if (entry !== undefined) yield entry;
    }
  }

  /** Removes the entries `predicate` picks; returns how many. */
  removeWhere(predicate: (entry: T) => boolean): number {
    const kept: string[] = [];
    let removed = 0;
    for (const key of this.ordered()) {
      const entry = this.table.get(key);
      if (entry !== undefined && predicate(entry)) {
        this.table.delete(key);
        removed++;
      } else kept.push(key);
    }
    this.keys = kept;
    return removed;
  }
}
