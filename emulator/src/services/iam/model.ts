/** IAM's stored records (IAM is global: one set per account, no region). */

export interface Tag {
  Key: string;
  Value: string;
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
  /** Inline policies by name: decoded JSON text. */
  inlinePolicies: Record<string, string>;
  attachedPolicyArns: string[];
  lastUsed?: string;
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
  versions: PolicyVersionRecord[];
  /** Next version number to hand out (v1, v2, ...). */
  nextVersion: number;
  tags: Tag[];
}
