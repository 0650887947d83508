import type {
  InstanceProfileRecord,
  ManagedPolicyRecord,
  PolicyVersionRecord,
  RoleRecord,
  Tag,
} from "./model.ts";
import { encodePolicyDocument } from "./policy-document.ts";
import type { IamState } from "./state.ts";

/** Records turned into IAM's output structures (element names as in IAM's model). */

/** IAM leaves Tags out when there are none. */
function tagList(tags: Tag[]): Tag[] | undefined {
  return tags.length > 0 ? tags.map((t) => ({ Key: t.Key, Value: t.Value })) : undefined;
}

/**
 * A Role. "full" is GetRole's view; list operations (ListRoles, instance
 * profiles' Roles) leave out PermissionsBoundary, Tags and RoleLastUsed, as IAM does.
 */
export function roleShape(role: RoleRecord, view: "full" | "create" | "list" = "full") {
  return {
    Path: role.path,
    RoleName: role.roleName,
    RoleId: role.roleId,
    Arn: role.arn,
    CreateDate: new Date(role.createDate),
    AssumeRolePolicyDocument: encodePolicyDocument(role.assumeRolePolicyDocument),
    Description: role.description,
    MaxSessionDuration: role.maxSessionDuration,
    PermissionsBoundary:
      view !== "list" && role.permissionsBoundaryArn
        ? { PermissionsBoundaryType: "Policy", PermissionsBoundaryArn: role.permissionsBoundaryArn }
        : undefined,
    Tags: view !== "list" ? tagList(role.tags) : undefined,
    RoleLastUsed:
      view === "full"
        ? {
            LastUsedDate: role.lastUsed ? new Date(role.lastUsed) : undefined,
            Region: role.lastUsedRegion,
          }
        : undefined,
  };
}

/** A Policy. ListPolicies leaves out Description and Tags, as IAM does. */
export function policyShape(
  policy: ManagedPolicyRecord,
  counts: { attachments: number; boundaries: number } | undefined,
  view: "full" | "list" = "full",
) {
  return {
    PolicyName: policy.policyName,
    PolicyId: policy.policyId,
    Arn: policy.arn,
    Path: policy.path,
    DefaultVersionId: policy.defaultVersionId,
    AttachmentCount: counts?.attachments ?? 0,
    PermissionsBoundaryUsageCount: counts?.boundaries ?? 0,
    IsAttachable: true,
    Description: view === "full" ? policy.description : undefined,
    CreateDate: new Date(policy.createDate),
    UpdateDate: new Date(policy.updateDate),
    Tags: view === "full" ? tagList(policy.tags) : undefined,
  };
}

/** A PolicyVersion; only GetPolicyVersion returns the document. */
export function policyVersionShape(version: PolicyVersionRecord, withDocument: boolean) {
  return {
    Document: withDocument ? encodePolicyDocument(version.document) : undefined,
    VersionId: version.versionId,
    IsDefaultVersion: version.isDefaultVersion,
    CreateDate: new Date(version.createDate),
  };
}

export function instanceProfileShape(state: IamState, profile: InstanceProfileRecord, withTags: boolean) {
  const roles: RoleRecord[] = [];
  for (const key of profile.roleKeys) {
    const role = state.roles.get(key);
    if (role) roles.push(role);
  }
  return {
    Path: profile.path,
    InstanceProfileName: profile.instanceProfileName,
    InstanceProfileId: profile.instanceProfileId,
    Arn: profile.arn,
    CreateDate: new Date(profile.createDate),
    Roles: roles.map((r) => roleShape(r, "list")),
    Tags: withTags ? tagList(profile.tags) : undefined,
  };
}
