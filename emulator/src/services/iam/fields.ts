import { z } from "zod";

/**
 * Field types of IAM's inputs, with the constraints of IAM's model and the
 * wording AWS uses when one is violated. The query protocol delivers every value
 * as a string, and an empty list as "".
 */

const NOT_NULL = "Member must not be null";

function text(options: { min?: number; max?: number; pattern?: string }) {
  let s = z.string({ error: (issue) => (issue.input === undefined ? NOT_NULL : "Member must be a string") });
  if (options.min !== undefined) {
    s = s.min(options.min, `Member must have length greater than or equal to ${options.min}`);
  }
  if (options.max !== undefined) {
    s = s.max(options.max, `Member must have length less than or equal to ${options.max}`);
  }
  if (options.pattern !== undefined) {
    // AWS's patterns match the whole value.
    s = s.regex(
      new RegExp(`^(?:${options.pattern})$`, "u"),
      `Member must satisfy regular expression pattern: ${options.pattern}`,
    );
  }
  return s;
}

function integer(min: number, max: number) {
  return z.coerce
    .number({ error: "Member must be a number" })
    .int("Member must be an integer")
    .min(min, `Member must have value greater than or equal to ${min}`)
    .max(max, `Member must have value less than or equal to ${max}`);
}

/** "true"/"false" as the query protocol sends them (z.coerce.boolean would read "false" as true). */
export const bool = z
  .union([z.boolean(), z.enum(["true", "false"])], { error: "Member must be a boolean" })
  .transform((v) => v === true || v === "true");

/** A list; the query protocol sends an empty list as "Name=". */
function list<T extends z.ZodType>(item: T, max?: number) {
  const array =
    max === undefined
      ? z.array(item)
      : z.array(item).max(max, `Member must have length less than or equal to ${max}`);
  return z.preprocess((v) => (v === "" ? [] : v), array);
}

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

export const tag = z.object({
  Key: text({ min: 1, max: 128, pattern: "[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]+" }),
  Value: text({ min: 0, max: 256, pattern: "[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*" }),
});
export const tags = list(tag, 50);
export const tagKeys = list(text({ min: 1, max: 128, pattern: "[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]+" }), 50);

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
