import { randomBytes } from "node:crypto";
import type { RequestContext } from "../../gateway/context.ts";
import { lambdaErrors } from "./errors.ts";
import { page } from "./functions.ts";
import { parseFunctionRef } from "./identifiers.ts";
import type { EventInvokeConfig, FunctionRecord, FunctionUrlConfig } from "./model.ts";
import type { LambdaInput } from "./schemas.ts";
import { LambdaState } from "./state.ts";

/** Account-wide concurrency; at least this much must stay unreserved, as on AWS. */
const ACCOUNT_CONCURRENCY = 1000;
const MIN_UNRESERVED = 100;

function reservedTotal(state: LambdaState, except?: string): number {
  let total = 0;
  for (const f of state.functions.values()) if (f.name !== except) total += f.reservedConcurrency ?? 0;
  return total;
}

export function putConcurrency(input: LambdaInput<"PutFunctionConcurrency">, ctx: RequestContext) {
  const state = LambdaState.of(ctx);
  const { name } = parseFunctionRef(input.FunctionName);
  const fn = state.fn(name);
  const unreserved = ACCOUNT_CONCURRENCY - reservedTotal(state, name) - input.ReservedConcurrentExecutions;
  if (unreserved < MIN_UNRESERVED) {
    throw lambdaErrors.invalidParameter(
      `Specified ReservedConcurrentExecutions for function decreases account's UnreservedConcurrentExecution below its minimum value of [${MIN_UNRESERVED}].`,
    );
  }
  state.functions.set(name, { ...fn, reservedConcurrency: input.ReservedConcurrentExecutions });
  return { ReservedConcurrentExecutions: input.ReservedConcurrentExecutions };
}

export function getConcurrency(input: LambdaInput<"GetFunctionConcurrency">, ctx: RequestContext) {
  const fn = LambdaState.of(ctx).fn(parseFunctionRef(input.FunctionName).name);
  return fn.reservedConcurrency === undefined ? {} : { ReservedConcurrentExecutions: fn.reservedConcurrency };
}

export function deleteConcurrency(input: LambdaInput<"DeleteFunctionConcurrency">, ctx: RequestContext) {
  const state = LambdaState.of(ctx);
  const { name } = parseFunctionRef(input.FunctionName);
  const { reservedConcurrency: _removed, ...rest } = state.fn(name);
  state.functions.set(name, rest);
  return {};
}

export function accountSettings(_input: LambdaInput<"GetAccountSettings">, ctx: RequestContext) {
  const state = LambdaState.of(ctx);
  let totalCode = 0;
  for (const f of state.functions.values()) totalCode += f.latest.codeSize;
  for (const v of state.versions.values()) totalCode += v.codeSize;
  return {
    AccountLimit: {
      TotalCodeSize: 80_530_636_800,
      CodeSizeUnzipped: 262_144_000,
      CodeSizeZipped: 52_428_800,
      ConcurrentExecutions: ACCOUNT_CONCURRENCY,
      UnreservedConcurrentExecutions: ACCOUNT_CONCURRENCY - reservedTotal(state),
    },
    AccountUsage: { TotalCodeSize: totalCode, FunctionCount: state.functions.size },
  };
}

export function codeSigningConfig(input: LambdaInput<"GetFunctionCodeSigningConfig">, ctx: RequestContext) {
  const { name } = parseFunctionRef(input.FunctionName);
  LambdaState.of(ctx).fn(name);
  return { CodeSigningConfigArn: "", FunctionName: name };
}

// Event invoke configs. The unqualified function and $LATEST are the same configuration.

function invokeConfigTarget(state: LambdaState, functionName: string, qualifier: string | undefined) {
  const ref = parseFunctionRef(functionName, qualifier);
  const fn = state.fn(ref.name);
  const key = ref.qualifier ?? "$LATEST";
  if (key !== "$LATEST") state.resolve(ref.name, key);
  return { fn, key, arn: state.arn(ref.name, key) };
}

function invokeConfigOutput(arn: string, c: EventInvokeConfig) {
  return {
    LastModified: c.lastModified,
    FunctionArn: arn,
    ...(c.maximumRetryAttempts !== undefined ? { MaximumRetryAttempts: c.maximumRetryAttempts } : {}),
    ...(c.maximumEventAgeInSeconds !== undefined
      ? { MaximumEventAgeInSeconds: c.maximumEventAgeInSeconds }
      : {}),
    DestinationConfig: {
      OnSuccess: { ...(c.destinationConfig?.OnSuccess ?? {}) },
      OnFailure: { ...(c.destinationConfig?.OnFailure ?? {}) },
    },
  };
}

