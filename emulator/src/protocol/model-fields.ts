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
