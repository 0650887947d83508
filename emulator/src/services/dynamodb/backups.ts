import type { RequestContext } from "../../gateway/context.ts";
import { type DynamoDatabase, type Scope, scopeOf } from "./database.ts";
import { DynamoDbError } from "./errors.ts";
import type { TableRecord } from "./model.ts";
import type { DynamoDbInput } from "./schemas.ts";

/** On-demand backups are always available on AWS; point-in-time recovery is the switch. */
const DEFAULT_RECOVERY_DAYS = 35;

/** The backup APIs name a missing table with their own error. */
function requireBackupTable(db: DynamoDatabase, scope: Scope, name: string): TableRecord {
  const record = db.find(scope, name);
  if (!record || record.deletingAt !== undefined) {
    throw new DynamoDbError("TableNotFoundException", `Table not found: ${name}`);
  }
  return record;
}

function describeBackups(record: TableRecord, now = Date.now()) {
  const pitr = record.pitr;
  return {
    ContinuousBackupsStatus: "ENABLED",
    PointInTimeRecoveryDescription: pitr?.enabled
      ? {
          PointInTimeRecoveryStatus: "ENABLED",
          RecoveryPeriodInDays: pitr.recoveryPeriodInDays,
          EarliestRestorableDateTime: new Date(
            Math.max(pitr.enabledAt, now - pitr.recoveryPeriodInDays * 24 * 3600 * 1000),
          ),
          LatestRestorableDateTime: new Date(now),
        }
      : { PointInTimeRecoveryStatus: "DISABLED" },
  };
}

/** DescribeContinuousBackups and UpdateContinuousBackups (point-in-time recovery). */
export function backupOperations(db: DynamoDatabase) {
  return {
    DescribeContinuousBackups(input: DynamoDbInput<"DescribeContinuousBackups">, ctx: RequestContext) {
      const record = requireBackupTable(db, scopeOf(ctx), input.TableName);
      return { ContinuousBackupsDescription: describeBackups(record) };
    },

    UpdateContinuousBackups(input: DynamoDbInput<"UpdateContinuousBackups">, ctx: RequestContext) {
      const record = requireBackupTable(db, scopeOf(ctx), input.TableName);
      const spec = input.PointInTimeRecoverySpecification;
      const now = Date.now();
      const pitr = spec.PointInTimeRecoveryEnabled
        ? {
            enabled: true,
            recoveryPeriodInDays:
              spec.RecoveryPeriodInDays ?? record.pitr?.recoveryPeriodInDays ?? DEFAULT_RECOVERY_DAYS,
            enabledAt: record.pitr?.enabled ? record.pitr.enabledAt : now,
          }
        : { enabled: false, recoveryPeriodInDays: DEFAULT_RECOVERY_DAYS, enabledAt: now };
      const next = { ...record, pitr };
      db.save(next);
      return { ContinuousBackupsDescription: describeBackups(next, now) };
    },
  };
}
