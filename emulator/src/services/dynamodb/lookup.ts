import type { DynamoDatabase, Scope } from "./database.ts";
import { resourceNotFound } from "./errors.ts";
import type { TableRecord } from "./model.ts";

/** The table control-plane operations act on: not found (naming it) when absent or being deleted. */
export function requireTable(db: DynamoDatabase, scope: Scope, name: string): TableRecord {
  const record = db.find(scope, name);
  if (!record || record.deletingAt !== undefined) throw resourceNotFound(name);
  return record;
}
