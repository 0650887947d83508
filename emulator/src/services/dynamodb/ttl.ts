import type { RequestContext } from "../../gateway/context.ts";
import { type DynamoDatabase, scopeOf } from "./database.ts";
import { engineTable } from "./engine-table.ts";
import { validationException } from "./errors.ts";
import { requireTable } from "./lookup.ts";
import type { DynamoDbInput } from "./schemas.ts";

/** DescribeTimeToLive and UpdateTimeToLive; the sweep that deletes expired items is below. */
export function ttlOperations(db: DynamoDatabase) {
  return {
    DescribeTimeToLive(input: DynamoDbInput<"DescribeTimeToLive">, ctx: RequestContext) {
      const ttl = requireTable(db, scopeOf(ctx), input.TableName).ttl;
      return {
        TimeToLiveDescription: ttl?.enabled
          ? { TimeToLiveStatus: "ENABLED", AttributeName: ttl.attributeName }
          : { TimeToLiveStatus: "DISABLED" },
      };
    },

    UpdateTimeToLive(input: DynamoDbInput<"UpdateTimeToLive">, ctx: RequestContext) {
      const record = requireTable(db, scopeOf(ctx), input.TableName);
      const spec = input.TimeToLiveSpecification;
      const current = record.ttl;
      if (spec.Enabled && current?.enabled) {
        throw validationException(
          current.attributeName === spec.AttributeName
            ? "TimeToLive is already enabled"
            : `TimeToLive is active on a different AttributeName: current AttributeName is ${current.attributeName}`,
        );
      }
      if (!spec.Enabled && !current?.enabled) throw validationException("TimeToLive is already disabled");
      db.save({ ...record, ttl: { attributeName: spec.AttributeName, enabled: spec.Enabled } });
      return { TimeToLiveSpecification: { Enabled: spec.Enabled, AttributeName: spec.AttributeName } };
    },
  };
}

/** AWS leaves alone items whose expiry is more than five years past (a likely unit mistake). */
const FIVE_YEARS_SECONDS = 5 * 365 * 24 * 3600;
const SWEEP_INTERVAL_MS = 1000;

/** Deletes the items whose TTL attribute (a Number of epoch seconds) has passed; returns how many. */
export function sweepExpiredItems(db: DynamoDatabase, now = Date.now()): number {
  const nowSeconds = now / 1000;
  let deleted = 0;
  for (const record of db.all()) {
    if (!record.ttl?.enabled) continue;
    const attribute = record.ttl.attributeName;
    const items = db.items(record);
    const expired: string[] = [];
    for (const [key, item] of items.entries()) {
      const n = item[attribute]?.N;
      if (n === undefined) continue;
      const at = Number(n);
      if (at < nowSeconds && at > nowSeconds - FIVE_YEARS_SECONDS) expired.push(key);
    }
    const table = engineTable(record);
    for (const key of expired) items.write(key, null, table);
    deleted += expired.length;
  }
  return deleted;
}

/**
 * Sweeps once a second on an unref'd timer; the deletes are made durable by the sweep
 * itself. The timer holds the database weakly, so an emulator stopped in-process (tests)
 * does not leave it sweeping forever.
 */
export function startTtlSweeper(db: DynamoDatabase): () => void {
  const ref = new WeakRef(db);
  const timer = setInterval(() => {
    const live = ref.deref();
    if (!live) {
      stop();
      return;
    }
    try {
      if (sweepExpiredItems(live) > 0) live.store.flush().catch(() => stop());
    } catch {
      // The store is closed (the emulator stopped): nothing more to sweep.
      stop();
    }
  }, SWEEP_INTERVAL_MS);
  timer.unref();
  const stop = () => clearInterval(timer);
  return stop;
}
