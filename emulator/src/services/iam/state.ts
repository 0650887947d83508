import type { RequestContext } from "../../gateway/context.ts";
import type { StateStore } from "../../state/store.ts";
import type { Table } from "../../state/table.ts";
import type { InstanceProfileRecord, ManagedPolicyRecord, RoleRecord } from "./model.ts";

/**
 * IAM tables for one account. IAM names are unique regardless of case (and, for
 * policies, regardless of path), so every table is keyed by the lower-cased name.
 */
export class IamState {
  readonly accountId: string;
  readonly roles: Table<RoleRecord>;
  readonly policies: Table<ManagedPolicyRecord>;
  readonly instanceProfiles: Table<InstanceProfileRecord>;

  constructor(store: StateStore, accountId: string) {
    this.accountId = accountId;
    this.roles = store.table<RoleRecord>(`iam/${accountId}/roles`);
    this.policies = store.table<ManagedPolicyRecord>(`iam/${accountId}/policies`);
    this.instanceProfiles = store.table<InstanceProfileRecord>(`iam/${accountId}/instance-profiles`);
  }

  /** The caller's account's tables. */
  static of(ctx: RequestContext): IamState {
    return new IamState(ctx.runtime.store, ctx.accountId);
  }

  static roleKey(name: string): string {
    return name.toLowerCase();
  }

  static policyKey(name: string): string {
    return name.toLowerCase();
  }

  static instanceProfileKey(name: string): string {
    return name.toLowerCase();
  }

  /** Records that a role was assumed, for GetRole's RoleLastUsed (STS can call this). */
  markRoleUsed(roleName: string, region: string): void {
    const key = IamState.roleKey(roleName);
    const role = this.roles.get(key);
    if (role) this.roles.set(key, { ...role, lastUsed: new Date().toISOString(), lastUsedRegion: region });
  }
}
