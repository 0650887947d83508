import type { EngineIndex, EngineTable } from "./engine/dynalite.ts";
import type { TableRecord } from "./model.ts";

/**
 * The table as dynalite's modules see it: key schema, attribute types and the indexes
 * items are projected into (a GSI being deleted no longer counts).
 */
export function engineTable(record: TableRecord): EngineTable {
  const gsis: EngineIndex[] = record.gsis
    .filter((g) => g.deletingAt === undefined)
    .map((g) => ({ IndexName: g.name, KeySchema: g.keySchema, Projection: g.projection }));
  const lsis: EngineIndex[] = record.lsis.map((l) => ({
    IndexName: l.name,
    KeySchema: l.keySchema,
    Projection: l.projection,
  }));
  return {
    TableName: record.name,
    TableStatus: "ACTIVE",
    KeySchema: record.keySchema,
    AttributeDefinitions: record.attributeDefinitions,
    ...(gsis.length > 0 ? { GlobalSecondaryIndexes: gsis } : {}),
    ...(lsis.length > 0 ? { LocalSecondaryIndexes: lsis } : {}),
  };
}
