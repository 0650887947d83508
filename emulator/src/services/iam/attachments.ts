import type { RequestContext } from "../../gateway/context.ts";
import { limitExceeded, policyNotAttachable, policyNotFound } from "./errors.ts";
import { parsePolicyArn } from "./identifiers.ts";
import { findLocalPolicy, policyExists, requireRole } from "./lookup.ts";
import type { RoleRecord } from "./model.ts";
import { paginate } from "./pagination.ts";
import type { IamInput } from "./schemas.ts";
import { IamState } from "./state.ts";
import { policyUsage } from "./usage.ts";

/** Managed policies attached to one role: 10 by default. */
const MAX_ATTACHED = 10;

/** The ARN as stored: a local policy's own spelling, or the AWS-managed ARN as given. */
function canonicalArn(state: IamState, arn: string): string {
  return findLocalPolicy(state, arn)?.arn ?? arn;
}

/** Attaching managed policies to roles, and who uses a policy. */
export const attachmentOperations = {
  AttachRolePolicy(input: IamInput<"AttachRolePolicy">, ctx: RequestContext) {
    const state = IamState.of(ctx);
    const role = requireRole(state, input.RoleName);
    if (!policyExists(state, input.PolicyArn)) throw policyNotAttachable(input.PolicyArn);
    const arn = canonicalArn(state, input.PolicyArn);
    if (role.attachedPolicyArns.includes(arn)) return;
    if (role.attachedPolicyArns.length >= MAX_ATTACHED) {
      throw limitExceeded(`Cannot exceed quota for PoliciesPerRole: ${MAX_ATTACHED}`);
    }
    state.roles.set(IamState.roleKey(role.roleName), {
      ...role,
      attachedPolicyArns: [...role.attachedPolicyArns, arn],
    });
  },

  DetachRolePolicy(input: IamInput<"DetachRolePolicy">, ctx: RequestContext) {
    const state = IamState.of(ctx);
    const role = requireRole(state, input.RoleName);
    const arn = canonicalArn(state, input.PolicyArn);
    if (!role.attachedPolicyArns.includes(arn)) throw policyNotFound(input.PolicyArn);
    state.roles.set(IamState.roleKey(role.roleName), {
      ...role,
      attachedPolicyArns: role.attachedPolicyArns.filter((a) => a !== arn),
    });
  },

  ListAttachedRolePolicies(input: IamInput<"ListAttachedRolePolicies">, ctx: RequestContext) {
    const role = requireRole(IamState.of(ctx), input.RoleName);
    const prefix = input.PathPrefix ?? "/";
    const attached = role.attachedPolicyArns
      .map((arn) => ({ arn, parts: parsePolicyArn(arn) }))
      .filter((a) => a.parts.path.startsWith(prefix));
    const page = paginate(attached, input.Marker, input.MaxItems);
    return {
      AttachedPolicies: page.items.map((a) => ({ PolicyName: a.parts.name, PolicyArn: a.arn })),
      IsTruncated: page.IsTruncated,
      Marker: page.Marker,
    };
  },

  ListEntitiesForPolicy(input: IamInput<"ListEntitiesForPolicy">, ctx: RequestContext) {
    const state = IamState.of(ctx);
    if (!policyExists(state, input.PolicyArn)) {
      throw policyNotFound(input.PolicyArn);
    }
    const usage = policyUsage(state, canonicalArn(state, input.PolicyArn));
    // The emulator has no users or groups, so only roles can use a policy.
    let roles: RoleRecord[] = [];
    if (input.EntityFilter === undefined || input.EntityFilter === "Role") {
      if (input.PolicyUsageFilter !== "PermissionsBoundary") roles.push(...usage.attached);
      if (input.PolicyUsageFilter !== "PermissionsPolicy") {
        roles.push(...usage.boundary.filter((r) => !roles.includes(r)));
      }
    }
    const prefix = input.PathPrefix ?? "/";
    roles = roles.filter((r) => r.path.startsWith(prefix));
    const page = paginate(roles, input.Marker, input.MaxItems);
    return {
      PolicyGroups: [],
      PolicyUsers: [],
      PolicyRoles: page.items.map((r) => ({ RoleName: r.roleName, RoleId: r.roleId })),
      IsTruncated: page.IsTruncated,
      Marker: page.Marker,
    };
  },
};
