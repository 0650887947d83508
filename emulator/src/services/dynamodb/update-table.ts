import type { RequestContext } from "../../gateway/context.ts";
import { notImplemented } from "../../protocol/aws-error.ts";
import { type DynamoDatabase, scopeOf } from "./database.ts";
import { describeTable, visibleGsis } from "./describe.ts";
import { DynamoDbError, validationException } from "./errors.ts";
import { requireTable } from "./lookup.ts";
import { type AttributeDefinition, type GsiRecord, type TableRecord, UPDATE_MS } from "./model.ts";
import type { DynamoDbInput } from "./schemas.ts";
import {
  changedThroughput,
  checkDefinitionsMatchKeys,
  checkProjection,
  onDemandRecord,
  sseRecord,
  streamRecord,
  throughputRecord,
  usedDefinitions,
} from "./table-settings.ts";

type UpdateTableInput = DynamoDbInput<"UpdateTable">;
type GsiUpdate = NonNullable<UpdateTableInput["GlobalSecondaryIndexUpdates"]>[number];

const PPR_WITH_THROUGHPUT =
  "One or more parameter values were invalid: Neither ReadCapacityUnits nor WriteCapacityUnits can be specified when BillingMode is PAY_PER_REQUEST";

function indexNotFound(name: string): DynamoDbError {
  return new DynamoDbError(
    "ResourceNotFoundException",
    `Requested resource not found: Index: ${name} not found`,
  );
}

/** UpdateTable: billing, throughput, GSIs added, changed or removed, streams, encryption, class, protection. */
export function updateTableOperations(db: DynamoDatabase) {
  return {
    UpdateTable(input: UpdateTableInput, ctx: RequestContext) {
      const scope = scopeOf(ctx);
      const record = requireTable(db, scope, input.TableName);
      if (input.ReplicaUpdates !== undefined)
        throw notImplemented("dynamodb", "UpdateTable (ReplicaUpdates)");
      const gsiUpdates = input.GlobalSecondaryIndexUpdates ?? [];
      const changes = [
        input.ProvisionedThroughput,
        input.BillingMode,
        gsiUpdates.length > 0 ? gsiUpdates : undefined,
        input.StreamSpecification,
        input.SSESpecification,
        input.TableClass,
        input.DeletionProtectionEnabled,
        input.OnDemandThroughput,
      ];
      if (changes.every((c) => c === undefined)) {
        throw validationException(
          "At least one of ProvisionedThroughput, BillingMode, UpdateStreamEnabled, GlobalSecondaryIndexUpdates or SSESpecification or ReplicaUpdates is required",
        );
      }
      const now = Date.now();
      let next: TableRecord = {
        ...record,
        gsis: visibleGsis(record, now),
      };
      next = updateBilling(next, input, now);
      const { record: withIndexes, added, dropped } = updateIndexes(next, input, now);
      next = withIndexes;
      if (input.StreamSpecification) next = updateStream(next, input.StreamSpecification, now);
      if (input.SSESpecification) {
        const sse = sseRecord(input.SSESpecification, scope);
        next = { ...next, ...(sse ? { sse } : { sse: undefined }) };
      }
      if (input.TableClass) next = { ...next, tableClass: input.TableClass, updatingUntil: now + UPDATE_MS };
      if (input.DeletionProtectionEnabled !== undefined) {
        next = { ...next, deletionProtection: input.DeletionProtectionEnabled };
      }
      if (input.OnDemandThroughput) next = { ...next, onDemand: onDemandRecord(input.OnDemandThroughput) };
      db.save(next);
      db.indexesChanged(next, added, dropped);
      return { TableDescription: describeTable(next, db.items(next), now) };
    },
  };
}

function updateBilling(record: TableRecord, input: UpdateTableInput, now: number): TableRecord {
  const mode = input.BillingMode ?? record.billingMode;
  if (input.ProvisionedThroughput && mode === "PAY_PER_REQUEST")
    throw validationException(PPR_WITH_THROUGHPUT);
  let next = record;
  if (input.BillingMode !== undefined) next = { ...next, billingModeGiven: true };
  if (input.BillingMode === "PAY_PER_REQUEST" && record.billingMode !== "PAY_PER_REQUEST") {
    return {
      ...next,
      billingMode: "PAY_PER_REQUEST",
      payPerRequestSince: now,
      throughput: { ...throughputRecord(undefined), decreasesToday: record.throughput.decreasesToday },
      gsis: next.gsis.map((g) => ({ ...g, throughput: throughputRecord(undefined) })),
      updatingUntil: now + UPDATE_MS,
    };
  }
  if (input.BillingMode === "PROVISIONED" && record.billingMode !== "PROVISIONED") {
    if (!input.ProvisionedThroughput) {
      throw validationException(
        "One or more parameter values were invalid: ProvisionedThroughput must be specified when BillingMode is PROVISIONED",
      );
    }
    next = { ...next, billingMode: "PROVISIONED" };
  }
  const given = input.ProvisionedThroughput;
  if (!given) return next;
  const current = next.throughput;
  if (
    record.billingMode === "PROVISIONED" &&
    given.ReadCapacityUnits === current.read &&
    given.WriteCapacityUnits === current.write
  ) {
    throw validationException(
      `The provisioned throughput for the table will not change. The requested value equals the current value. Current ReadCapacityUnits provisioned for the table: ${current.read}. Requested ReadCapacityUnits: ${given.ReadCapacityUnits}. Current WriteCapacityUnits provisioned for the table: ${current.write}. Requested WriteCapacityUnits: ${given.WriteCapacityUnits}. Refer to the Amazon DynamoDB Developer Guide for current limits and how to request higher limits.`,
    );
  }
  return { ...next, throughput: changedThroughput(current, given, now), updatingUntil: now + UPDATE_MS };
}

