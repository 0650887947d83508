/** IAM's stored records (IAM is global: one set per account, no region). */

export interface Tag {
  Key: string;
  Value: string;
}

export interface InlinePolicy {
  policyName: string;
  /** Decoded JSON text, exactly as the client sent it. */
  document: string;
}

export interface RoleRecord {
  roleName: string;
  roleId: string;
  path: string;
  arn: string;
  /** ISO 8601. */
  createDate: string;
  /** The trust policy, as the client sent it (decoded JSON text). */
  assumeRolePolicyDocument: string;
  description?: string;
  maxSessionDuration: number;
  permissionsBoundaryArn?: string;
  tags: Tag[];
  /** A list rather than a map: policy names may be "__proto__". */
  inlinePolicies: InlinePolicy[];
  /** In attachment order. */
  attachedPolicyArns: string[];
  /** ISO 8601, set when the role is assumed. */
  lastUsed?: string;
  lastUsedRegion?: string;
}

export interface PolicyVersionRecord {
  versionId: string;
  document: string;
  isDefaultVersion: boolean;
  createDate: string;
}

export interface ManagedPolicyRecord {
  policyName: string;
  policyId: string;
  arn: string;
  path: string;
  description?: string;
  createDate: string;
  updateDate: string;
  defaultVersionId: string;
  /** Oldest first. */
  versions: PolicyVersionRecord[];
  /** Next version number to hand out (v1, v2, ...). */
  nextVersion: number;
  tags: Tag[];
}

export interface InstanceProfileRecord {
  instanceProfileName: string;
  instanceProfileId: string;
  path: string;
  arn: string;
  createDate: string;
  /** Role table keys (lower-cased names); AWS allows at most one. */
  roleKeys: string[];
  tags: Tag[];
}
