import type { RequestContext } from "../../gateway/context.ts";
import { limitExceeded, noSuchRolePolicy } from "./errors.ts";
import { requireRole } from "./lookup.ts";
import { paginate } from "./pagination.ts";
import { encodePolicyDocument, policySize, validatePolicyDocument } from "./policy-document.ts";
import type { IamInput } from "./schemas.ts";
import { IamState } from "./state.ts";

/** All of a role's inline policies together may hold 10,240 characters (white space not counted). */
const INLINE_QUOTA = 10240;

/** Inline policies embedded in a role. */
export const rolePolicyOperations = {
  PutRolePolicy(input: IamInput<"PutRolePolicy">, ctx: RequestContext) {
    const state = IamState.of(ctx);
    const role = requireRole(state, input.RoleName);
    validatePolicyDocument(input.PolicyDocument, "identity");
    const others = role.inlinePolicies.filter((p) => p.policyName !== input.PolicyName);
    const total = others.reduce((n, p) => n + policySize(p.document), policySize(input.PolicyDocument));
    if (total > INLINE_QUOTA) {
      throw limitExceeded(`Maximum policy size of ${INLINE_QUOTA} bytes exceeded for role ${role.roleName}`);
    }
    const inlinePolicies = role.inlinePolicies.some((p) => p.policyName === input.PolicyName)
      ? role.inlinePolicies.map((p) =>
          p.policyName === input.PolicyName
            ? { policyName: p.policyName, document: input.PolicyDocument }
            : p,
        )
      : [...role.inlinePolicies, { policyName: input.PolicyName, document: input.PolicyDocument }];
    state.roles.set(IamState.roleKey(role.roleName), { ...role, inlinePolicies });
  },

  GetRolePolicy(input: IamInput<"GetRolePolicy">, ctx: RequestContext) {
    const role = requireRole(IamState.of(ctx), input.RoleName);
    const policy = role.inlinePolicies.find((p) => p.policyName === input.PolicyName);
    if (!policy) throw noSuchRolePolicy(input.PolicyName);
    return {
      RoleName: role.roleName,
      PolicyName: policy.policyName,
      PolicyDocument: encodePolicyDocument(policy.document),
    };
  },

  DeleteRolePolicy(input: IamInput<"DeleteRolePolicy">, ctx: RequestContext) {
    const state = IamState.of(ctx);
    const role = requireRole(state, input.RoleName);
    if (!role.inlinePolicies.some((p) => p.policyName === input.PolicyName)) {
      throw noSuchRolePolicy(input.PolicyName);
    }
    const inlinePolicies = role.inlinePolicies.filter((p) => p.policyName !== input.PolicyName);
    state.roles.set(IamState.roleKey(role.roleName), { ...role, inlinePolicies });
  },

  ListRolePolicies(input: IamInput<"ListRolePolicies">, ctx: RequestContext) {
    const role = requireRole(IamState.of(ctx), input.RoleName);
    const names = role.inlinePolicies.map((p) => p.policyName).sort();
    const page = paginate(names, input.Marker, input.MaxItems);
    return { PolicyNames: page.items, IsTruncated: page.IsTruncated, Marker: page.Marker };
  },
};
