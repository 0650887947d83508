import { z } from "zod";
import { integer, text } from "../../protocol/query-fields.ts";

/** IAM's field types, with the constraints of IAM's model. */

export { bool, tagKeys, tags } from "../../protocol/query-fields.ts";

const NAME = "[\\w+=,.@-]+";

export const roleName = text({ min: 1, max: 64, pattern: NAME });
export const policyName = text({ min: 1, max: 128, pattern: NAME });
export const instanceProfileName = text({ min: 1, max: 128, pattern: NAME });
export const path = text({ min: 1, max: 512, pattern: "(\\u002F)|(\\u002F[\\u0021-\\u007E]+\\u002F)" });
export const pathPrefix = text({ min: 1, max: 512, pattern: "\\u002F[\\u0021-\\u007F]*" });
export const policyPath = text({ min: 1, max: 512, pattern: "((/[A-Za-z0-9\\.,\\+@=_-]+)*)/" });
export const policyDocument = text({
  min: 1,
  max: 131072,
  pattern: "[\\u0009\\u000A\\u000D\\u0020-\\u00FF]+",
});
export const roleDescription = text({
  max: 1000,
  pattern: "[\\u0009\\u000A\\u000D\\u0020-\\u007E\\u00A1-\\u00FF]*",
});
export const policyDescription = text({ max: 1000 });
export const arn = text({ min: 20, max: 2048 });
export const versionId = text({ pattern: "v[1-9][0-9]*(\\.[A-Za-z0-9-]*)?" });
export const maxSessionDuration = integer(3600, 43200);

/** Marker and MaxItems, which every IAM list operation takes. */
export const page = {
  Marker: text({ min: 1, max: 320, pattern: "[\\u0020-\\u00FF]+" }).optional(),
  MaxItems: integer(1, 1000).optional(),
};

export const policyScope = z.enum(["All", "AWS", "Local"], {
  error: "Member must satisfy enum value set: [All, AWS, Local]",
});
export const policyUsage = z.enum(["PermissionsPolicy", "PermissionsBoundary"], {
  error: "Member must satisfy enum value set: [PermissionsPolicy, PermissionsBoundary]",
});
export const entityType = z.enum(["User", "Role", "Group", "LocalManagedPolicy", "AWSManagedPolicy"], {
  error: "Member must satisfy enum value set: [User, Role, Group, LocalManagedPolicy, AWSManagedPolicy]",
});
