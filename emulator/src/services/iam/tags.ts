import type { RequestContext } from "../../gateway/context.ts";
import { invalidInput, limitExceeded } from "./errors.ts";
import { requireInstanceProfile, requireLocalPolicy, requireRole } from "./lookup.ts";
import type { Tag } from "./model.ts";
import { paginate } from "./pagination.ts";
import type { IamInput } from "./schemas.ts";
import { IamState } from "./state.ts";

const MAX_TAGS = 50;

/** IAM compares tag keys without regard to case; a request may not name one key twice. */
export function checkNoDuplicateKeys(tags: readonly Tag[]): void {
  const seen = new Set<string>();
  for (const t of tags) {
    const k = t.Key.toLowerCase();
    if (seen.has(k)) {
      throw invalidInput("Duplicate tag keys found. Please note that Tag keys are case insensitive.");
    }
    seen.add(k);
  }
}

/** Adds or overwrites tags (keys match without regard to case), keeping the existing order. */
function mergeTags(existing: readonly Tag[], added: readonly Tag[], quotaName: string): Tag[] {
  checkNoDuplicateKeys(added);
  const out = existing.map((t) => ({ ...t }));
  for (const t of added) {
    const i = out.findIndex((o) => o.Key.toLowerCase() === t.Key.toLowerCase());
    if (i >= 0) out[i] = { Key: t.Key, Value: t.Value };
    else out.push({ Key: t.Key, Value: t.Value });
  }
  if (out.length > MAX_TAGS) throw limitExceeded(`Cannot exceed quota for ${quotaName}: ${MAX_TAGS}`);
  return out;
}

function removeTags(existing: readonly Tag[], keys: readonly string[]): Tag[] {
  const drop = new Set(keys.map((k) => k.toLowerCase()));
  return existing.filter((t) => !drop.has(t.Key.toLowerCase()));
}

function tagPage(tags: readonly Tag[], input: { Marker?: string; MaxItems?: number }) {
  const page = paginate(tags, input.Marker, input.MaxItems);
  return { Tags: page.items, IsTruncated: page.IsTruncated, Marker: page.Marker };
}

/** TagRole, TagPolicy, TagInstanceProfile and their Untag/List counterparts. */
export const tagOperations = {
  TagRole(input: IamInput<"TagRole">, ctx: RequestContext) {
    const state = IamState.of(ctx);
    const role = requireRole(state, input.RoleName);
    const tags = mergeTags(role.tags, input.Tags, "TagsPerRole");
    state.roles.set(IamState.roleKey(role.roleName), { ...role, tags });
  },

  UntagRole(input: IamInput<"UntagRole">, ctx: RequestContext) {
    const state = IamState.of(ctx);
    const role = requireRole(state, input.RoleName);
    state.roles.set(IamState.roleKey(role.roleName), { ...role, tags: removeTags(role.tags, input.TagKeys) });
  },

  ListRoleTags(input: IamInput<"ListRoleTags">, ctx: RequestContext) {
    return tagPage(requireRole(IamState.of(ctx), input.RoleName).tags, input);
  },

  TagPolicy(input: IamInput<"TagPolicy">, ctx: RequestContext) {
    const state = IamState.of(ctx);
    const policy = requireLocalPolicy(state, input.PolicyArn);
    const tags = mergeTags(policy.tags, input.Tags, "TagsPerPolicy");
    state.policies.set(IamState.policyKey(policy.policyName), { ...policy, tags });
  },

  UntagPolicy(input: IamInput<"UntagPolicy">, ctx: RequestContext) {
    const state = IamState.of(ctx);
    const policy = requireLocalPolicy(state, input.PolicyArn);
    const tags = removeTags(policy.tags, input.TagKeys);
    state.policies.set(IamState.policyKey(policy.policyName), { ...policy, tags });
  },

  ListPolicyTags(input: IamInput<"ListPolicyTags">, ctx: RequestContext) {
    return tagPage(requireLocalPolicy(IamState.of(ctx), input.PolicyArn).tags, input);
  },

  TagInstanceProfile(input: IamInput<"TagInstanceProfile">, ctx: RequestContext) {
    const state = IamState.of(ctx);
    const profile = requireInstanceProfile(state, input.InstanceProfileName);
    const tags = mergeTags(profile.tags, input.Tags, "TagsPerInstanceProfile");
    state.instanceProfiles.set(IamState.instanceProfileKey(profile.instanceProfileName), {
      ...profile,
      tags,
    });
  },

  UntagInstanceProfile(input: IamInput<"UntagInstanceProfile">, ctx: RequestContext) {
    const state = IamState.of(ctx);
    const profile = requireInstanceProfile(state, input.InstanceProfileName);
    const tags = removeTags(profile.tags, input.TagKeys);
    state.instanceProfiles.set(IamState.instanceProfileKey(profile.instanceProfileName), {
      ...profile,
      tags,
    });
  },

  ListInstanceProfileTags(input: IamInput<"ListInstanceProfileTags">, ctx: RequestContext) {
    return tagPage(requireInstanceProfile(IamState.of(ctx), input.InstanceProfileName).tags, input);
  },
};
