import type { RequestContext } from "../../gateway/context.ts";
import { type DynamoDatabase, type PendingWrite, type Scope, scopeOf } from "./database.ts";
import {
  checkCondition,
  checkItem,
  checkKey,
  checkUpdates,
  type EngineAction,
  type EngineRequest,
  type EngineStore,
  itemKey,
  itemSize,
  project,
  runNow,
  validate,
} from "./engine/dynalite.ts";
import { engineStore } from "./engine-store.ts";
import { engineTable } from "./engine-table.ts";
import {
  type CancellationReason,
  DynamoDbError,
  resourceNotFound,
  transactionCanceled,
  validationException,
} from "./errors.ts";
import { isConditionalFailure } from "./items.ts";
import type { Item, TableRecord } from "./model.ts";
import type { DynamoDbInput } from "./schemas.ts";

type WriteEntry = DynamoDbInput<"TransactWriteItems">["TransactItems"][number];

/** One operation of a transaction, validated and pointed at its item. */
interface Prepared {
  action: EngineAction | "conditionCheck";
  request: EngineRequest;
  record: TableRecord;
  key: string;
  /** The item written, or the key, for capacity. */
  sized: Item;
  returnOld: boolean;
}

/** ClientRequestToken: a retry within ten minutes is answered without running again. */
const TOKEN_TTL_MS = 10 * 60 * 1000;

class IdempotencyTokens {
  private readonly seen = new Map<string, { fingerprint: string; at: number }>();

  /** Whether this is a retry of a transaction already done; a reused token with other parameters is an error. */
  isRetry(scope: Scope, token: string, fingerprint: string, now: number): boolean {
    for (const [k, v] of this.seen) {
      if (now - v.at < TOKEN_TTL_MS) break;
      this.seen.delete(k);
    }
    const previous = this.seen.get(`${scope.accountId}/${scope.region}/${token}`);
    if (!previous) return false;
    if (previous.fingerprint !== fingerprint) {
      throw new DynamoDbError(
        "IdempotentParameterMismatchException",
        "DynamoDB rejected the request because you retried a request with a different payload but with an idempotent token that was already used.",
      );
    }
    return true;
  }

  remember(scope: Scope, token: string, fingerprint: string, now: number): void {
    this.seen.set(`${scope.accountId}/${scope.region}/${token}`, { fingerprint, at: now });
  }
}

