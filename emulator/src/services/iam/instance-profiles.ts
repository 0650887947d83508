import type { RequestContext } from "../../gateway/context.ts";
import { deleteConflict, entityAlreadyExists, limitExceeded, noSuchRole } from "./errors.ts";
import { instanceProfileArn, uniqueId } from "./identifiers.ts";
import { requireInstanceProfile, requireRole } from "./lookup.ts";
import type { InstanceProfileRecord } from "./model.ts";
import { paginate } from "./pagination.ts";
import type { IamInput } from "./schemas.ts";
import { instanceProfileShape } from "./shapes.ts";
import { IamState } from "./state.ts";
import { checkNoDuplicateKeys } from "./tags.ts";

function save(state: IamState, profile: InstanceProfileRecord): void {
  state.instanceProfiles.set(IamState.instanceProfileKey(profile.instanceProfileName), profile);
}

function sortedProfiles(state: IamState): InstanceProfileRecord[] {
  return state.instanceProfiles.keysSorted().map((k) => state.instanceProfiles.get(k)!);
}

/** One page of the instance profiles that `keep` selects, in name order. */
function profilePage(
  state: IamState,
  keep: (profile: InstanceProfileRecord) => boolean,
  input: { Marker?: string; MaxItems?: number },
) {
  const page = paginate(sortedProfiles(state).filter(keep), input.Marker, input.MaxItems);
  return {
    InstanceProfiles: page.items.map((p) => instanceProfileShape(state, p, false)),
    IsTruncated: page.IsTruncated,
    Marker: page.Marker,
  };
}

/** Instance profiles: containers for one role, which EC2 hands to instances. */
export const instanceProfileOperations = {
  CreateInstanceProfile(input: IamInput<"CreateInstanceProfile">, ctx: RequestContext) {
    const state = IamState.of(ctx);
    if (state.instanceProfiles.has(IamState.instanceProfileKey(input.InstanceProfileName))) {
      throw entityAlreadyExists(`Instance Profile ${input.InstanceProfileName} already exists.`);
    }
    if (input.Tags) checkNoDuplicateKeys(input.Tags);
    const path = input.Path ?? "/";
    const profile: InstanceProfileRecord = {
      instanceProfileName: input.InstanceProfileName,
      instanceProfileId: uniqueId("AIPA"),
      path,
      arn: instanceProfileArn(state.accountId, path, input.InstanceProfileName),
      createDate: new Date().toISOString(),
      roleKeys: [],
      tags: input.Tags ?? [],
    };
    save(state, profile);
    return { InstanceProfile: instanceProfileShape(state, profile, true) };
  },

  GetInstanceProfile(input: IamInput<"GetInstanceProfile">, ctx: RequestContext) {
    const state = IamState.of(ctx);
    return {
      InstanceProfile: instanceProfileShape(
        state,
        requireInstanceProfile(state, input.InstanceProfileName),
        true,
      ),
    };
  },

  DeleteInstanceProfile(input: IamInput<"DeleteInstanceProfile">, ctx: RequestContext) {
    const state = IamState.of(ctx);
    const profile = requireInstanceProfile(state, input.InstanceProfileName);
    if (profile.roleKeys.length > 0) {
      throw deleteConflict("Cannot delete entity, must remove roles from instance profile first.");
    }
    state.instanceProfiles.delete(IamState.instanceProfileKey(profile.instanceProfileName));
  },

  ListInstanceProfiles(input: IamInput<"ListInstanceProfiles">, ctx: RequestContext) {
    const state = IamState.of(ctx);
    const prefix = input.PathPrefix ?? "/";
    return profilePage(state, (p) => p.path.startsWith(prefix), input);
  },

  AddRoleToInstanceProfile(input: IamInput<"AddRoleToInstanceProfile">, ctx: RequestContext) {
    const state = IamState.of(ctx);
    const profile = requireInstanceProfile(state, input.InstanceProfileName);
    const role = requireRole(state, input.RoleName);
    if (profile.roleKeys.length >= 1) {
      throw limitExceeded("Cannot exceed quota for InstanceSessionsPerInstanceProfile: 1");
    }
    save(state, { ...profile, roleKeys: [IamState.roleKey(role.roleName)] });
  },

  RemoveRoleFromInstanceProfile(input: IamInput<"RemoveRoleFromInstanceProfile">, ctx: RequestContext) {
    const state = IamState.of(ctx);
    const profile = requireInstanceProfile(state, input.InstanceProfileName);
    const key = IamState.roleKey(input.RoleName);
    if (!profile.roleKeys.includes(key)) throw noSuchRole(input.RoleName);
    save(state, { ...profile, roleKeys: profile.roleKeys.filter((k) => k !== key) });
  },

  ListInstanceProfilesForRole(input: IamInput<"ListInstanceProfilesForRole">, ctx: RequestContext) {
    const state = IamState.of(ctx);
    const key = IamState.roleKey(requireRole(state, input.RoleName).roleName);
    return profilePage(state, (p) => p.roleKeys.includes(key), input);
  },
};