function updateIndexes(
  record: TableRecord,
  input: UpdateTableInput,
  now: number,
): { record: TableRecord; added: GsiRecord[]; dropped: string[] } {
  const updates = input.GlobalSecondaryIndexUpdates ?? [];
  const seen = new Set<string>();
  let gsis = record.gsis;
  let definitions: AttributeDefinition[] = mergeDefinitions(
    record.attributeDefinitions,
    input.AttributeDefinitions,
  );
  const added: GsiRecord[] = [];
  const dropped: string[] = [];
  for (const update of updates) {
    const name = gsiUpdateName(update);
    if (seen.has(name)) {
      throw validationException(
        `One or more parameter values were invalid: Only one global secondary index update per index is allowed simultaneously. Index: ${name}`,
      );
    }
    seen.add(name);
    const live = gsis.find((g) => g.name === name && g.deletingAt === undefined);
    if (update.Create) {
      const create = update.Create;
      if (live || record.lsis.some((l) => l.name === name)) {
        throw validationException(
          `One or more parameter values were invalid: Index with name: ${name} already exists`,
        );
      }
      checkProjection(create.Projection);
      if (record.billingMode === "PROVISIONED" && !create.ProvisionedThroughput) {
        throw validationException(
          `One or more parameter values were invalid: ProvisionedThroughput must be specified for index: ${name}`,
        );
      }
      if (record.billingMode === "PAY_PER_REQUEST" && create.ProvisionedThroughput) {
        throw validationException(
          `One or more parameter values were invalid: ProvisionedThroughput should not be specified for index: ${name} when BillingMode is PAY_PER_REQUEST`,
        );
      }
      const gsi: GsiRecord = {
        name,
        keySchema: create.KeySchema,
        projection: create.Projection,
        throughput: throughputRecord(create.ProvisionedThroughput),
        ...(create.OnDemandThroughput ? { onDemand: onDemandRecord(create.OnDemandThroughput) } : {}),
        createdAt: now,
      };
      gsis = [...gsis, gsi];
      added.push(gsi);
    } else if (update.Delete) {
      if (!live) throw indexNotFound(name);
      gsis = gsis.map((g) => (g === live ? { ...g, deletingAt: now } : g));
      dropped.push(name);
    } else if (update.Update) {
      if (!live) throw indexNotFound(name);
      const given = update.Update.ProvisionedThroughput;
      if (given && record.billingMode === "PAY_PER_REQUEST") throw validationException(PPR_WITH_THROUGHPUT);
      const changed: GsiRecord = {
        ...live,
        ...(given
          ? { throughput: changedThroughput(live.throughput, given, now), updatingUntil: now + UPDATE_MS }
          : {}),
        ...(update.Update.OnDemandThroughput
          ? { onDemand: onDemandRecord(update.Update.OnDemandThroughput) }
          : {}),
      };
      gsis = gsis.map((g) => (g === live ? changed : g));
    }
  }
  const keySchemas = [
    record.keySchema,
    ...record.lsis.map((l) => l.keySchema),
    ...gsis.filter((g) => g.deletingAt === undefined).map((g) => g.keySchema),
  ];
  if (added.length > 0) {
    // Only the new indexes' keys must be defined; definitions left unused are dropped below.
    const needed = usedDefinitions(definitions, keySchemas);
    checkDefinitionsMatchKeys(needed, keySchemas);
  }
  definitions = usedDefinitions(definitions, keySchemas);
  return { record: { ...record, gsis, attributeDefinitions: definitions }, added, dropped };
}

function gsiUpdateName(update: GsiUpdate): string {
  const given = [update.Create, update.Update, update.Delete].filter((u) => u !== undefined);
  if (given.length !== 1) {
    throw validationException(
      "One or more parameter values were invalid: One of GlobalSecondaryIndexUpdate.Update, GlobalSecondaryIndexUpdate.Create, GlobalSecondaryIndexUpdate.Delete must not be null",
    );
  }
  return given[0]!.IndexName;
}

/** Definitions given with UpdateTable add to the table's (a new GSI's keys); a redefined type is an error. */
function mergeDefinitions(
  current: readonly AttributeDefinition[],
  given: readonly AttributeDefinition[] | undefined,
): AttributeDefinition[] {
  const out = [...current];
  for (const d of given ?? []) {
    const existing = out.find((c) => c.AttributeName === d.AttributeName);
    if (!existing) out.push(d);
    else if (existing.AttributeType !== d.AttributeType) {
      throw validationException(
        `One or more parameter values were invalid: Cannot change the type of attribute ${d.AttributeName} (it is ${existing.AttributeType})`,
      );
    }
  }
  return out;
}

function updateStream(
  record: TableRecord,
  spec: NonNullable<UpdateTableInput["StreamSpecification"]>,
  now: number,
): TableRecord {
  if (spec.StreamEnabled && record.stream) {
    throw validationException(`Table already has an enabled stream: TableName: ${record.name}`);
  }
  if (!spec.StreamEnabled && !record.stream) {
    throw validationException(
      "One or more parameter values were invalid: Table does not have a stream to disable",
    );
  }
  const stream = streamRecord(spec, now);
  return { ...record, ...(stream ? { stream } : { stream: undefined }), updatingUntil: now + UPDATE_MS };
}
