import type { RequestContext } from "../../gateway/context.ts";
import { deleteConflict, entityAlreadyExists, noSuchEntity } from "./errors.ts";
import { roleArn, uniqueId } from "./identifiers.ts";
import { policyExists, requireRole } from "./lookup.ts";
import type { RoleRecord } from "./model.ts";
import { paginate } from "./pagination.ts";
import { checkTrustPolicySize, validatePolicyDocument } from "./policy-document.ts";
import type { IamInput } from "./schemas.ts";
import { roleShape } from "./shapes.ts";
import { IamState } from "./state.ts";
import { checkNoDuplicateKeys } from "./tags.ts";

function checkTrustPolicy(document: string): void {
  validatePolicyDocument(document, "trust");
  checkTrustPolicySize(document);
}

/** A permissions boundary must name an existing managed policy. */
function checkBoundary(state: IamState, arn: string): void {
  if (!policyExists(state, arn)) throw noSuchEntity(`Scope ARN: ${arn} does not exist or is not attachable.`);
}

function save(state: IamState, role: RoleRecord): RoleRecord {
  state.roles.set(IamState.roleKey(role.roleName), role);
  return role;
}

/** Roles: create, read, update, delete, list, and their permissions boundaries. */
export const roleOperations = {
  CreateRole(input: IamInput<"CreateRole">, ctx: RequestContext) {
    const state = IamState.of(ctx);
    if (state.roles.has(IamState.roleKey(input.RoleName))) {
      throw entityAlreadyExists(`Role with name ${input.RoleName} already exists.`);
    }
    checkTrustPolicy(input.AssumeRolePolicyDocument);
    if (input.PermissionsBoundary !== undefined) checkBoundary(state, input.PermissionsBoundary);
    if (input.Tags) checkNoDuplicateKeys(input.Tags);
    const path = input.Path ?? "/";
    const role = save(state, {
      roleName: input.RoleName,
      roleId: uniqueId("AROA"),
      path,
      arn: roleArn(state.accountId, path, input.RoleName),
      createDate: new Date().toISOString(),
      assumeRolePolicyDocument: input.AssumeRolePolicyDocument,
      description: input.Description || undefined,
      maxSessionDuration: input.MaxSessionDuration ?? 3600,
      permissionsBoundaryArn: input.PermissionsBoundary,
      tags: input.Tags ?? [],
      inlinePolicies: [],
      attachedPolicyArns: [],
    });
    return { Role: roleShape(role, "create") };
  },

  GetRole(input: IamInput<"GetRole">, ctx: RequestContext) {
    return { Role: roleShape(requireRole(IamState.of(ctx), input.RoleName)) };
  },

  UpdateRole(input: IamInput<"UpdateRole">, ctx: RequestContext) {
    const state = IamState.of(ctx);
    const role = requireRole(state, input.RoleName);
    save(state, {
      ...role,
      description: input.Description === undefined ? role.description : input.Description || undefined,
      maxSessionDuration: input.MaxSessionDuration ?? role.maxSessionDuration,
    });
    return {};
  },

  UpdateRoleDescription(input: IamInput<"UpdateRoleDescription">, ctx: RequestContext) {
    const state = IamState.of(ctx);
    const role = requireRole(state, input.RoleName);
    return { Role: roleShape(save(state, { ...role, description: input.Description || undefined })) };
  },

  UpdateAssumeRolePolicy(input: IamInput<"UpdateAssumeRolePolicy">, ctx: RequestContext) {
    const state = IamState.of(ctx);
    const role = requireRole(state, input.RoleName);
    checkTrustPolicy(input.PolicyDocument);
    save(state, { ...role, assumeRolePolicyDocument: input.PolicyDocument });
  },

  DeleteRole(input: IamInput<"DeleteRole">, ctx: RequestContext) {
    const state = IamState.of(ctx);
    const role = requireRole(state, input.RoleName);
    const key = IamState.roleKey(role.roleName);
    for (const profile of state.instanceProfiles.values()) {
      if (profile.roleKeys.includes(key)) {
        throw deleteConflict("Cannot delete entity, must remove roles from instance profile first.");
      }
    }
    if (role.attachedPolicyArns.length > 0) {
      throw deleteConflict("Cannot delete entity, must detach all policies first.");
    }
    if (role.inlinePolicies.length > 0)
      throw deleteConflict("Cannot delete entity, must delete policies first.");
    state.roles.delete(key);
  },

  ListRoles(input: IamInput<"ListRoles">, ctx: RequestContext) {
    const roles = IamState.of(ctx).roles;
    const prefix = input.PathPrefix ?? "/";
    const matching = [...roles.keysSorted()]
      .map((k) => roles.get(k)!)
      .filter((r) => r.path.startsWith(prefix));
    const page = paginate(matching, input.Marker, input.MaxItems);
    return {
      Roles: page.items.map((r) => roleShape(r, "list")),
      IsTruncated: page.IsTruncated,
      Marker: page.Marker,
    };
  },

  PutRolePermissionsBoundary(input: IamInput<"PutRolePermissionsBoundary">, ctx: RequestContext) {
    const state = IamState.of(ctx);
    const role = requireRole(state, input.RoleName);
    checkBoundary(state, input.PermissionsBoundary);
    save(state, { ...role, permissionsBoundaryArn: input.PermissionsBoundary });
  },

  DeleteRolePermissionsBoundary(input: IamInput<"DeleteRolePermissionsBoundary">, ctx: RequestContext) {
    const state = IamState.of(ctx);
    const role = requireRole(state, input.RoleName);
    save(state, { ...role, permissionsBoundaryArn: undefined });
  },
};
