import type { z } from "zod";
import type { RequestContext } from "../gateway/context.ts";
import { AwsError, notImplemented } from "./aws-error.ts";

/** Input schemas by operation name: the operations a provider implements. */
export type InputSchemas = Record<string, z.ZodType>;

/** A provider has one method per operation in its schemas, taking the validated input. */
export type Provider<S extends InputSchemas> = {
  [K in keyof S]: (input: z.infer<S[K]>, ctx: RequestContext) => unknown;
};

/**
 * Validates `input` against the operation's schema and calls the provider's method.
 * An operation without a schema is not implemented, and the error says which.
 */
export async function invokeOperation<S extends InputSchemas>(
  service: string,
  schemas: S,
  provider: Provider<S>,
  operation: string,
  input: unknown,
  ctx: RequestContext,
  validationCode = "ValidationError",
): Promise<unknown> {
  if (!Object.hasOwn(schemas, operation)) throw notImplemented(service, operation);
  const schema = schemas[operation] as z.ZodType;
  const parsed = schema.safeParse(input ?? {});
  if (!parsed.success) {
    const issues = parsed.error.issues;
    const detail = issues.map((i) => describeIssue(input, i.path, i.message)).join("; ");
    throw new AwsError(
      validationCode,
      `${issues.length} validation error${issues.length === 1 ? "" : "s"} detected: ${detail}`,
      400,
    );
  }
  const method = provider[operation as keyof S] as (input: unknown, ctx: RequestContext) => unknown;
  return await method.call(provider, parsed.data, ctx);
}

/** AWS words a failed constraint as "Value 'x' at 'tags.1.member.key' failed to satisfy constraint: ...". */
function describeIssue(input: unknown, path: readonly PropertyKey[], message: string): string {
  let value: unknown = input;
  const names: string[] = [];
  for (const segment of path) {
    value =
      value !== null && typeof value === "object"
        ? (value as Record<PropertyKey, unknown>)[segment]
        : undefined;
    if (typeof segment === "number") names.push(`${segment + 1}.member`);
    else names.push(String(segment).charAt(0).toLowerCase() + String(segment).slice(1));
  }
  const where = names.join(".") || "input";
  if (value === undefined || value === null) {
    return `Value null at '${where}' failed to satisfy constraint: Member must not be null`;
  }
  const shown = typeof value === "string" ? value : JSON.stringify(value);
  return `Value '${shown}' at '${where}' failed to satisfy constraint: ${message}`;
}
