import type { RequestContext } from "../../gateway/context.ts";
import { deleteConflict, limitExceeded, noSuchPolicyVersion } from "./errors.ts";
import { readablePolicy, requireLocalPolicy, savePolicy } from "./lookup.ts";
import type { ManagedPolicyRecord, PolicyVersionRecord } from "./model.ts";
import { paginate } from "./pagination.ts";
import { checkManagedPolicySize, validatePolicyDocument } from "./policy-document.ts";
import type { IamInput } from "./schemas.ts";
import { policyVersionShape } from "./shapes.ts";
import { IamState } from "./state.ts";

const MAX_VERSIONS = 5;

function findVersion(policy: ManagedPolicyRecord, versionId: string): PolicyVersionRecord {
  const version = policy.versions.find((v) => v.versionId === versionId);
  if (!version) throw noSuchPolicyVersion(policy.arn, versionId);
  return version;
}

/** The versions of a managed policy: at most five, one of them the default. */
export const policyVersionOperations = {
  CreatePolicyVersion(input: IamInput<"CreatePolicyVersion">, ctx: RequestContext) {
    const state = IamState.of(ctx);
    const policy = requireLocalPolicy(state, input.PolicyArn);
    validatePolicyDocument(input.PolicyDocument, "identity");
    checkManagedPolicySize(input.PolicyDocument);
    if (policy.versions.length >= MAX_VERSIONS) {
      throw limitExceeded(
        "A managed policy can have up to 5 versions. Before you create a new version, you must delete an existing version.",
      );
    }
    const now = new Date().toISOString();
    const isDefault = input.SetAsDefault === true;
    const version: PolicyVersionRecord = {
      versionId: `v${policy.nextVersion}`,
      document: input.PolicyDocument,
      isDefaultVersion: isDefault,
      createDate: now,
    };
    const versions = policy.versions.map((v) => (isDefault ? { ...v, isDefaultVersion: false } : v));
    savePolicy(state, {
      ...policy,
      versions: [...versions, version],
      nextVersion: policy.nextVersion + 1,
      defaultVersionId: isDefault ? version.versionId : policy.defaultVersionId,
      updateDate: isDefault ? now : policy.updateDate,
    });
    return { PolicyVersion: policyVersionShape(version, false) };
  },

  GetPolicyVersion(input: IamInput<"GetPolicyVersion">, ctx: RequestContext) {
    const policy = readablePolicy(IamState.of(ctx), input.PolicyArn);
    return { PolicyVersion: policyVersionShape(findVersion(policy, input.VersionId), true) };
  },

  DeletePolicyVersion(input: IamInput<"DeletePolicyVersion">, ctx: RequestContext) {
    const state = IamState.of(ctx);
    const policy = requireLocalPolicy(state, input.PolicyArn);
    const version = findVersion(policy, input.VersionId);
    if (version.isDefaultVersion) throw deleteConflict("Cannot delete the default version of a policy.");
    savePolicy(state, {
      ...policy,
      versions: policy.versions.filter((v) => v.versionId !== version.versionId),
    });
  },

  SetDefaultPolicyVersion(input: IamInput<"SetDefaultPolicyVersion">, ctx: RequestContext) {
    const state = IamState.of(ctx);
    const policy = requireLocalPolicy(state, input.PolicyArn);
    const target = findVersion(policy, input.VersionId);
    savePolicy(state, {
      ...policy,
      versions: policy.versions.map((v) => ({ ...v, isDefaultVersion: v.versionId === target.versionId })),
      defaultVersionId: target.versionId,
      updateDate: new Date().toISOString(),
    });
  },

  ListPolicyVersions(input: IamInput<"ListPolicyVersions">, ctx: RequestContext) {
    const policy = readablePolicy(IamState.of(ctx), input.PolicyArn);
    // Newest first, as IAM lists them.
    const page = paginate([...policy.versions].reverse(), input.Marker, input.MaxItems);
    return {
      Versions: page.items.map((v) => policyVersionShape(v, false)),
      IsTruncated: page.IsTruncated,
      Marker: page.Marker,
    };
  },
};
