import type { z } from "zod";
import { ValidationError } from "../http/errors.ts";

/** The field an issue is about: its path, or the unknown key for an unrecognized one. */
function issueField(issue: z.core.$ZodIssue, fallback: string): string {
  if (issue.code === "unrecognized_keys" && issue.keys.length > 0) {
    return [...issue.path, issue.keys[0]!].join(".");
  }
  return issue.path.length > 0 ? issue.path.join(".") : fallback;
}

function issueMessage(issue: z.core.$ZodIssue): string {
  if (issue.code === "unrecognized_keys") return "is not a known field";
  return issue.message;
}

/**
 * `input` validated by `schema`, or a 400 naming the first field at fault:
 * "bytes: must be at most 5242880 bytes". `fallback` names the whole input (e.g. "body").
 */
export function parseDto<S extends z.ZodType>(schema: S, input: unknown, fallback: string): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const field = issueField(issue, fallback);
  throw new ValidationError(field, `${field}: ${issueMessage(issue)}`);
}

/** "is required" for a missing field, `message` for a wrong type. */
export function requiredError(message: string) {
  return (issue: { input: unknown }) => (issue.input === undefined ? "is required" : message);
}
