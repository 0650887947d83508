import type { StateStore } from "../../state/store.ts";
import type { Table } from "../../state/table.ts";
import type { EventChunkRecord, LogGroupRecord, LogStreamRecord, MetricFilterRecord } from "./model.ts";

/** Every account and region that has log groups, so the retention sweep can find them. */
const SCOPES_TABLE = "logs/scopes";

export interface Scope {
  accountId: string;
  region: string;
}

/**
 * CloudWatch Logs tables for one account in one region. Streams, metric filters and
 * events get a table per group (events: per stream), so listing one group's streams or
 * reading one stream never walks anyone else's rows. Neither group nor stream names may
 * contain ':', which therefore separates them in table names.
 */
export class LogsState {
  readonly accountId: string;
  readonly region: string;
  readonly groups: Table<LogGroupRecord>;
  private readonly store: StateStore;
  private readonly prefix: string;

  constructor(store: StateStore, scope: Scope) {
    this.store = store;
    this.accountId = scope.accountId;
    this.region = scope.region;
    this.prefix = `logs/${scope.accountId}/${scope.region}`;
    this.groups = store.table<LogGroupRecord>(`${this.prefix}/groups`);
  }

  streams(group: string): Table<LogStreamRecord> {
    return this.store.table<LogStreamRecord>(`${this.prefix}/streams/${group}`);
  }

  metricFilters(group: string): Table<MetricFilterRecord> {
    return this.store.table<MetricFilterRecord>(`${this.prefix}/metric-filters/${group}`);
  }

  /** The name of a stream's event table, also the key of its cached sorted view. */
  eventTableName(group: string, stream: string): string {
    return `${this.prefix}/events/${group}:${stream}`;
  }

  events(group: string, stream: string): Table<EventChunkRecord> {
    return this.store.table<EventChunkRecord>(this.eventTableName(group, stream));
  }

  /** Records that this account and region hold log groups. */
  register(): void {
    const scopes = this.store.table<Scope>(SCOPES_TABLE);
    const key = `${this.accountId}/${this.region}`;
    if (!scopes.has(key)) scopes.set(key, { accountId: this.accountId, region: this.region });
  }

  static scopes(store: StateStore): Scope[] {
    return [...store.table<Scope>(SCOPES_TABLE).values()];
  }
}