function writeInvokeConfig(
  input: LambdaInput<"PutFunctionEventInvokeConfig">,
  ctx: RequestContext,
  merge: boolean,
) {
  const state = LambdaState.of(ctx);
  const { fn, key, arn } = invokeConfigTarget(state, input.FunctionName, input.Qualifier);
  const before = fn.eventInvokeConfigs[key];
  if (merge && !before) throw lambdaErrors.notFound(`The function ${arn} doesn't have an EventInvokeConfig`);
  const base = merge && before ? before : { lastModified: 0 };
  const next: EventInvokeConfig = {
    ...base,
    ...(input.MaximumRetryAttempts !== undefined ? { maximumRetryAttempts: input.MaximumRetryAttempts } : {}),
    ...(input.MaximumEventAgeInSeconds !== undefined
      ? { maximumEventAgeInSeconds: input.MaximumEventAgeInSeconds }
      : {}),
    ...(input.DestinationConfig !== undefined ? { destinationConfig: input.DestinationConfig } : {}),
    lastModified: Date.now() / 1000,
  };
  state.functions.set(fn.name, { ...fn, eventInvokeConfigs: { ...fn.eventInvokeConfigs, [key]: next } });
  return invokeConfigOutput(arn, next);
}

export function putEventInvokeConfig(
  input: LambdaInput<"PutFunctionEventInvokeConfig">,
  ctx: RequestContext,
) {
  return writeInvokeConfig(input, ctx, false);
}

export function updateEventInvokeConfig(
  input: LambdaInput<"UpdateFunctionEventInvokeConfig">,
  ctx: RequestContext,
) {
  return writeInvokeConfig(input, ctx, true);
}

export function getEventInvokeConfig(
  input: LambdaInput<"GetFunctionEventInvokeConfig">,
  ctx: RequestContext,
) {
  const state = LambdaState.of(ctx);
  const { fn, key, arn } = invokeConfigTarget(state, input.FunctionName, input.Qualifier);
  const config = fn.eventInvokeConfigs[key];
  if (!config) throw lambdaErrors.notFound(`The function ${arn} doesn't have an EventInvokeConfig`);
  return invokeConfigOutput(arn, config);
}

export function deleteEventInvokeConfig(
  input: LambdaInput<"DeleteFunctionEventInvokeConfig">,
  ctx: RequestContext,
) {
  const state = LambdaState.of(ctx);
  const { fn, key, arn } = invokeConfigTarget(state, input.FunctionName, input.Qualifier);
  if (!fn.eventInvokeConfigs[key])
    throw lambdaErrors.notFound(`The function ${arn} doesn't have an EventInvokeConfig`);
  const { [key]: _removed, ...rest } = fn.eventInvokeConfigs;
  state.functions.set(fn.name, { ...fn, eventInvokeConfigs: rest });
  return {};
}

export function listEventInvokeConfigs(
  input: LambdaInput<"ListFunctionEventInvokeConfigs">,
  ctx: RequestContext,
) {
  const state = LambdaState.of(ctx);
  const fn = state.fn(parseFunctionRef(input.FunctionName).name);
  const configs = Object.entries(fn.eventInvokeConfigs).map(([key, c]) =>
    invokeConfigOutput(state.arn(fn.name, key), c),
  );
  const { Items, NextMarker } = page(configs, input, "Items");
  return { FunctionEventInvokeConfigs: Items, ...(NextMarker !== undefined ? { NextMarker } : {}) };
}

/** The event invoke config that applies to an invocation of `qualifier` (an alias, a version or $LATEST). */
export function effectiveInvokeConfig(
  fn: FunctionRecord,
  qualifier: string | undefined,
): EventInvokeConfig | undefined {
  return fn.eventInvokeConfigs[qualifier ?? "$LATEST"];
}

// Function URLs. Served by the emulator at <id>.lambda-url.<region>.localhost:<port>.

function urlTarget(state: LambdaState, functionName: string, qualifier: string | undefined) {
  const ref = parseFunctionRef(functionName, qualifier);
  const fn = state.fn(ref.name);
  if (ref.qualifier !== undefined && ref.qualifier !== "$LATEST") {
    if (/^\d+$/.test(ref.qualifier)) {
      throw lambdaErrors.invalidParameter(
        "Function URLs can only be configured on an alias or the unqualified function.",
      );
    }
    state.resolve(ref.name, ref.qualifier);
  }
  const key = ref.qualifier === "$LATEST" ? "" : (ref.qualifier ?? "");
  return { fn, key, arn: state.arn(ref.name, key === "" ? undefined : key) };
}

/** The URL clients call: the emulator's port, under the .localhost domain every resolver maps to loopback. */
export function functionUrl(ctx: RequestContext, config: FunctionUrlConfig): string {
  const port = new URL(ctx.runtime.url()).port;
  return `http://${config.urlId}.lambda-url.${ctx.region}.localhost${port ? `:${port}` : ""}/`;
}

function urlOutput(ctx: RequestContext, arn: string, c: FunctionUrlConfig) {
  return {
    FunctionUrl: functionUrl(ctx, c),
    FunctionArn: arn,
    AuthType: c.authType,
    ...(c.cors ? { Cors: c.cors } : {}),
    CreationTime: c.creationTime,
    LastModifiedTime: c.lastModifiedTime,
    InvokeMode: c.invokeMode,
  };
}

