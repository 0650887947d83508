import type { EmulatorRuntime } from "../../gateway/context.ts";
import { RpcService } from "../../gateway/service.ts";
import { DynamoDbCodec } from "./codec.ts";
import { DynamoDatabase } from "./database.ts";
import { dynamoDbProvider } from "./provider.ts";
import { type DynamoDbSchemas, dynamoDbSchemas } from "./schemas.ts";
import { startTtlSweeper } from "./ttl.ts";

/*
 * Engine decision (see README.md in this folder for the longer version).
 *
 * dynalite (npm `dynalite`, 4.x, maintained by the Architect project) is used as a
 * library, not as a server: its validation modules check each request with DynamoDB's
 * exact messages and parse condition, update, projection and key-condition expressions,
 * and its per-operation modules (GetItem, PutItem, UpdateItem, DeleteItem, Query, Scan,
 * BatchGetItem, BatchWriteItem) run in-process against a store adapter
 * (engine-store.ts) instead of its LevelDB. So no expression evaluation is written here.
 *
 * Its storage is not used: dynalite 4 keeps everything in one level database (memory or
 * LevelDB on disk), neither of which shares the emulator's log, its group commit or its
 * kill -9 guarantee. Items live in StateStore tables (one per DynamoDB table); key order
 * and secondary indexes are rebuilt in memory from them, so an index never disagrees
 * with its table on disk. The adapter answers synchronously, which makes every item
 * write (and a whole transaction) atomic without locks.
 *
 * Added here because dynalite lacks them: TransactGetItems/TransactWriteItems (built
 * from its single-item operations with captured writes, committed behind a redo record),
 * UpdateTimeToLive and the TTL sweep, continuous backups, tags kept on the table record,
 * UpdateTable's GSI create/delete, the newer table settings Terraform reads back (SSE,
 * streams, table class, deletion protection, on-demand throughput) and
 * ReturnValuesOnConditionCheckFailure. Table metadata operations are the emulator's own.
 */

export function createDynamoDbService(runtime: EmulatorRuntime): RpcService<DynamoDbSchemas> {
  const db = new DynamoDatabase(runtime.store);
  startTtlSweeper(db);
  return new RpcService({
    name: "dynamodb",
    detection: { signingNames: ["dynamodb"], targetPrefixes: ["DynamoDB_20120810"] },
    codec: new DynamoDbCodec(),
    schemas: dynamoDbSchemas,
    provider: dynamoDbProvider(db),
    validationCode: "ValidationException",
  });
}
