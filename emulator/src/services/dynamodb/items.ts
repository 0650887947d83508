import type { RequestContext } from "../../gateway/context.ts";
import { type DynamoDatabase, type Scope, scopeOf } from "./database.ts";
import { type EngineAction, itemKey, runNow, validate } from "./engine/dynalite.ts";
import { engineStore } from "./engine-store.ts";
import { engineTable } from "./engine-table.ts";
import { conditionalCheckFailed, DynamoDbError } from "./errors.ts";
import type { Item } from "./model.ts";
import type { DynamoDbInput } from "./schemas.ts";

/** PutItem, GetItem, UpdateItem and DeleteItem: dynalite's operations against the emulator's tables. */
export function itemOperations(db: DynamoDatabase) {
  return {
    PutItem(input: DynamoDbInput<"PutItem">, ctx: RequestContext) {
      return writeItem(db, "putItem", input, input.Item, scopeOf(ctx));
    },

    GetItem(input: DynamoDbInput<"GetItem">, ctx: RequestContext) {
      const scope = scopeOf(ctx);
      return runNow("getItem", engineStore(db, scope), validate("getItem", input, scope));
    },

    UpdateItem(input: DynamoDbInput<"UpdateItem">, ctx: RequestContext) {
      return writeItem(db, "updateItem", input, input.Key, scopeOf(ctx));
    },

    DeleteItem(input: DynamoDbInput<"DeleteItem">, ctx: RequestContext) {
      return writeItem(db, "deleteItem", input, input.Key, scopeOf(ctx));
    },
  };
}

type WriteInput = Record<string, unknown> & {
  TableName: string;
  ReturnValuesOnConditionCheckFailure?: "ALL_OLD" | "NONE" | undefined;
};

function writeItem(db: DynamoDatabase, action: EngineAction, input: WriteInput, key: Item, scope: Scope) {
  const request = validate(action, input, scope);
  try {
    return runNow(action, engineStore(db, scope), request);
  } catch (err) {
    // dynalite predates ReturnValuesOnConditionCheckFailure: the item is looked up here, in the same tick.
    if (isConditionalFailure(err) && input.ReturnValuesOnConditionCheckFailure === "ALL_OLD") {
      throw conditionalCheckFailed(currentItem(db, scope, input.TableName, key));
    }
    throw err;
  }
}

export function isConditionalFailure(err: unknown): boolean {
  return err instanceof DynamoDbError && err.code === "ConditionalCheckFailedException";
}

/** The stored item with `key`'s key attributes, if any. */
export function currentItem(
  db: DynamoDatabase,
  scope: Scope,
  tableName: string,
  key: Item,
): Item | undefined {
  const record = db.find(scope, tableName);
  if (!record) return undefined;
  return db.items(record).get(itemKey(key, engineTable(record)));
}
