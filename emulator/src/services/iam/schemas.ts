import { z } from "zod";
import {
  arn,
  bool,
  entityType,
  instanceProfileName,
  maxSessionDuration,
  page,
  path,
  pathPrefix,
  policyDescription,
  policyDocument,
  policyName,
  policyPath,
  policyScope,
  policyUsage,
  roleDescription,
  roleName,
  tagKeys,
  tags,
  versionId,
} from "./fields.ts";

const roleSchemas = {
  CreateRole: z.object({
    RoleName: roleName,
    Path: path.optional(),
    AssumeRolePolicyDocument: policyDocument,
    Description: roleDescription.optional(),
    MaxSessionDuration: maxSessionDuration.optional(),
    PermissionsBoundary: arn.optional(),
    Tags: tags.optional(),
  }),
  GetRole: z.object({ RoleName: roleName }),
  UpdateRole: z.object({
    RoleName: roleName,
    Description: roleDescription.optional(),
    MaxSessionDuration: maxSessionDuration.optional(),
  }),
  UpdateRoleDescription: z.object({ RoleName: roleName, Description: roleDescription }),
  UpdateAssumeRolePolicy: z.object({ RoleName: roleName, PolicyDocument: policyDocument }),
  DeleteRole: z.object({ RoleName: roleName }),
  ListRoles: z.object({ PathPrefix: pathPrefix.optional(), ...page }),
  PutRolePermissionsBoundary: z.object({ RoleName: roleName, PermissionsBoundary: arn }),
  DeleteRolePermissionsBoundary: z.object({ RoleName: roleName }),
  TagRole: z.object({ RoleName: roleName, Tags: tags }),
  UntagRole: z.object({ RoleName: roleName, TagKeys: tagKeys }),
  ListRoleTags: z.object({ RoleName: roleName, ...page }),
};

const rolePolicySchemas = {
  PutRolePolicy: z.object({ RoleName: roleName, PolicyName: policyName, PolicyDocument: policyDocument }),
  GetRolePolicy: z.object({ RoleName: roleName, PolicyName: policyName }),
  DeleteRolePolicy: z.object({ RoleName: roleName, PolicyName: policyName }),
  ListRolePolicies: z.object({ RoleName: roleName, ...page }),
};

const managedPolicySchemas = {
  CreatePolicy: z.object({
    PolicyName: policyName,
    Path: policyPath.optional(),
    PolicyDocument: policyDocument,
    Description: policyDescription.optional(),
    Tags: tags.optional(),
  }),
  GetPolicy: z.object({ PolicyArn: arn }),
  DeletePolicy: z.object({ PolicyArn: arn }),
  ListPolicies: z.object({
    Scope: policyScope.optional(),
    OnlyAttached: bool.optional(),
    PathPrefix: policyPath.optional(),
    PolicyUsageFilter: policyUsage.optional(),
    ...page,
  }),
  CreatePolicyVersion: z.object({
    PolicyArn: arn,
    PolicyDocument: policyDocument,
    SetAsDefault: bool.optional(),
  }),
  GetPolicyVersion: z.object({ PolicyArn: arn, VersionId: versionId }),
  DeletePolicyVersion: z.object({ PolicyArn: arn, VersionId: versionId }),
  SetDefaultPolicyVersion: z.object({ PolicyArn: arn, VersionId: versionId }),
  ListPolicyVersions: z.object({ PolicyArn: arn, ...page }),
  TagPolicy: z.object({ PolicyArn: arn, Tags: tags }),
  UntagPolicy: z.object({ PolicyArn: arn, TagKeys: tagKeys }),
  ListPolicyTags: z.object({ PolicyArn: arn, ...page }),
};

const attachmentSchemas = {
  AttachRolePolicy: z.object({ RoleName: roleName, PolicyArn: arn }),
  DetachRolePolicy: z.object({ RoleName: roleName, PolicyArn: arn }),
  ListAttachedRolePolicies: z.object({ RoleName: roleName, PathPrefix: policyPath.optional(), ...page }),
  ListEntitiesForPolicy: z.object({
    PolicyArn: arn,
    EntityFilter: entityType.optional(),
    PathPrefix: path.optional(),
    PolicyUsageFilter: policyUsage.optional(),
    ...page,
  }),
};

const instanceProfileSchemas = {
  CreateInstanceProfile: z.object({
    InstanceProfileName: instanceProfileName,
    Path: path.optional(),
    Tags: tags.optional(),
  }),
  GetInstanceProfile: z.object({ InstanceProfileName: instanceProfileName }),
  DeleteInstanceProfile: z.object({ InstanceProfileName: instanceProfileName }),
  ListInstanceProfiles: z.object({ PathPrefix: pathPrefix.optional(), ...page }),
  AddRoleToInstanceProfile: z.object({ InstanceProfileName: instanceProfileName, RoleName: roleName }),
  RemoveRoleFromInstanceProfile: z.object({ InstanceProfileName: instanceProfileName, RoleName: roleName }),
  ListInstanceProfilesForRole: z.object({ RoleName: roleName, ...page }),
  TagInstanceProfile: z.object({ InstanceProfileName: instanceProfileName, Tags: tags }),
  UntagInstanceProfile: z.object({ InstanceProfileName: instanceProfileName, TagKeys: tagKeys }),
  ListInstanceProfileTags: z.object({ InstanceProfileName: instanceProfileName, ...page }),
};

/** IAM operations the emulator implements, with their inputs as the query protocol delivers them. */
export const iamSchemas = {
  ...roleSchemas,
  ...rolePolicySchemas,
  ...managedPolicySchemas,
  ...attachmentSchemas,
  ...instanceProfileSchemas,
} satisfies Record<string, z.ZodType>;

export type IamSchemas = typeof iamSchemas;
export type IamInput<K extends keyof IamSchemas> = z.infer<IamSchemas[K]>;
