import { CREATE_MS, DELETE_MS, type GsiRecord, type TableRecord, type ThroughputRecord } from "./model.ts";
import type { TableItems } from "./table-items.ts";

/** How a table's description is built: its record, and (unless it is being deleted) its items. */

export function tableArn(record: TableRecord): string {
  return `arn:aws:dynamodb:${record.region}:${record.accountId}:table/${record.name}`;
}

export function tableStatus(record: TableRecord, now = Date.now()): string {
  if (record.deletingAt !== undefined) return "DELETING";
  if (now < record.createdAt + CREATE_MS) return "CREATING";
  if ((record.updatingUntil ?? 0) > now) return "UPDATING";
  // Adding or removing a GSI keeps the table UPDATING until the index is done.
  if (record.gsis.some((g) => g.createdAt > record.createdAt && indexStatus(g, now) !== "ACTIVE")) {
    return "UPDATING";
  }
  return "ACTIVE";
}

export function indexStatus(gsi: GsiRecord, now = Date.now()): string {
  if (gsi.deletingAt !== undefined) return "DELETING";
  if (now < gsi.createdAt + CREATE_MS) return "CREATING";
  if ((gsi.updatingUntil ?? 0) > now) return "UPDATING";
  return "ACTIVE";
}

/** GSIs DescribeTable still shows: a deleted one for as long as it is DELETING. */
export function visibleGsis(record: TableRecord, now = Date.now()): GsiRecord[] {
  return record.gsis.filter((g) => g.deletingAt === undefined || now < g.deletingAt + DELETE_MS);
}

function throughputDescription(t: ThroughputRecord) {
  return {
    ...(t.lastIncreaseAt !== undefined ? { LastIncreaseDateTime: new Date(t.lastIncreaseAt) } : {}),
    ...(t.lastDecreaseAt !== undefined ? { LastDecreaseDateTime: new Date(t.lastDecreaseAt) } : {}),
    NumberOfDecreasesToday: t.decreasesToday,
    ReadCapacityUnits: t.read,
    WriteCapacityUnits: t.write,
  };
}

export function streamArn(record: TableRecord): string | undefined {
  return record.stream ? `${tableArn(record)}/stream/${record.stream.label}` : undefined;
}

/** DescribeTable's TableDescription (and CreateTable's, UpdateTable's, DeleteTable's). */
export function describeTable(record: TableRecord, items: TableItems | null, now = Date.now()) {
  const arn = tableArn(record);
  const gsis = visibleGsis(record, now);
  return {
    AttributeDefinitions: record.attributeDefinitions,
    TableName: record.name,
    KeySchema: record.keySchema,
    TableStatus: tableStatus(record, now),
    CreationDateTime: new Date(record.createdAt),
    ProvisionedThroughput: throughputDescription(record.throughput),
    TableSizeBytes: items?.bytes ?? 0,
    ItemCount: items?.count ?? 0,
    TableArn: arn,
    TableId: record.id,
    ...(record.billingMode === "PAY_PER_REQUEST" || record.billingModeGiven
      ? {
          BillingModeSummary: {
            BillingMode: record.billingMode,
            ...(record.payPerRequestSince !== undefined
              ? { LastUpdateToPayPerRequestDateTime: new Date(record.payPerRequestSince) }
              : {}),
          },
        }
      : {}),
    ...(record.lsis.length > 0
      ? {
          LocalSecondaryIndexes: record.lsis.map((l) => ({
            IndexName: l.name,
            KeySchema: l.keySchema,
            Projection: l.projection,
            IndexSizeBytes: items?.indexStats(l.name).bytes ?? 0,
            ItemCount: items?.indexStats(l.name).count ?? 0,
            IndexArn: `${arn}/index/${l.name}`,
          })),
        }
      : {}),
    ...(gsis.length > 0
      ? {
          GlobalSecondaryIndexes: gsis.map((g) => {
            const status = indexStatus(g, now);
            return {
              IndexName: g.name,
              KeySchema: g.keySchema,
              Projection: g.projection,
              IndexStatus: status,
              // Only an index added to an existing table is backfilled.
              ...(g.createdAt > record.createdAt && status === "CREATING" ? { Backfilling: true } : {}),
              ProvisionedThroughput: throughputDescription(g.throughput),
              IndexSizeBytes: items?.indexStats(g.name).bytes ?? 0,
              ItemCount: items?.indexStats(g.name).count ?? 0,
              IndexArn: `${arn}/index/${g.name}`,
              ...(g.onDemand ? { OnDemandThroughput: g.onDemand } : {}),
            };
          }),
        }
      : {}),
    ...(record.stream
      ? {
          StreamSpecification: { StreamEnabled: true, StreamViewType: record.stream.viewType },
          LatestStreamLabel: record.stream.label,
          LatestStreamArn: streamArn(record),
        }
      : {}),
    ...(record.sse
      ? { SSEDescription: { Status: "ENABLED", SSEType: "KMS", KMSMasterKeyArn: record.sse.kmsKeyArn } }
      : {}),
    ...(record.tableClass ? { TableClassSummary: { TableClass: record.tableClass } } : {}),
    DeletionProtectionEnabled: record.deletionProtection,
    ...(record.onDemand ? { OnDemandThroughput: record.onDemand } : {}),
  };
}
