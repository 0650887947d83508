import type { RequestContext } from "../../gateway/context.ts";
import { type DynamoDatabase, scopeOf } from "./database.ts";
import { run, runNow, validate } from "./engine/dynalite.ts";
import { engineStore } from "./engine-store.ts";
import type { DynamoDbInput } from "./schemas.ts";

/** Query, Scan and the batch operations, run by dynalite over the emulator's tables and indexes. */
export function readOperations(db: DynamoDatabase) {
  return {
    Query(input: DynamoDbInput<"Query">, ctx: RequestContext) {
      const scope = scopeOf(ctx);
      return run("query", engineStore(db, scope), validate("query", input, scope));
    },

    Scan(input: DynamoDbInput<"Scan">, ctx: RequestContext) {
      const scope = scopeOf(ctx);
      return run("scan", engineStore(db, scope), validate("scan", input, scope));
    },

    BatchGetItem(input: DynamoDbInput<"BatchGetItem">, ctx: RequestContext) {
      const scope = scopeOf(ctx);
      return runNow("batchGetItem", engineStore(db, scope), validate("batchGetItem", input, scope));
    },

    BatchWriteItem(input: DynamoDbInput<"BatchWriteItem">, ctx: RequestContext) {
      const scope = scopeOf(ctx);
      return runNow("batchWriteItem", engineStore(db, scope), validate("batchWriteItem", input, scope));
    },
  };
}
