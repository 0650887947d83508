import { randomUUID } from "node:crypto";
import type { RequestContext } from "../../gateway/context.ts";
import { type DynamoDatabase, scopeOf } from "./database.ts";
import { describeTable } from "./describe.ts";
import { validate } from "./engine/dynalite.ts";
import { resourceInUse, resourceNotFound, validationException } from "./errors.ts";
import { requireTable } from "./lookup.ts";
import type { TableRecord } from "./model.ts";
import type { DynamoDbInput } from "./schemas.ts";
import {
  checkDefinitionsMatchKeys,
  onDemandRecord,
  sseRecord,
  streamRecord,
  throughputRecord,
} from "./table-settings.ts";

/** CreateTable, DescribeTable, DeleteTable and ListTables. */
export function tableOperations(db: DynamoDatabase) {
  return {
    CreateTable(input: DynamoDbInput<"CreateTable">, ctx: RequestContext) {
      const scope = scopeOf(ctx);
      // dynalite checks key schemas, indexes and billing with DynamoDB's messages.
      validate("createTable", input, scope);
      const gsis = input.GlobalSecondaryIndexes ?? [];
      const lsis = input.LocalSecondaryIndexes ?? [];
      checkDefinitionsMatchKeys(input.AttributeDefinitions, [
        input.KeySchema,
        ...gsis.map((g) => g.KeySchema),
        ...lsis.map((l) => l.KeySchema),
      ]);
      if (db.find(scope, input.TableName)) throw resourceInUse(`Table already exists: ${input.TableName}`);
      const now = Date.now();
      const payPerRequest = input.BillingMode === "PAY_PER_REQUEST";
      const record: TableRecord = {
        accountId: scope.accountId,
        region: scope.region,
        name: input.TableName,
        id: randomUUID(),
        createdAt: now,
        keySchema: input.KeySchema,
        attributeDefinitions: input.AttributeDefinitions,
        billingMode: input.BillingMode ?? "PROVISIONED",
        billingModeGiven: input.BillingMode !== undefined,
        ...(payPerRequest ? { payPerRequestSince: now } : {}),
        throughput: throughputRecord(input.ProvisionedThroughput),
        ...(input.OnDemandThroughput ? { onDemand: onDemandRecord(input.OnDemandThroughput) } : {}),
        gsis: gsis.map((g) => ({
          name: g.IndexName,
          keySchema: g.KeySchema,
          projection: g.Projection,
          throughput: throughputRecord(g.ProvisionedThroughput),
          ...(g.OnDemandThroughput ? { onDemand: onDemandRecord(g.OnDemandThroughput) } : {}),
          createdAt: now,
        })),
        lsis: lsis.map((l) => ({ name: l.IndexName, keySchema: l.KeySchema, projection: l.Projection })),
        ...(input.StreamSpecification ? { stream: streamRecord(input.StreamSpecification, now) } : {}),
        ...(input.SSESpecification ? { sse: sseRecord(input.SSESpecification, scope) } : {}),
        ...(input.TableClass ? { tableClass: input.TableClass } : {}),
        deletionProtection: input.DeletionProtectionEnabled ?? false,
        tags: input.Tags ?? [],
      };
      db.save(record);
      return { TableDescription: describeTable(record, null, now) };
    },

    DescribeTable(input: DynamoDbInput<"DescribeTable">, ctx: RequestContext) {
      const record = db.find(scopeOf(ctx), input.TableName);
      if (!record) throw resourceNotFound(input.TableName);
      const items = record.deletingAt === undefined ? db.items(record) : null;
      return { Table: describeTable(record, items) };
    },

    DeleteTable(input: DynamoDbInput<"DeleteTable">, ctx: RequestContext) {
      const record = requireTable(db, scopeOf(ctx), input.TableName);
      if (record.deletionProtection) {
        throw validationException(
          "Resource cannot be deleted as it is currently protected against deletion. Disable deletion protection first.",
        );
      }
      const now = Date.now();
      const description = describeTable({ ...record, deletingAt: now }, db.items(record), now);
      // The record goes first: a crash during the purge leaves a DELETING table, which start-up purges again.
      db.save({ ...record, deletingAt: now });
      db.dropItems(record);
      return { TableDescription: description };
    },

    ListTables(input: DynamoDbInput<"ListTables">, ctx: RequestContext) {
      const limit = input.Limit ?? 100;
      const start = input.ExclusiveStartTableName;
      const names = db
        .list(scopeOf(ctx))
        .map((r) => r.name)
        .filter((name) => start === undefined || name > start);
      const page = names.slice(0, limit);
      return {
        TableNames: page,
        ...(names.length > limit ? { LastEvaluatedTableName: page[page.length - 1] } : {}),
      };
    },
  };
}
