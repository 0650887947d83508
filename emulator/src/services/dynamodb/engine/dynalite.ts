import { createRequire } from "node:module";
import type { Readable } from "node:stream";
import { AwsError } from "../../../protocol/aws-error.ts";
import { DynamoDbError } from "../errors.ts";
import type { AttributeDefinition, Item, KeySchemaElement, Projection } from "../model.ts";

/**
 * The one door to dynalite, which is untyped CommonJS: its request validation (AWS's
 * exact messages, expression parsing) and its per-operation modules, which run against
 * an `EngineStore` the emulator supplies (see ../engine-store.ts) instead of LevelDB.
 * Everything crossing this door is typed here; nothing else requires dynalite.
 */

/** A table as dynalite's modules read it. */
export interface EngineTable {
  TableName: string;
  TableStatus: string;
  KeySchema: KeySchemaElement[];
  AttributeDefinitions: AttributeDefinition[];
  GlobalSecondaryIndexes?: EngineIndex[];
  LocalSecondaryIndexes?: EngineIndex[];
}

export interface EngineIndex {
  IndexName: string;
  KeySchema: KeySchemaElement[];
  Projection: Projection;
}

/** An error as dynalite raises it: a status and an AWS JSON error body. */
export interface EngineError {
  statusCode?: number;
  name?: string;
  body?: { __type?: string; message?: string; Message?: string };
}

export type EngineCallback<T> = (err: EngineError | Error | null, result?: T) => void;

/** LevelDB range options, as dynalite's Query and Scan build them. */
export interface RangeOptions {
  gt?: string;
  gte?: string;
  lt?: string;
  lte?: string;
  reverse?: boolean;
  /** -1 for no limit. */
  limit?: number;
}

/** A sub-database of items (a table's or an index's), keyed by dynalite's sortable key strings. */
export interface EngineItemDb {
  get(key: string, cb: EngineCallback<Item | undefined>): void;
  put(key: string, item: Item, cb: EngineCallback<void>): void;
  del(key: string, cb: EngineCallback<void>): void;
  lock(key: string, exec: (release: <F>(done: F) => F) => void): void;
  createValueStream(options: RangeOptions): Readable;
}

/** What dynalite's operation modules call on their `store` argument. */
export interface EngineStore {
  options: { maxItemSize: number };
  tableDb: { awsAccountId: string; awsRegion: string };
  getTable(
    name: string,
    checkStatus: boolean | EngineCallback<EngineTable>,
    cb?: EngineCallback<EngineTable>,
  ): void;
  getItemDb(tableName: string): EngineItemDb;
  getIndexDb(indexType: string, tableName: string, indexName: string): EngineItemDb;
}

/** Operations whose input dynalite validates. */
export type ValidatedOperation =
  | "getItem"
  | "putItem"
  | "updateItem"
  | "deleteItem"
  | "query"
  | "scan"
  | "batchGetItem"
  | "batchWriteItem"
  | "createTable";

/** Operations dynalite runs. */
export type EngineAction = Exclude<ValidatedOperation, "createTable">;

declare const validated: unique symbol;

/**
 * A request as dynalite's validation returns it: the input's fields, checked and
 * normalised (numbers canonical), plus parsed expressions under `_condition`,
 * `_updates`, `_filter`, `_projection`. Only `validate` makes one.
 */
export type EngineRequest = Record<string, unknown> & { readonly [validated]: true };

/** What an action answers: the operation's output fields. */
export type EngineResult = Record<string, unknown>;

export const MAX_ITEM_SIZE = 400 * 1024;

interface ValidationModule {
  types: Record<string, unknown>;
  custom?: (data: Record<string, unknown>, store: unknown) => string | undefined;
}

interface ValidationsIndex {
  checkTypes(data: Record<string, unknown>, types: Record<string, unknown>): Record<string, unknown>;
  checkValidations(
    data: Record<string, unknown>,
    types: Record<string, unknown>,
    custom: ValidationModule["custom"],
    store: unknown,
  ): void;
}

type Action = (store: EngineStore, data: Record<string, unknown>, cb: EngineCallback<EngineResult>) => void;

interface IndexAction {
  index: string;
  key: string;
  item?: Item;
}

interface DbModule {
  createKey(item: Item, table: EngineTable, keySchema?: KeySchemaElement[]): string;
  validateKey(key: Item, table: EngineTable, keySchema?: KeySchemaElement[]): EngineError | undefined | null;
  validateItem(item: Item, table: EngineTable): EngineError | undefined | null;
  validateUpdates(
    attributeUpdates: unknown,
    expressionUpdates: unknown,
    table: EngineTable,
  ): EngineError | undefined;
  getIndexActions(
    indexes: EngineIndex[],
    existingItem: Item | undefined,
    item: Item | undefined,
    table: EngineTable,
  ): { puts: IndexAction[]; deletes: IndexAction[] };
  checkConditional(
    data: Record<string, unknown>,
    existingItem: Item | undefined,
  ): EngineError | undefined | null;
  mapPaths(paths: unknown, item: Item): Item;
  itemSize(item: Item): number;
}

interface Dynalite {
  validations: ValidationsIndex;
  validationModules: Record<ValidatedOperation, ValidationModule>;
  actions: Record<EngineAction, Action>;
  db: DbModule;
}

let loaded: Dynalite | null = null;

