import { Readable } from "node:stream";
import type { DynamoDatabase, PendingWrite, Scope } from "./database.ts";
import {
  type EngineCallback,
  type EngineItemDb,
  type EngineStore,
  type EngineTable,
  MAX_ITEM_SIZE,
} from "./engine/dynalite.ts";
import { engineTable } from "./engine-table.ts";
import { resourceNotFound } from "./errors.ts";
import type { TableRecord } from "./model.ts";

/**
 * The `store` dynalite's operation modules run against, in place of its LevelDB:
 * reads and writes go to the scope's tables in the DynamoDatabase, and every callback
 * is called before the method returns, so an item write runs start to finish without
 * anything else interleaving (dynalite's per-key locks have nothing to wait for).
 *
 * With `capture`, writes are collected instead of applied: a transaction runs each of
 * its operations this way and commits them together only if none failed.
 *
 * Index writes are ignored: the database maintains the indexes itself from each item
 * change, so they need not be logged.
 */
export function engineStore(db: DynamoDatabase, scope: Scope, capture?: PendingWrite[]): EngineStore {
  const resolve = (name: string): TableRecord => {
    const record = db.find(scope, name);
    // dynalite asks for the table before its items, so it exists here; a guard for the type.
    if (!record || record.deletingAt !== undefined) throw resourceNotFound();
    return record;
  };

  // Each sub-database is bound to the table when dynalite asks for it (synchronously, right
  // after getTable succeeded), so Query's later, asynchronous reads cannot fail on a table
  // deleted meanwhile: they read what was there.
  const itemDb = (name: string): EngineItemDb => {
    const record = resolve(name);
    const items = db.items(record);
    const write = (key: string, item: PendingWrite["item"]) => {
      if (capture) capture.push({ record, key, item });
      else db.write(record, key, item);
    };
    return {
      get: (key, cb) => cb(null, items.get(key)),
      put: (key, item, cb) => {
        write(key, item);
        cb(null);
      },
      del: (key, cb) => {
        write(key, null);
        cb(null);
      },
      lock: (_key, exec) => exec((done) => done),
      createValueStream: (options) => Readable.from(items.range(options)),
    };
  };

  const indexDb = (tableName: string, indexName: string): EngineItemDb => {
    const items = db.items(resolve(tableName));
    return {
      get: (_key, cb) => cb(null, undefined),
      put: (_key, _item, cb) => cb(null),
      del: (_key, cb) => cb(null),
      lock: (_key, exec) => exec((done) => done),
      createValueStream: (options) => Readable.from(items.indexRange(indexName, options)),
    };
  };

  return {
    options: { maxItemSize: MAX_ITEM_SIZE },
    tableDb: { awsAccountId: scope.accountId, awsRegion: scope.region },
    getTable(
      name: string,
      checkStatus: boolean | EngineCallback<EngineTable>,
      cb?: EngineCallback<EngineTable>,
    ) {
      const callback = typeof checkStatus === "function" ? checkStatus : cb!;
      const record = db.find(scope, name);
      // A table still CREATING already takes items (AWS would refuse for a few seconds; nothing relies on that).
      if (!record || record.deletingAt !== undefined) {
        callback(resourceNotFound(checkStatus === false ? name : undefined));
        return;
      }
      callback(null, engineTable(record));
    },
    getItemDb: itemDb,
    getIndexDb: (_indexType, tableName, indexName) => indexDb(tableName, indexName),
  };
}
