import type { StateStore } from "../../state/store.ts";
import type { Table } from "../../state/table.ts";
import {
  type EngineIndex,
  type EngineTable,
  indexChanges,
  itemSize,
  type RangeOptions,
} from "./engine/dynalite.ts";
import type { Item } from "./model.ts";
import { SortedKeys } from "./sorted-keys.ts";

/** The state table holding one DynamoDB table's items, keyed by dynalite's item keys. */
export function itemTableName(tableId: string): string {
  return `dynamodb/items/${tableId}`;
}

/** One secondary index: projected items by index key, in memory only. */
class IndexEntries {
  readonly keys = new SortedKeys();
  readonly items = new Map<string, Item>();
  bytes = 0;

  put(key: string, item: Item): void {
    const old = this.items.get(key);
    if (old) this.bytes -= itemSize(old);
    else this.keys.add(key);
    this.items.set(key, item);
    this.bytes += itemSize(item);
  }

  delete(key: string): void {
    const old = this.items.get(key);
    if (!old) return;
    this.bytes -= itemSize(old);
    this.items.delete(key);
    this.keys.remove(key);
  }
}

/**
 * A table's items: the rows live in the state store (one log record per write, so an
 * acknowledged write survives a crash); the key order and the secondary indexes are
 * rebuilt in memory from the rows, so an index can never disagree with its table on disk.
 */
export class TableItems {
  private readonly rows: Table<Item>;
  private readonly keys = new SortedKeys();
  private readonly indexes = new Map<string, IndexEntries>();
  private totalBytes = 0;

  constructor(store: StateStore, tableId: string, table: EngineTable) {
    this.rows = store.table<Item>(itemTableName(tableId));
    this.keys.load(Array.from(this.rows.entries(), ([key]) => key));
    for (const item of this.rows.values()) this.totalBytes += itemSize(item);
    for (const index of [...(table.GlobalSecondaryIndexes ?? []), ...(table.LocalSecondaryIndexes ?? [])]) {
      this.addIndex(index, table);
    }
  }

  get count(): number {
    return this.rows.size;
  }

  get bytes(): number {
    return this.totalBytes;
  }

  indexStats(name: string): { count: number; bytes: number } {
    const index = this.indexes.get(name);
    return { count: index?.items.size ?? 0, bytes: index?.bytes ?? 0 };
  }

  get(key: string): Item | undefined {
    return this.rows.get(key);
  }

  entries(): IterableIterator<[string, Item]> {
    return this.rows.entries();
  }

  /** Stores (or with null, deletes) the item under `key`, and updates the indexes `table` declares. */
  write(key: string, item: Item | null, table: EngineTable): void {
    const before = this.rows.get(key);
    if (item === null) {
      if (!before) return;
      this.rows.delete(key);
      this.keys.remove(key);
    } else {
      this.rows.set(key, item);
      if (!before) this.keys.add(key);
      this.totalBytes += itemSize(item);
    }
    if (before) this.totalBytes -= itemSize(before);
    const changes = indexChanges(table, before, item ?? undefined);
    for (const d of changes.deletes) this.indexes.get(d.index)?.delete(d.key);
    for (const p of changes.puts) this.indexes.get(p.index)?.put(p.key, p.item);
  }

  /** The items whose keys fall in the range. */
  range(options: RangeOptions): Item[] {
    return this.keys.range(options).map((key) => this.rows.get(key)!);
  }

  /** The projected items of an index whose index keys fall in the range. */
  indexRange(name: string, options: RangeOptions): Item[] {
    const index = this.indexes.get(name);
    if (!index) return [];
    return index.keys.range(options).map((key) => index.items.get(key)!);
  }

  /** Builds an index over the current items (at load, or when UpdateTable adds a GSI). */
  addIndex(index: EngineIndex, table: EngineTable): void {
    const entries = new IndexEntries();
    this.indexes.set(index.IndexName, entries);
    const only: EngineTable = { ...table, GlobalSecondaryIndexes: [index], LocalSecondaryIndexes: [] };
    const keys: string[] = [];
    for (const item of this.rows.values()) {
      for (const p of indexChanges(only, undefined, item).puts) {
        entries.items.set(p.key, p.item);
        entries.bytes += itemSize(p.item);
        keys.push(p.key);
      }
    }
    entries.keys.load(keys);
  }

  dropIndex(name: string): void {
    this.indexes.delete(name);
  }

  /** Deletes every item (DeleteTable). */
  purge(): void {
    purgeItems(this.rows);
    this.keys.load([]);
    this.indexes.clear();
    this.totalBytes = 0;
  }
}

/** Deletes every row of a table's items, loaded or not (DeleteTable, and a delete a crash interrupted). */
export function purgeItems(rows: Table<Item>): void {
  for (const [key] of Array.from(rows.entries())) rows.delete(key);
}
