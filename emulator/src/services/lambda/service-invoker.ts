import type { StateStore } from "../../state/store.ts";
import { type FunctionRef, parseFunctionRef } from "./identifiers.ts";
import { serviceMayInvoke } from "./permissions.ts";
import { LambdaState } from "./state.ts";

/**
 * Other AWS services invoking Lambda functions (S3 notifications, SNS subscriptions,
 * CloudWatch alarm actions): they name the function by ARN, and the function's resource
 * policy must let the service's principal invoke it for the source resource.
 */

export interface ResolvedFunction extends FunctionRef {
  accountId: string;
  region: string;
}

/** A full function ARN, perhaps with a version or alias; null when it is not one. */
export function parseFunctionArn(arn: string): ResolvedFunction | null {
  const m = /^arn:aws[a-zA-Z-]*:lambda:([a-z0-9-]+):(\d{12}):function:(.+)$/.exec(arn);
  if (!m) return null;
  try {
    return { region: m[1]!, accountId: m[2]!, ...parseFunctionRef(m[3]!) };
  } catch {
    return null;
  }
}

/** Whether `principal` may invoke the function `functionArn` names on behalf of `sourceArn`. */
export function serviceMayInvokeArn(
  store: StateStore,
  functionArn: string,
  caller: { principal: string; sourceArn: string; sourceAccount: string },
): boolean {
  const ref = parseFunctionArn(functionArn);
  if (!ref) return false;
  const state = new LambdaState(store, ref.accountId, ref.region);
  const fn = state.functions.get(ref.name);
  if (!fn) return false;
  try {
    state.resolve(ref.name, ref.qualifier);
  } catch {
    return false;
  }
  return serviceMayInvoke(fn, ref.qualifier, caller.principal, caller.sourceArn, caller.sourceAccount);
}
