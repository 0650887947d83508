import type { StateStore } from "../../../state/store.ts";
import type { Table } from "../../../state/table.ts";

/** A dashboard as the state store keeps it. Dashboards are global: one table per account. */
export interface DashboardRecord {
  name: string;
  body: string;
  /** Epoch ms. */
  lastModified: number;
  tags: Array<{ Key: string; Value: string }>;
}

export function dashboardTable(store: StateStore, accountId: string): Table<DashboardRecord> {
  return store.table<DashboardRecord>(`cloudwatch/${accountId}/dashboards`);
}

/** arn:aws:cloudwatch::<account>:dashboard/<name>: no region, dashboards being global. */
export function dashboardArn(accountId: string, name: string): string {
  return `arn:aws:cloudwatch::${accountId}:dashboard/${name}`;
}
