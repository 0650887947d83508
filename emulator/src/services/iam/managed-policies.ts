import type { RequestContext } from "../../gateway/context.ts";
import { compareUtf8 } from "../../state/table.ts";
import { deleteConflict, entityAlreadyExists } from "./errors.ts";
import { isAwsManagedArn, policyArn, uniqueId } from "./identifiers.ts";
import { readablePolicy, requireLocalPolicy, savePolicy } from "./lookup.ts";
import type { ManagedPolicyRecord } from "./model.ts";
import { paginate } from "./pagination.ts";
import { checkManagedPolicySize, validatePolicyDocument } from "./policy-document.ts";
import type { IamInput } from "./schemas.ts";
import { policyShape } from "./shapes.ts";
import { IamState } from "./state.ts";
import { checkNoDuplicateKeys } from "./tags.ts";
import { allPolicyUsageCounts, policyUsage } from "./usage.ts";

/** Names are unique regardless of case, so the lower-cased name orders policies (the ARN breaks AWS/local ties). */
function sortKey(p: ManagedPolicyRecord): string {
  return `${p.policyName.toLowerCase()}\u0000${p.arn}`;
}

function usageCounts(state: IamState, arn: string) {
  const usage = policyUsage(state, arn);
  return { attachments: usage.attached.length, boundaries: usage.boundary.length };
}

/** Customer-managed policies; AWS-managed ones can be read, not changed. */
export const managedPolicyOperations = {
  CreatePolicy(input: IamInput<"CreatePolicy">, ctx: RequestContext) {
    const state = IamState.of(ctx);
    if (state.policies.has(IamState.policyKey(input.PolicyName))) {
      throw entityAlreadyExists(
        `A policy called ${input.PolicyName} already exists. Duplicate names are not allowed.`,
      );
    }
    validatePolicyDocument(input.PolicyDocument, "identity");
    checkManagedPolicySize(input.PolicyDocument);
    if (input.Tags) checkNoDuplicateKeys(input.Tags);
    const path = input.Path ?? "/";
    const now = new Date().toISOString();
    const policy: ManagedPolicyRecord = {
      policyName: input.PolicyName,
      policyId: uniqueId("ANPA"),
      arn: policyArn(state.accountId, path, input.PolicyName),
      path,
      description: input.Description || undefined,
      createDate: now,
      updateDate: now,
      defaultVersionId: "v1",
      versions: [
        { versionId: "v1", document: input.PolicyDocument, isDefaultVersion: true, createDate: now },
      ],
      nextVersion: 2,
      tags: input.Tags ?? [],
    };
    savePolicy(state, policy);
    return { Policy: policyShape(policy, undefined) };
  },

  GetPolicy(input: IamInput<"GetPolicy">, ctx: RequestContext) {
    const state = IamState.of(ctx);
    const policy = readablePolicy(state, input.PolicyArn);
    return { Policy: policyShape(policy, usageCounts(state, policy.arn)) };
  },

  DeletePolicy(input: IamInput<"DeletePolicy">, ctx: RequestContext) {
    const state = IamState.of(ctx);
    const policy = requireLocalPolicy(state, input.PolicyArn);
    const usage = policyUsage(state, policy.arn);
    if (usage.attached.length > 0 || usage.boundary.length > 0) {
      throw deleteConflict("Cannot delete a policy attached to entities.");
    }
    if (policy.versions.length > 1) {
      throw deleteConflict(
        "This policy has more than one version. Before you delete a policy, you must delete the policy's versions. The default version is deleted with the policy.",
      );
    }
    state.policies.delete(IamState.policyKey(policy.policyName));
  },

  ListPolicies(input: IamInput<"ListPolicies">, ctx: RequestContext) {
    const state = IamState.of(ctx);
    const scope = input.Scope ?? "All";
    const counts = allPolicyUsageCounts(state);
    const candidates: ManagedPolicyRecord[] = [];
    if (scope !== "AWS") candidates.push(...state.policies.values());
    if (scope !== "Local") {
      // Only the AWS-managed policies some role uses are known to the emulator.
      for (const arn of counts.keys()) {
        if (isAwsManagedArn(arn)) candidates.push(readablePolicy(state, arn));
      }
    }
    const prefix = input.PathPrefix ?? "/";
    const matching = candidates
      .filter((p) => p.path.startsWith(prefix))
      .filter((p) => !input.OnlyAttached || (counts.get(p.arn)?.attachments ?? 0) > 0)
      .filter((p) => {
        const c = counts.get(p.arn);
        if (input.PolicyUsageFilter === "PermissionsBoundary") return (c?.boundaries ?? 0) > 0;
        if (input.PolicyUsageFilter === "PermissionsPolicy")
          return (c?.boundaries ?? 0) === 0 || c!.attachments > 0;
        return true;
      })
      .sort((a, b) => compareUtf8(sortKey(a), sortKey(b)));
    const page = paginate(matching, input.Marker, input.MaxItems);
    return {
      Policies: page.items.map((p) => policyShape(p, counts.get(p.arn), "list")),
      IsTruncated: page.IsTruncated,
      Marker: page.Marker,
    };
  },
};