export function createUrlConfig(input: LambdaInput<"CreateFunctionUrlConfig">, ctx: RequestContext) {
  const state = LambdaState.of(ctx);
  const { fn, key, arn } = urlTarget(state, input.FunctionName, input.Qualifier);
  if (fn.urlConfigs[key]) {
    throw lambdaErrors.conflict(
      `Failed to create function url config for [functionArn = ${arn}]. Error message:  FunctionUrlConfig exists for this Lambda function`,
    );
  }
  const now = new Date().toISOString();
  const config: FunctionUrlConfig = {
    urlId: randomBytes(16).toString("hex"),
    authType: input.AuthType,
    invokeMode: input.InvokeMode ?? "BUFFERED",
    ...(input.Cors ? { cors: input.Cors } : {}),
    creationTime: now,
    lastModifiedTime: now,
  };
  state.functions.set(fn.name, { ...fn, urlConfigs: { ...fn.urlConfigs, [key]: config } });
  const { LastModifiedTime: _notOnCreate, ...out } = urlOutput(ctx, arn, config);
  return out;
}

function existingUrl(state: LambdaState, functionName: string, qualifier: string | undefined) {
  const target = urlTarget(state, functionName, qualifier);
  const config = target.fn.urlConfigs[target.key];
  if (!config) throw lambdaErrors.notFound("The resource you requested does not exist.");
  return { ...target, config };
}

export function getUrlConfig(input: LambdaInput<"GetFunctionUrlConfig">, ctx: RequestContext) {
  const { arn, config } = existingUrl(LambdaState.of(ctx), input.FunctionName, input.Qualifier);
  return urlOutput(ctx, arn, config);
}

export function updateUrlConfig(input: LambdaInput<"UpdateFunctionUrlConfig">, ctx: RequestContext) {
  const state = LambdaState.of(ctx);
  const { fn, key, arn, config } = existingUrl(state, input.FunctionName, input.Qualifier);
  const next: FunctionUrlConfig = {
    ...config,
    ...(input.AuthType !== undefined ? { authType: input.AuthType } : {}),
    ...(input.InvokeMode !== undefined ? { invokeMode: input.InvokeMode } : {}),
    ...(input.Cors !== undefined ? { cors: input.Cors } : {}),
    lastModifiedTime: new Date().toISOString(),
  };
  state.functions.set(fn.name, { ...fn, urlConfigs: { ...fn.urlConfigs, [key]: next } });
  return urlOutput(ctx, arn, next);
}

export function deleteUrlConfig(input: LambdaInput<"DeleteFunctionUrlConfig">, ctx: RequestContext) {
  const state = LambdaState.of(ctx);
  const { fn, key } = existingUrl(state, input.FunctionName, input.Qualifier);
  const { [key]: _removed, ...rest } = fn.urlConfigs;
  state.functions.set(fn.name, { ...fn, urlConfigs: rest });
  return {};
}

export function listUrlConfigs(input: LambdaInput<"ListFunctionUrlConfigs">, ctx: RequestContext) {
  const state = LambdaState.of(ctx);
  const fn = state.fn(parseFunctionRef(input.FunctionName).name);
  const configs = Object.entries(fn.urlConfigs).map(([key, c]) =>
    urlOutput(ctx, state.arn(fn.name, key === "" ? undefined : key), c),
  );
  const { Items, NextMarker } = page(configs, input, "Items");
  return { FunctionUrlConfigs: Items, ...(NextMarker !== undefined ? { NextMarker } : {}) };
}

// Tags, on the unqualified function ARN.

function taggedFunction(state: LambdaState, resource: string) {
  const ref = parseFunctionRef(resource);
  if (ref.qualifier !== undefined) {
    throw lambdaErrors.invalidParameter(
      "Tags are not supported on a qualified function ARN; tag the function itself.",
    );
  }
  return state.fn(ref.name);
}

export function tagResource(input: LambdaInput<"TagResource">, ctx: RequestContext) {
  const state = LambdaState.of(ctx);
  const fn = taggedFunction(state, input.Resource);
  const tags = { ...fn.tags, ...input.Tags };
  if (Object.keys(tags).length > 50)
    throw lambdaErrors.invalidParameter("Number of tags exceeds resource tag limit.");
  state.functions.set(fn.name, { ...fn, tags });
  return {};
}

export function untagResource(input: LambdaInput<"UntagResource">, ctx: RequestContext) {
  const state = LambdaState.of(ctx);
  const fn = taggedFunction(state, input.Resource);
  const drop = new Set(typeof input.TagKeys === "string" ? [input.TagKeys] : input.TagKeys);
  const tags = Object.fromEntries(Object.entries(fn.tags).filter(([k]) => !drop.has(k)));
  state.functions.set(fn.name, { ...fn, tags });
  return {};
}

export function listTags(input: LambdaInput<"ListTags">, ctx: RequestContext) {
  return { Tags: taggedFunction(LambdaState.of(ctx), input.Resource).tags };
}
