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

  const write = (name: string, key: string, item: PendingWrite["item"]) => {
    const record = resolve(name);
    if (capture) capture.push({ record, key, item });
    else db.write(record, key, item);
  };

  const itemDb = (name: string): EngineItemDb => ({
    get: (key, cb) => cb(null, db.items(resolve(name)).get(key)),
    put: (key, item, cb) => {
      write(name, key, item);
      cb(null);
    },
    del: (key, cb) => {
      write(name, key, null);
      cb(null);
    },
    lock: (_key, exec) => exec((done) => done),
    createValueStream: (options) => Readable.from(db.items(resolve(name)).range(options)),
  });

  const indexDb = (tableName: string, indexName: string): EngineItemDb => ({
    get: (_key, cb) => cb(null, undefined),
    put: (_key, _item, cb) => cb(null),
    del: (_key, cb) => cb(null),
    lock: (_key, exec) => exec((done) => done),
    createValueStream: (options) =>
      Readable.from(db.items(resolve(tableName)).indexRange(indexName, options)),
  });

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
