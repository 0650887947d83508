import { z } from "zod";
import { text } from "./model-fields.ts";

export { text };

/**
 * Field types for query-protocol inputs (IAM, STS, ...), with the constraints of
 * the services' models and AWS's wording when one is violated. The protocol
 * delivers every value as a string, and an empty list as "Name=".
 */

/** An integer, or its text as the query protocol sends it. */
export function integer(min?: number, max?: number) {
  let n = z.coerce.number({ error: "Member must be a number" }).int("Member must be an integer");
  if (min !== undefined) n = n.min(min, `Member must have value greater than or equal to ${min}`);
  if (max !== undefined) n = n.max(max, `Member must have value less than or equal to ${max}`);
  return n;
}

/** "true"/"false" as the query protocol sends them (z.coerce.boolean would read "false" as true). */
export const bool = z
  .union([z.boolean(), z.enum(["true", "false"])], { error: "Member must be a boolean" })
  .transform((v) => v === true || v === "true");

/** A list; the query protocol sends an empty list as "Name=". */
export function list<T extends z.ZodType>(item: T, max?: number) {
  const array =
    max === undefined
      ? z.array(item)
      : z.array(item).max(max, `Member must have length less than or equal to ${max}`);
  return z.preprocess((v) => (v === "" ? [] : v), array);
}

/** Tags as IAM and STS take them. */
const TAG_TEXT = "[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]";
export const tag = z.object({
  Key: text({ min: 1, max: 128, pattern: `${TAG_TEXT}+` }),
  Value: text({ min: 0, max: 256, pattern: `${TAG_TEXT}*` }),
});
export const tags = list(tag, 50);
export const tagKeys = list(text({ min: 1, max: 128, pattern: `${TAG_TEXT}+` }), 50);
