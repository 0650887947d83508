import { awsManagedPolicy } from "./aws-managed.ts";
import { noSuchInstanceProfile, noSuchRole, policyNotFound } from "./errors.ts";
import { isAwsManagedArn, parsePolicyArn } from "./identifiers.ts";
import type { InstanceProfileRecord, ManagedPolicyRecord, RoleRecord } from "./model.ts";
import { IamState } from "./state.ts";

/** Finding records by the names and ARNs clients send, with IAM's not-found errors. */

export function requireRole(state: IamState, name: string): RoleRecord {
  const role = state.roles.get(IamState.roleKey(name));
  if (!role) throw noSuchRole(name);
  return role;
}

export function requireInstanceProfile(state: IamState, name: string): InstanceProfileRecord {
  const profile = state.instanceProfiles.get(IamState.instanceProfileKey(name));
  if (!profile) throw noSuchInstanceProfile(name);
  return profile;
}

/** A customer-managed policy of this account by ARN, or undefined (a malformed ARN is InvalidInput). */
export function findLocalPolicy(state: IamState, arn: string): ManagedPolicyRecord | undefined {
  const parts = parsePolicyArn(arn);
  if (parts.account !== state.accountId) return undefined;
  const policy = state.policies.get(IamState.policyKey(parts.name));
  return policy && policy.arn.toLowerCase() === arn.toLowerCase() ? policy : undefined;
}

/** A customer-managed policy the caller may change; AWS-managed ones are not stored, so not found. */
export function requireLocalPolicy(state: IamState, arn: string): ManagedPolicyRecord {
  const policy = findLocalPolicy(state, arn);
  if (!policy) throw policyNotFound(arn);
  return policy;
}

/** Whether an ARN names a policy that exists: a stored one, or any AWS-managed one. */
export function policyExists(state: IamState, arn: string): boolean {
  if (isAwsManagedArn(arn)) {
    parsePolicyArn(arn);
    return true;
  }
  return findLocalPolicy(state, arn) !== undefined;
}

/** A policy to read: a stored one, or a minimal record for any AWS-managed ARN. */
export function readablePolicy(state: IamState, arn: string): ManagedPolicyRecord {
  if (isAwsManagedArn(arn)) {
    const parts = parsePolicyArn(arn);
    return awsManagedPolicy(arn, parts.path, parts.name);
  }
  return requireLocalPolicy(state, arn);
}

export function savePolicy(state: IamState, policy: ManagedPolicyRecord): void {
  state.policies.set(IamState.policyKey(policy.policyName), policy);
}