/** Loaded on first use: requiring dynalite costs tens of milliseconds the emulator's start need not pay. */
function dynalite(): Dynalite {
  if (loaded) return loaded;
  const require = createRequire(import.meta.url);
  const load = (path: string): unknown => require(`dynalite/${path}.js`);
  const ops: ValidatedOperation[] = [
    "getItem",
    "putItem",
    "updateItem",
    "deleteItem",
    "query",
    "scan",
    "batchGetItem",
    "batchWriteItem",
    "createTable",
  ];
  const validationModules = Object.fromEntries(
    ops.map((op) => [op, load(`validations/${op}`) as ValidationModule]),
  ) as Record<ValidatedOperation, ValidationModule>;
  const actions = Object.fromEntries(
    ops.filter((op) => op !== "createTable").map((op) => [op, load(`actions/${op}`) as Action]),
  ) as Record<EngineAction, Action>;
  loaded = {
    validations: load("validations/index") as ValidationsIndex,
    validationModules,
    actions,
    db: load("db/index") as DbModule,
  };
  return loaded;
}

/** Turns dynalite's error bodies into DynamoDbErrors; anything else is a bug and stays as it is. */
export function toAwsError(err: unknown): Error {
  if (err instanceof AwsError) return err;
  const body = (err as EngineError | null)?.body;
  if (body && typeof body.__type === "string") {
    const hash = body.__type.indexOf("#");
    const code = body.__type.slice(hash + 1);
    return new DynamoDbError(code, body.message ?? body.Message ?? "", {
      status: (err as EngineError).statusCode ?? 400,
      namespace: body.__type.slice(0, Math.max(hash, 0)) || undefined,
      messageKey: body.Message !== undefined ? "Message" : "message",
    });
  }
  return err instanceof Error ? err : new Error(String(err));
}

/**
 * Checks an operation's input as DynamoDB does (types, constraints, expressions) and
 * returns it normalised, with expressions parsed. Throws the AWS-shaped error.
 */
export function validate(
  operation: ValidatedOperation,
  input: Record<string, unknown>,
  scope: { accountId: string; region: string },
): EngineRequest {
  const { validations, validationModules } = dynalite();
  const module = validationModules[operation];
  const store = { options: { maxItemSize: MAX_ITEM_SIZE }, tableDb: { awsAccountId: scope.accountId } };
  try {
    // checkTypes deletes fields it does not know from what it is given: hand it a copy.
    const data = validations.checkTypes({ ...input }, module.types);
    validations.checkValidations(data, module.types, module.custom, store);
    return data as EngineRequest;
  } catch (err) {
    throw toAwsError(err);
  }
}

/** Runs one of dynalite's operations against `store`. */
export function run(action: EngineAction, store: EngineStore, request: EngineRequest): Promise<EngineResult> {
  return new Promise((resolve, reject) => {
    dynalite().actions[action](store, request, (err, result) => {
      if (err) reject(toAwsError(err));
      else resolve(result ?? {});
    });
  });
}

/**
 * Runs an operation that must finish within this call, which dynalite's item writes do
 * against a store that answers synchronously: nothing else can run in between, so a
 * read-check-write (or a whole transaction) is atomic without locks.
 */
export function runNow(action: EngineAction, store: EngineStore, request: EngineRequest): EngineResult {
  let outcome: { err: unknown; result?: EngineResult } | null = null;
  dynalite().actions[action](store, request, (err, result) => {
    outcome = { err, result: result ?? {} };
  });
  const done = outcome as { err: unknown; result?: EngineResult } | null;
  if (done === null) throw new Error(`dynalite's ${action} did not complete synchronously`);
  if (done.err) throw toAwsError(done.err);
  return done.result ?? {};
}

/** The sortable key dynalite stores an item under. */
export function itemKey(item: Item, table: EngineTable): string {
  return dynalite().db.createKey(item, table);
}

export function checkKey(key: Item, table: EngineTable): void {
  const invalid = dynalite().db.validateKey(key, table);
  if (invalid) throw toAwsError(invalid);
}

export function checkItem(item: Item, table: EngineTable): void {
  const invalid = dynalite().db.validateItem(item, table);
  if (invalid) throw toAwsError(invalid);
}

export function checkUpdates(request: EngineRequest, table: EngineTable): void {
  const invalid = dynalite().db.validateUpdates(request.AttributeUpdates, request._updates, table);
  if (invalid) throw toAwsError(invalid);
}

/** Whether `item` (undefined when absent) passes the request's condition; throws ConditionalCheckFailed. */
export function checkCondition(request: EngineRequest, item: Item | undefined): void {
  const invalid = dynalite().db.checkConditional(request, item);
  if (invalid) throw toAwsError(invalid);
}

/** The request's ProjectionExpression (or AttributesToGet) applied to `item`. */
export function project(request: EngineRequest, item: Item): Item {
  const paths = (request._projection as { paths?: unknown } | undefined)?.paths ?? request.AttributesToGet;
  return paths ? dynalite().db.mapPaths(paths, item) : item;
}

/** An item's size as DynamoDB counts it. */
export function itemSize(item: Item): number {
  return dynalite().db.itemSize(item);
}

/** Index entries to add and remove when an item changes from `before` to `after`. */
export function indexChanges(
  table: EngineTable,
  before: Item | undefined,
  after: Item | undefined,
): {
  puts: Array<{ index: string; key: string; item: Item }>;
  deletes: Array<{ index: string; key: string }>;
} {
  const indexes = [...(table.GlobalSecondaryIndexes ?? []), ...(table.LocalSecondaryIndexes ?? [])];
  if (indexes.length === 0) return { puts: [], deletes: [] };
  const { puts, deletes } = dynalite().db.getIndexActions(indexes, before, after, table);
  return {
    puts: puts.map((p) => ({ index: p.index, key: p.key, item: p.item as Item })),
    deletes: deletes.map((d) => ({ index: d.index, key: d.key })),
  };
}