/** TransactGetItems and TransactWriteItems, built from dynalite's single-item operations. */
export function transactionOperations(db: DynamoDatabase) {
  const tokens = new IdempotencyTokens();

  const tableFor = (scope: Scope, name: string): TableRecord => {
    const record = db.find(scope, name);
    if (!record || record.deletingAt !== undefined) throw resourceNotFound();
    return record;
  };

  const prepare = (entry: WriteEntry, scope: Scope): Prepared => {
    const given = [entry.ConditionCheck, entry.Put, entry.Delete, entry.Update].filter(
      (e) => e !== undefined,
    );
    if (given.length !== 1) {
      throw validationException("TransactItems can only contain one of Check, Put, Update or Delete");
    }
    const op = given[0]!;
    const common = {
      TableName: op.TableName,
      ConditionExpression: op.ConditionExpression,
      ExpressionAttributeNames: op.ExpressionAttributeNames,
      ExpressionAttributeValues: op.ExpressionAttributeValues,
    };
    const record = tableFor(scope, op.TableName);
    const table = engineTable(record);
    const returnOld = op.ReturnValuesOnConditionCheckFailure === "ALL_OLD";
    if (entry.Put) {
      const request = validate("putItem", { ...common, Item: entry.Put.Item }, scope);
      checkItem(entry.Put.Item, table);
      const key = itemKey(entry.Put.Item, table);
      return { action: "putItem", request, record, key, sized: entry.Put.Item, returnOld };
    }
    const keyItem = (entry.Update ?? entry.Delete ?? entry.ConditionCheck)!.Key;
    if (entry.Update) {
      const request = validate(
        "updateItem",
        { ...common, Key: keyItem, UpdateExpression: entry.Update.UpdateExpression },
        scope,
      );
      checkKey(keyItem, table);
      checkUpdates(request, table);
      return {
        action: "updateItem",
        request,
        record,
        key: itemKey(keyItem, table),
        sized: keyItem,
        returnOld,
      };
    }
    const request = validate("deleteItem", { ...common, Key: keyItem }, scope);
    checkKey(keyItem, table);
    const action = entry.Delete ? "deleteItem" : "conditionCheck";
    return { action, request, record, key: itemKey(keyItem, table), sized: keyItem, returnOld };
  };

  /** Runs one operation with its writes captured; a failure becomes its cancellation reason. */
  const attempt = (p: Prepared, store: EngineStore): CancellationReason => {
    try {
      if (p.action === "conditionCheck") checkCondition(p.request, db.items(p.record).get(p.key));
      else runNow(p.action, store, p.request);
      return { Code: "None" };
    } catch (err) {
      if (isConditionalFailure(err)) {
        const item = p.returnOld ? db.items(p.record).get(p.key) : undefined;
        return {
          Code: "ConditionalCheckFailed",
          Message: "The conditional request failed",
          ...(item ? { Item: item } : {}),
        };
      }
      if (err instanceof DynamoDbError && err.code === "ValidationException") {
        return { Code: "ValidationError", Message: err.message };
      }
      throw err;
    }
  };

  return {
    TransactWriteItems(input: DynamoDbInput<"TransactWriteItems">, ctx: RequestContext) {
      const scope = scopeOf(ctx);
      const now = Date.now();
      const { ClientRequestToken: token, ...rest } = input;
      const fingerprint = JSON.stringify(rest);
      if (token !== undefined && tokens.isRetry(scope, token, fingerprint, now)) return {};
      const prepared = input.TransactItems.map((entry) => prepare(entry, scope));
      checkDistinctItems(prepared);
      const writes: PendingWrite[] = [];
      const store = engineStore(db, scope, writes);
      // Everything below runs in one tick: no other request sees the items in between.
      const reasons = prepared.map((p) => attempt(p, store));
      if (reasons.some((r) => r.Code !== "None")) throw transactionCanceled(reasons);
      db.commit(writes);
      if (token !== undefined) tokens.remember(scope, token, fingerprint, now);
      return consumedCapacity(input.ReturnConsumedCapacity, prepared, 2);
    },

    TransactGetItems(input: DynamoDbInput<"TransactGetItems">, ctx: RequestContext) {
      const scope = scopeOf(ctx);
      const prepared = input.TransactItems.map(({ Get }): Prepared => {
        const request = validate("getItem", Get, scope);
        const record = tableFor(scope, Get.TableName);
        const table = engineTable(record);
        checkKey(Get.Key, table);
        return {
          action: "getItem",
          request,
          record,
          key: itemKey(Get.Key, table),
          sized: Get.Key,
          returnOld: false,
        };
      });
      checkDistinctItems(prepared);
      const responses = prepared.map((p) => {
        const item = db.items(p.record).get(p.key);
        return item ? { Item: project(p.request, item) } : {};
      });
      for (const [i, r] of responses.entries()) if (r.Item) prepared[i]!.sized = r.Item;
      return { Responses: responses, ...consumedCapacity(input.ReturnConsumedCapacity, prepared, 2) };
    },
  };
}

function checkDistinctItems(prepared: readonly Prepared[]): void {
  const seen = new Set<string>();
  for (const p of prepared) {
    const id = `${p.record.id}/${p.key}`;
    if (seen.has(id))
      throw validationException("Transaction request cannot include multiple operations on one item");
    seen.add(id);
  }
}

/** Transactions cost twice the units of plain reads and writes; reported per table. */
function consumedCapacity(mode: string | undefined, prepared: readonly Prepared[], factor: number) {
  if (mode !== "TOTAL" && mode !== "INDEXES") return {};
  const byTable = new Map<string, number>();
  for (const p of prepared) {
    const units = factor * Math.max(1, Math.ceil(itemSize(p.sized) / 1024));
    byTable.set(p.record.name, (byTable.get(p.record.name) ?? 0) + units);
  }
  return {
    ConsumedCapacity: [...byTable].map(([TableName, CapacityUnits]) => ({
      TableName,
      CapacityUnits,
      ...(mode === "INDEXES" ? { Table: { CapacityUnits } } : {}),
    })),
  };
}
