import { type ImageRecord, type ImageStatus, listIndex, listQuery } from "@darkroom/image-record";
import type { ImageTableReads } from "@darkroom/image-record/dynamodb";
import { withCreatedRange } from "./created-range.ts";

/** Items per Query (a status listing's page size cap). */
const ITEMS_PER_QUERY = 100;

/**
 * The records in one status partition of gsi2 (never a Scan), newest first, created at or after
 * `from` and at or before `to` when given, at most `max`: what the image watcher and the
 * stuck-image job read.
 */
export async function recordsWithStatus(
  table: ImageTableReads,
  status: ImageStatus,
  options: { from?: string; to?: string; max: number },
): Promise<ImageRecord[]> {
  const sortAttribute = listIndex({ kind: "status", status }).sortAttribute;
  const query = withCreatedRange(listQuery({ status, limit: ITEMS_PER_QUERY }), sortAttribute, {
    from: options.from,
    to: options.to,
  });
  const records: ImageRecord[] = [];
  let start: Record<string, string> | undefined;
  do {
    const page = await table.queryImages({
      ...query,
      Limit: Math.min(ITEMS_PER_QUERY, options.max - records.length),
      ...(start ? { ExclusiveStartKey: start } : {}),
    });
    records.push(...page.items);
    start = page.lastEvaluatedKey as Record<string, string> | undefined;
  } while (start !== undefined && records.length < options.max);
  return records;
}
