import { lambdaErrors } from "./errors.ts";

/** A function reference resolved from a name, a full ARN or a partial ARN. */
export interface FunctionRef {
  name: string;
  /** A version or alias named in the ARN or the Qualifier parameter. */
  qualifier?: string;
}

const NAME = /^[a-zA-Z0-9-_]{1,64}$/;
const QUALIFIER = /^(\$LATEST|[a-zA-Z0-9-_]{1,128})$/;

/**
 * Lambda accepts `my-fn`, `my-fn:alias`, `123456789012:function:my-fn[:q]` and
 * `arn:aws:lambda:<region>:<account>:function:my-fn[:q]`. A qualifier in both the
 * ARN and the Qualifier parameter must agree, as on AWS.
 */
export function parseFunctionRef(raw: string, qualifierParam?: string): FunctionRef {
  let rest = raw;
  const arn = /^arn:aws[a-zA-Z-]*:lambda:[a-z0-9-]+:(\d{12}):function:(.+)$/.exec(raw);
  const partial = /^(\d{12}):function:(.+)$/.exec(raw);
  if (arn) rest = arn[2]!;
  else if (partial) rest = partial[2]!;
  const [name, inlineQualifier, ...extra] = rest.split(":");
  if (!name || !NAME.test(name) || extra.length > 0) throw lambdaErrors.invalidFunctionName(raw);
  if (inlineQualifier !== undefined && !QUALIFIER.test(inlineQualifier))
    throw lambdaErrors.invalidFunctionName(raw);
  if (qualifierParam !== undefined && !QUALIFIER.test(qualifierParam)) {
    throw lambdaErrors.invalidParameter(`Invalid qualifier: ${qualifierParam}`);
  }
  if (inlineQualifier !== undefined && qualifierParam !== undefined && inlineQualifier !== qualifierParam) {
    throw lambdaErrors.invalidParameter(
      "The derived qualifier from the function name does not match the specified qualifier.",
    );
  }
  const qualifier = inlineQualifier ?? qualifierParam;
  return qualifier === undefined ? { name } : { name, qualifier };
}

export function functionArn(region: string, accountId: string, name: string, qualifier?: string): string {
  const base = `arn:aws:lambda:${region}:${accountId}:function:${name}`;
  return qualifier === undefined ? base : `${base}:${qualifier}`;
}

/** Lambda's LastModified format: ISO 8601 with milliseconds and a +0000 offset. */
export function lambdaTimestamp(date = new Date()): string {
  return date.toISOString().replace("Z", "+0000");
}
