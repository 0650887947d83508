import type { Provider } from "../../protocol/provider.ts";
import { attachmentOperations } from "./attachments.ts";
import { instanceProfileOperations } from "./instance-profiles.ts";
import { managedPolicyOperations } from "./managed-policies.ts";
import { policyVersionOperations } from "./policy-versions.ts";
import { rolePolicyOperations } from "./role-policies.ts";
import { roleOperations } from "./roles.ts";
import type { IamSchemas } from "./schemas.ts";
import { tagOperations } from "./tags.ts";

/** IAM: roles, inline and managed policies, attachments, instance profiles and tags. */
export const iamProvider: Provider<IamSchemas> = {
  ...roleOperations,
  ...rolePolicyOperations,
  ...managedPolicyOperations,
  ...policyVersionOperations,
  ...attachmentOperations,
  ...instanceProfileOperations,
  ...tagOperations,
};
