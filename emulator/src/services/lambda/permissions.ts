import type { RequestContext } from "../../gateway/context.ts";
import { lambdaErrors } from "./errors.ts";
import { parseFunctionRef } from "./identifiers.ts";
import type { FunctionRecord, PolicyStatement } from "./model.ts";
import type { LambdaInput } from "./schemas.ts";
import { LambdaState } from "./state.ts";

/** A principal as it appears in a statement: services, accounts and ARNs get AWS's shapes. */
function principalOf(principal: string): PolicyStatement["Principal"] {
  if (principal === "*") return "*";
  if (/^\d{12}$/.test(principal)) return { AWS: `arn:aws:iam::${principal}:root` };
  if (principal.startsWith("arn:")) return { AWS: principal };
  return { Service: principal };
}

/** Qualifier keys: "" for the unqualified function. Versions must exist; aliases must exist. */
function qualifierKey(state: LambdaState, name: string, qualifier: string | undefined): string {
  if (qualifier === undefined) return "";
  state.resolve(name, qualifier);
  return qualifier;
}

export function addPermission(input: LambdaInput<"AddPermission">, ctx: RequestContext) {
  const state = LambdaState.of(ctx);
  const ref = parseFunctionRef(input.FunctionName, input.Qualifier);
  const fn = state.fn(ref.name);
  if (input.RevisionId !== undefined && input.RevisionId !== fn.latest.revisionId)
    throw lambdaErrors.preconditionFailed();
  const key = qualifierKey(state, ref.name, ref.qualifier);
  const existing = fn.policies[key] ?? [];
  if (existing.some((s) => s.Sid === input.StatementId)) {
    throw lambdaErrors.conflict(
      `The statement id (${input.StatementId}) provided already exists. Please provide a new statement id, or remove the existing statement.`,
    );
  }
  const condition: Record<string, Record<string, string>> = {};
  const equals = (k: string, v: string | undefined) => {
    if (v !== undefined) condition.StringEquals = { ...condition.StringEquals, [k]: v };
  };
  equals("AWS:SourceAccount", input.SourceAccount);
  equals("aws:PrincipalOrgID", input.PrincipalOrgID);
  equals("lambda:EventSourceToken", input.EventSourceToken);
  equals("lambda:FunctionUrlAuthType", input.FunctionUrlAuthType);
  if (input.SourceArn !== undefined) condition.ArnLike = { "AWS:SourceArn": input.SourceArn };
  const statement: PolicyStatement = {
    Sid: input.StatementId,
    Effect: "Allow",
    Principal: principalOf(input.Principal),
    Action: input.Action,
    Resource: state.arn(ref.name, ref.qualifier),
    ...(Object.keys(condition).length > 0 ? { Condition: condition } : {}),
  };
  state.functions.set(ref.name, { ...fn, policies: { ...fn.policies, [key]: [...existing, statement] } });
  return { Statement: JSON.stringify(statement) };
}

export function removePermission(input: LambdaInput<"RemovePermission">, ctx: RequestContext) {
  const state = LambdaState.of(ctx);
  const ref = parseFunctionRef(input.FunctionName, input.Qualifier);
  const fn = state.fn(ref.name);
  if (input.RevisionId !== undefined && input.RevisionId !== fn.latest.revisionId)
    throw lambdaErrors.preconditionFailed();
  const key = qualifierKey(state, ref.name, ref.qualifier);
  const existing = fn.policies[key] ?? [];
  if (!existing.some((s) => s.Sid === input.StatementId)) {
    throw lambdaErrors.notFound(`Statement ${input.StatementId} is not found in resource policy.`);
  }
  const rest = existing.filter((s) => s.Sid !== input.StatementId);
  const policies = { ...fn.policies };
  if (rest.length > 0) policies[key] = rest;
  else delete policies[key];
  state.functions.set(ref.name, { ...fn, policies });
  return {};
}

export function getPolicy(input: LambdaInput<"GetPolicy">, ctx: RequestContext) {
  const state = LambdaState.of(ctx);
  const ref = parseFunctionRef(input.FunctionName, input.Qualifier);
  const fn = state.fn(ref.name);
  const statements = fn.policies[qualifierKey(state, ref.name, ref.qualifier)];
  if (!statements || statements.length === 0) {
    throw lambdaErrors.notFound("No policy is associated with the given resource.");
  }
  return {
    Policy: JSON.stringify({ Version: "2012-10-17", Id: "default", Statement: statements }),
    RevisionId: fn.latest.revisionId,
  };
}

/**
 * Whether the function's policy (for `qualifier`, or unqualified) lets an AWS service
 * invoke it on behalf of `sourceArn` in `sourceAccount`: S3 checks this before it
 * accepts a notification configuration.
 */
export function serviceMayInvoke(
  fn: FunctionRecord,
  qualifier: string | undefined,
  service: string,
  sourceArn: string,
  sourceAccount: string,
): boolean {
  const statements = fn.policies[qualifier ?? ""] ?? [];
  return statements.some((s) => {
    const principal = s.Principal;
    const principalOk =
      principal === "*" ||
      (typeof principal === "object" && "Service" in principal && principal.Service === service);
    const actionOk = s.Action === "lambda:InvokeFunction" || s.Action === "lambda:*" || s.Action === "*";
    const arnPattern = s.Condition?.ArnLike?.["AWS:SourceArn"] ?? s.Condition?.ArnEquals?.["AWS:SourceArn"];
    const arnOk = arnPattern === undefined || globMatch(arnPattern, sourceArn);
    const account = s.Condition?.StringEquals?.["AWS:SourceAccount"];
    const accountOk = account === undefined || account === sourceAccount;
    return principalOk && actionOk && arnOk && accountOk;
  });
}

/** ArnLike: `*` matches any run of characters, `?` one character. */
function globMatch(pattern: string, value: string): boolean {
  const source = pattern
    .replace(/[.+^${}()|[\]\\]/g, "\\$&")
    .replace(/\*/g, ".*")
    .replace(/\?/g, ".");
  return new RegExp(`^${source}$`).test(value);
}
