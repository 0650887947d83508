import type { StateStore } from "../../state/store.ts";
import type { Table } from "../../state/table.ts";
import type { ManagedPolicyRecord, RoleRecord } from "./model.ts";

/** IAM tables for one account. Role names are case-insensitive in IAM, so keys are lower-cased. */
export class IamState {
  readonly roles: Table<RoleRecord>;
  readonly policies: Table<ManagedPolicyRecord>;

  constructor(store: StateStore, accountId: string) {
    this.roles = store.table<RoleRecord>(`iam/${accountId}/roles`);
    this.policies = store.table<ManagedPolicyRecord>(`iam/${accountId}/policies`);
  }

  static roleKey(name: string): string {
    return name.toLowerCase();
  }
}
