import { z } from "zod";

/**
 * Field constraints from AWS's service models, worded as AWS words a violation
 * (the gateway prefixes "1 validation error detected: ..."). Protocol-neutral: the
 * query protocol's string-typed fields build on these too.
 */

export function text(options: { min?: number; max?: number; pattern?: string } = {}) {
  let s = z.string({ error: "Member must be a string" });
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

/** An integer as JSON and CBOR send it (the query protocol's text form is in query-fields.ts). */
export function integer(min?: number, max?: number) {
  let n = z.number({ error: "Member must be a number" }).int("Member must be an integer");
  if (min !== undefined) n = n.min(min, `Member must have value greater than or equal to ${min}`);
  if (max !== undefined) n = n.max(max, `Member must have value less than or equal to ${max}`);
  return n;
}

export const bool = z.boolean({ error: "Member must be a boolean" });

export function oneOf<const T extends readonly [string, ...string[]]>(values: T) {
  return z.enum(values, { error: `Member must satisfy enum value set: [${values.join(", ")}]` });
}

export function list<T extends z.ZodType>(item: T, min?: number, max?: number) {
  let a = z.array(item, { error: "Member must be a list" });
  if (min !== undefined) a = a.min(min, `Member must have length greater than or equal to ${min}`);
  if (max !== undefined) a = a.max(max, `Member must have length less than or equal to ${max}`);
  return a;
}
