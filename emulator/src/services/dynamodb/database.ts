import { randomUUID } from "node:crypto";
import type { RequestContext } from "../../gateway/context.ts";
import type { StateStore } from "../../state/store.ts";
import type { Table } from "../../state/table.ts";
import { engineTable } from "./engine-table.ts";
import { DELETE_MS, type GsiRecord, type Item, type TableRecord } from "./model.ts";
import { itemTableName, purgeItems, TableItems } from "./table-items.ts";

/** Tables are per account and per region, as on AWS. */
export interface Scope {
  accountId: string;
  region: string;
}

export function scopeOf(ctx: RequestContext): Scope {
  return { accountId: ctx.accountId, region: ctx.region };
}

/** One item change, as a transaction collects them before it commits. */
export interface PendingWrite {
  record: TableRecord;
  key: string;
  item: Item | null;
}

/** A transaction's changes, logged ahead of them so that a crash keeps all or none. */
interface TransactionRecord {
  writes: Array<{ tableId: string; key: string; item: Item | null }>;
}

/**
 * DynamoDB's state in the emulator's store: a catalog of tables (all accounts and
 * regions, keyed `<account>/<region>/<name>`), one state table of items per DynamoDB
 * table, and the redo records of transactions being committed.
 */
export class DynamoDatabase {
  readonly store: StateStore;
  private readonly catalog: Table<TableRecord>;
  private readonly transactions: Table<TransactionRecord>;
  /** Items of the tables used since start, with their in-memory key order and indexes. */
  private readonly loaded = new Map<string, TableItems>();

  constructor(store: StateStore) {
    this.store = store;
    this.catalog = store.table<TableRecord>("dynamodb/tables");
    this.transactions = store.table<TransactionRecord>("dynamodb/transactions");
    this.recover();
  }

  private static key(scope: Scope, name: string): string {
    return `${scope.accountId}/${scope.region}/${name}`;
  }

  /**
   * Finishes what a crash cut short. A transaction's redo record is logged before its
   * item writes and deleted after them, in one batch: if the record survived, some of
   * the writes may not have, so all are applied again. A deleted table's items are
   * purged again in case the purge was cut off.
   */
  private recover(): void {
    for (const [id, txn] of Array.from(this.transactions.entries())) {
      for (const w of txn.writes) {
        const rows = this.store.table<Item>(itemTableName(w.tableId));
        if (w.item === null) rows.delete(w.key);
        else rows.set(w.key, w.item);
      }
      this.transactions.delete(id);
    }
    for (const [key, record] of Array.from(this.catalog.entries())) {
      if (record.deletingAt === undefined) continue;
      purgeItems(this.store.table<Item>(itemTableName(record.id)));
      this.catalog.delete(key);
    }
  }

  /** The table, unless there is none or its deletion has finished (then its record goes). */
  find(scope: Scope, name: string): TableRecord | undefined {
    const key = DynamoDatabase.key(scope, name);
    const record = this.catalog.get(key);
    if (record && this.deletionFinished(record)) {
      this.catalog.delete(key);
      return undefined;
    }
    return record;
  }

  /** The scope's tables, by name. */
  list(scope: Scope): TableRecord[] {
    const prefix = DynamoDatabase.key(scope, "");
    const out: TableRecord[] = [];
    for (const key of this.catalog.keysSorted()) {
      if (!key.startsWith(prefix)) continue;
      const record = this.catalog.get(key)!;
      // keysSorted() hands out its cached array, so deleting while iterating is safe.
      if (this.deletionFinished(record)) this.catalog.delete(key);
      else out.push(record);
    }
    return out;
  }

  /** Every live table in every account and region (the TTL sweep). */
  all(): TableRecord[] {
    return Array.from(this.catalog.values()).filter((r) => r.deletingAt === undefined);
  }

  save(record: TableRecord): void {
    this.catalog.set(DynamoDatabase.key(record, record.name), record);
  }

  /** The table's items, loaded (key order and indexes built) on first use. */
  items(record: TableRecord): TableItems {
    let items = this.loaded.get(record.id);
    if (!items) {
      items = new TableItems(this.store, record.id, engineTable(record));
      this.loaded.set(record.id, items);
    }
    return items;
  }

  /** Deletes all of a table's items (DeleteTable). */
  dropItems(record: TableRecord): void {
    const items = this.loaded.get(record.id);
    if (items) items.purge();
    else purgeItems(this.store.table<Item>(itemTableName(record.id)));
    this.loaded.delete(record.id);
  }

  /** Keeps a loaded table's in-memory indexes in step with GSIs added or removed. */
  indexesChanged(record: TableRecord, added: readonly GsiRecord[], dropped: readonly string[]): void {
    const items = this.loaded.get(record.id);
    if (!items) return;
    const table = engineTable(record);
    for (const g of added) {
      items.addIndex({ IndexName: g.name, KeySchema: g.keySchema, Projection: g.projection }, table);
    }
    for (const name of dropped) items.dropIndex(name);
  }

  write(record: TableRecord, key: string, item: Item | null): void {
    this.items(record).write(key, item, engineTable(record));
  }

  /** Applies a transaction's writes so that a crash keeps all of them or none. */
  commit(writes: readonly PendingWrite[]): void {
    if (writes.length === 1) this.write(writes[0]!.record, writes[0]!.key, writes[0]!.item);
    if (writes.length <= 1) return;
    const id = randomUUID();
    this.transactions.set(id, {
      writes: writes.map((w) => ({ tableId: w.record.id, key: w.key, item: w.item })),
    });
    for (const w of writes) this.write(w.record, w.key, w.item);
    this.transactions.delete(id);
  }

  private deletionFinished(record: TableRecord): boolean {
    return record.deletingAt !== undefined && Date.now() >= record.deletingAt + DELETE_MS;
  }
}
