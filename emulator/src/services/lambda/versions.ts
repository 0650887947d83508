import { randomUUID } from "node:crypto";
import type { RequestContext } from "../../gateway/context.ts";
import { functionConfiguration, isSettled } from "./configuration.ts";
import { lambdaErrors } from "./errors.ts";
import { checkRevision, page } from "./functions.ts";
import { lambdaTimestamp, parseFunctionRef } from "./identifiers.ts";
import type { AliasRecord, FunctionRecord, VersionConfig } from "./model.ts";
import type { LambdaInput } from "./schemas.ts";
import { LambdaState } from "./state.ts";

/**
 * Publishes $LATEST as the next version number, unless the newest published version
 * already has the same code and configuration (AWS returns that one instead).
 */
export function publishVersion(
  state: LambdaState,
  fn: FunctionRecord,
  options: { description?: string | undefined; codeSha256?: string | undefined },
): VersionConfig {
  if (options.codeSha256 !== undefined && options.codeSha256 !== fn.latest.codeSha256) {
    throw lambdaErrors.invalidParameter(
      `CodeSHA256 (${options.codeSha256}) is different from current CodeSHA256 in $LATEST (${fn.latest.codeSha256}). Please try again with the CodeSHA256 in $LATEST.`,
    );
  }
  const newest = state.publishedVersions(fn.name).at(-1);
  if (newest && sameConfiguration(newest, fn.latest)) return newest;
  const version = String(fn.nextVersion);
  const now = Date.now();
  const published: VersionConfig = {
    ...fn.latest,
    version,
    description: options.description ?? fn.latest.description,
    lastModified: lambdaTimestamp(new Date(now)),
    revisionId: randomUUID(),
    updatingUntil: 0,
  };
  state.versions.set(LambdaState.childKey(fn.name, version), published);
  state.functions.set(fn.name, { ...fn, nextVersion: fn.nextVersion + 1 });
  return published;
}

/** Whether publishing would change nothing: same code and the same settings. */
function sameConfiguration(a: VersionConfig, b: VersionConfig): boolean {
  const strip = ({
    version,
    lastModified,
    revisionId,
    pendingUntil,
    updatingUntil,
    description,
    ...rest
  }: VersionConfig) => JSON.stringify(rest);
  return strip(a) === strip(b);
}

export function publish(input: LambdaInput<"PublishVersion">, ctx: RequestContext) {
  const state = LambdaState.of(ctx);
  const { name } = parseFunctionRef(input.FunctionName);
  const fn = state.fn(name);
  if (!isSettled(fn.latest)) {
    throw lambdaErrors.conflict(
      `The operation cannot be performed at this time. An update is in progress for resource: ${state.arn(name)}`,
    );
  }
  checkRevision(input.RevisionId, fn.latest.revisionId);
  const published = publishVersion(state, fn, {
    description: input.Description,
    codeSha256: input.CodeSha256,
  });
  return functionConfiguration(state, state.fn(name), published);
}

export function listVersions(input: LambdaInput<"ListVersionsByFunction">, ctx: RequestContext) {
  const state = LambdaState.of(ctx);
  const { name } = parseFunctionRef(input.FunctionName);
  const fn = state.fn(name);
  const all = [fn.latest, ...state.publishedVersions(name)].map((v) => functionConfiguration(state, fn, v));
  return page(all, input, "Versions");
}

function aliasOutput(state: LambdaState, alias: AliasRecord) {
  return {
    AliasArn: state.arn(alias.functionName, alias.name),
    Name: alias.name,
    FunctionVersion: alias.functionVersion,
    Description: alias.description,
    ...(alias.additionalVersionWeights
      ? { RoutingConfig: { AdditionalVersionWeights: alias.additionalVersionWeights } }
      : {}),
    RevisionId: alias.revisionId,
  };
}

/** An alias may point at $LATEST or a published version of the same function. */
function checkVersionExists(state: LambdaState, functionName: string, version: string): void {
  if (version === "$LATEST") return;
  if (!state.versions.has(LambdaState.childKey(functionName, version))) {
    throw lambdaErrors.functionNotFound(state.arn(functionName, version));
  }
}

function weights(routing: { AdditionalVersionWeights?: Record<string, number> | undefined } | undefined) {
  const w = routing?.AdditionalVersionWeights;
  return w && Object.keys(w).length > 0 ? { additionalVersionWeights: { ...w } } : {};
}

export function createAlias(input: LambdaInput<"CreateAlias">, ctx: RequestContext) {
  const state = LambdaState.of(ctx);
  const { name } = parseFunctionRef(input.FunctionName);
  state.fn(name);
  if (state.alias(name, input.Name)) {
    throw lambdaErrors.conflict(`Alias already exists: ${state.arn(name, input.Name)}`);
  }
  checkVersionExists(state, name, input.FunctionVersion);
  const alias: AliasRecord = {
    name: input.Name,
    functionName: name,
    functionVersion: input.FunctionVersion,
    description: input.Description ?? "",
    ...weights(input.RoutingConfig),
    revisionId: randomUUID(),
  };
  state.aliases.set(LambdaState.childKey(name, input.Name), alias);
  return aliasOutput(state, alias);
}

function existingAlias(state: LambdaState, functionName: string, aliasName: string): AliasRecord {
  state.fn(functionName);
  const alias = state.alias(functionName, aliasName);
  if (!alias) throw lambdaErrors.aliasNotFound(state.arn(functionName, aliasName));
  return alias;
}

export function getAlias(input: LambdaInput<"GetAlias">, ctx: RequestContext) {
  const state = LambdaState.of(ctx);
  const { name } = parseFunctionRef(input.FunctionName);
  return aliasOutput(state, existingAlias(state, name, input.Name));
}

export function updateAlias(input: LambdaInput<"UpdateAlias">, ctx: RequestContext) {
  const state = LambdaState.of(ctx);
  const { name } = parseFunctionRef(input.FunctionName);
  const alias = existingAlias(state, name, input.Name);
  checkRevision(input.RevisionId, alias.revisionId);
  if (input.FunctionVersion !== undefined) checkVersionExists(state, name, input.FunctionVersion);
  const { additionalVersionWeights: _dropped, ...rest } = alias;
  const next: AliasRecord = {
    ...(input.RoutingConfig === undefined ? alias : rest),
    ...(input.FunctionVersion !== undefined ? { functionVersion: input.FunctionVersion } : {}),
    ...(input.Description !== undefined ? { description: input.Description } : {}),
    ...weights(input.RoutingConfig),
    revisionId: randomUUID(),
  };
  state.aliases.set(LambdaState.childKey(name, input.Name), next);
  return aliasOutput(state, next);
}

export function deleteAlias(input: LambdaInput<"DeleteAlias">, ctx: RequestContext) {
  const state = LambdaState.of(ctx);
  const { name } = parseFunctionRef(input.FunctionName);
  state.fn(name);
  state.aliases.delete(LambdaState.childKey(name, input.Name));
  return {};
}

export function listAliases(input: LambdaInput<"ListAliases">, ctx: RequestContext) {
  const state = LambdaState.of(ctx);
  const { name } = parseFunctionRef(input.FunctionName);
  state.fn(name);
  const aliases = state
    .aliasesOf(name)
    .filter((a) => input.FunctionVersion === undefined || a.functionVersion === input.FunctionVersion)
    .map((a) => aliasOutput(state, a));
  return page(aliases, input, "Aliases");
}
