import { randomBytes } from "node:crypto";
import type { StateStore } from "../../../state/store.ts";
import type { Table } from "../../../state/table.ts";
import type { AlarmRecord, HistoryRecord } from "./model.ts";

/** Where CloudWatch alarms live: one account in one region. */
export interface AlarmScope {
  accountId: string;
  region: string;
}

const ALARMS_TABLE = /^cloudwatch\/(\d{12})\/([^/]+)\/alarms$/;
/** AWS keeps alarm history for two weeks. */
export const HISTORY_RETENTION_MS = 14 * 24 * 3600 * 1000;

/** The alarm tables of one account and region: alarms by name, and their history. */
export class AlarmTables {
  readonly scope: AlarmScope;
  readonly alarms: Table<AlarmRecord>;
  readonly history: Table<HistoryRecord>;
  private sequence = 0;

  constructor(store: StateStore, scope: AlarmScope) {
    this.scope = scope;
    this.alarms = store.table<AlarmRecord>(`cloudwatch/${scope.accountId}/${scope.region}/alarms`);
    this.history = store.table<HistoryRecord>(`cloudwatch/${scope.accountId}/${scope.region}/alarm-history`);
  }

  /** Every account and region that has (or had) alarms, for the evaluation schedule. */
  static scopes(store: StateStore): AlarmScope[] {
    const out: AlarmScope[] = [];
    for (const name of store.tableNames()) {
      const m = ALARMS_TABLE.exec(name);
      if (m) out.push({ accountId: m[1]!, region: m[2]! });
    }
    return out;
  }

  arn(name: string): string {
    return `arn:aws:cloudwatch:${this.scope.region}:${this.scope.accountId}:alarm:${name}`;
  }

  /** The alarm a name or an ARN of this account and region refers to. */
  find(nameOrArn: string): AlarmRecord | undefined {
    const prefix = this.arn("");
    const name = nameOrArn.startsWith(prefix) ? nameOrArn.slice(prefix.length) : nameOrArn;
    return this.alarms.get(name);
  }

  /**
   * Keys sort by time, so history reads back in order; the sequence keeps this process's
   * items of one millisecond in order, the random tail keeps keys apart across restarts.
   */
  addHistory(item: HistoryRecord): void {
    this.sequence = (this.sequence + 1) % 1_000_000;
    const key = `${String(item.timestamp).padStart(15, "0")}-${String(this.sequence).padStart(6, "0")}-${randomBytes(3).toString("hex")}`;
    this.history.set(key, item);
  }

  /** Drops history older than AWS keeps it. */
  pruneHistory(now: number): void {
    for (const [key, item] of [...this.history.entries()]) {
      if (now - item.timestamp > HISTORY_RETENTION_MS) this.history.delete(key);
    }
  }
}
