import type { RoleRecord } from "./model.ts";
import type { IamState } from "./state.ts";

/** Which roles use a managed policy; counted on demand, so it can never drift. */
export interface PolicyUsage {
  /** Roles the policy is attached to as a permissions policy. */
  attached: RoleRecord[];
  /** Roles that use it as their permissions boundary. */
  boundary: RoleRecord[];
}

export function policyUsage(state: IamState, arn: string): PolicyUsage {
  const usage: PolicyUsage = { attached: [], boundary: [] };
  for (const role of state.roles.values()) {
    if (role.attachedPolicyArns.includes(arn)) usage.attached.push(role);
    if (role.permissionsBoundaryArn === arn) usage.boundary.push(role);
  }
  return usage;
}

/** Attachment and boundary counts of every policy in use, by ARN. */
export function allPolicyUsageCounts(
  state: IamState,
): Map<string, { attachments: number; boundaries: number }> {
  const counts = new Map<string, { attachments: number; boundaries: number }>();
  const entry = (arn: string) => {
    let c = counts.get(arn);
    if (!c) {
      c = { attachments: 0, boundaries: 0 };
      counts.set(arn, c);
    }
    return c;
  };
  for (const role of state.roles.values()) {
    for (const arn of role.attachedPolicyArns) entry(arn).attachments++;
    if (role.permissionsBoundaryArn) entry(role.permissionsBoundaryArn).boundaries++;
  }
  return counts;
}
