import { randomUUID } from "node:crypto";
import type { RequestContext } from "../../gateway/context.ts";
import { storeCode } from "./code.ts";
import { functionConfiguration, isSettled, SETTLE_MS } from "./configuration.ts";
import { lambdaErrors } from "./errors.ts";
import { lambdaTimestamp, parseFunctionRef } from "./identifiers.ts";
import type { FunctionRecord, VersionConfig } from "./model.ts";
import { RESERVED_ENVIRONMENT_VARIABLES } from "./runtime/child-environment.ts";
import { supportedRuntime } from "./runtime/runtimes.ts";
import type { LambdaInput } from "./schemas.ts";
import { LambdaState } from "./state.ts";
import { publishVersion } from "./versions.ts";

/** Variables Lambda sets itself; a function's configuration may not name them. */
const RESERVED = new Set(RESERVED_ENVIRONMENT_VARIABLES);

type Configurable = Partial<LambdaInput<"UpdateFunctionConfiguration">>;

function checkRuntime(runtime: string): void {
  if (!supportedRuntime(runtime)) {
    throw lambdaErrors.invalidParameter(
      `The runtime parameter of ${runtime} is not supported by this emulator. Use nodejs20.x, nodejs22.x or nodejs24.x.`,
    );
  }
}

/** Applies the settings a request names on top of `base` (unset fields keep their value). */
function applySettings(base: VersionConfig, input: Configurable, functionName: string): VersionConfig {
  const next: VersionConfig = { ...base };
  if (input.Runtime !== undefined) {
    checkRuntime(input.Runtime);
    next.runtime = input.Runtime;
  }
  if (input.Role !== undefined) next.role = input.Role;
  if (input.Handler !== undefined) next.handler = input.Handler;
  if (input.Description !== undefined) next.description = input.Description;
  if (input.Timeout !== undefined) next.timeout = input.Timeout;
  if (input.MemorySize !== undefined) next.memorySize = input.MemorySize;
  if (input.Environment !== undefined) next.environment = { ...(input.Environment.Variables ?? {}) };
  if (input.TracingConfig?.Mode !== undefined) next.tracingMode = input.TracingConfig.Mode;
  if (input.DeadLetterConfig !== undefined) {
    const target = input.DeadLetterConfig.TargetArn;
    if (target) next.deadLetterTargetArn = target;
    else delete next.deadLetterTargetArn;
  }
  if (input.KMSKeyArn !== undefined) {
    if (input.KMSKeyArn) next.kmsKeyArn = input.KMSKeyArn;
    else delete next.kmsKeyArn;
  }
  if (input.Layers !== undefined) next.layers = [...input.Layers];
  if (input.EphemeralStorage !== undefined) next.ephemeralStorageMb = input.EphemeralStorage.Size;
  if (input.LoggingConfig !== undefined) {
    const l = input.LoggingConfig;
    if (l.LogFormat !== undefined) next.logFormat = l.LogFormat;
    next.logGroup = l.LogGroup ?? next.logGroup ?? `/aws/lambda/${functionName}`;
    if (l.ApplicationLogLevel !== undefined) next.applicationLogLevel = l.ApplicationLogLevel;
    if (l.SystemLogLevel !== undefined) next.systemLogLevel = l.SystemLogLevel;
  }
  for (const reserved of Object.keys(next.environment)) {
    if (RESERVED.has(reserved)) {
      throw lambdaErrors.invalidParameter(
        `Lambda was unable to configure your environment variables because the environment variables you have provided contains reserved keys that are currently not supported for modification. Reserved keys used in this request: ${reserved}`,
      );
    }
  }
  return next;
}

/** A revision-checked write: a RevisionId that is not the current one fails, as on AWS. */
export function checkRevision(expected: string | undefined, current: string): void {
  if (expected !== undefined && expected !== current) throw lambdaErrors.preconditionFailed();
}

/** Updates are refused while the previous one is still InProgress, as on AWS. */
function checkSettled(state: LambdaState, fn: FunctionRecord): void {
  if (!isSettled(fn.latest)) {
    throw lambdaErrors.conflict(
      `The operation cannot be performed at this time. An update is in progress for resource: ${state.arn(fn.name)}`,
    );
  }
}

export async function createFunction(input: LambdaInput<"CreateFunction">, ctx: RequestContext) {
  const state = LambdaState.of(ctx);
  const { name } = parseFunctionRef(input.FunctionName);
  if (input.PackageType === "Image") {
    throw lambdaErrors.invalidParameter(
      "Container images are not supported by this emulator; deploy a .zip package.",
    );
  }
  checkRuntime(input.Runtime);
  if (state.functions.has(name)) throw lambdaErrors.conflict(`Function already exist: ${name}`);
  const code = await storeCode(ctx.runtime.store, input.Code);
  // A concurrent CreateFunction may have won while the code was read.
  if (state.functions.has(name)) {
    ctx.runtime.store.freeBlob(code.blobId);
    throw lambdaErrors.conflict(`Function already exist: ${name}`);
  }
  const now = Date.now();
  const base: VersionConfig = {
    version: "$LATEST",
    description: "",
    runtime: input.Runtime,
    role: input.Role,
    handler: input.Handler,
    timeout: 3,
    memorySize: 128,
    environment: {},
    architectures: input.Architectures ?? ["x86_64"],
    ephemeralStorageMb: 512,
    tracingMode: "PassThrough",
    logFormat: "Text",
    logGroup: `/aws/lambda/${name}`,
    layers: [],
    codeBlobId: code.blobId,
    codeSha256: code.sha256,
    codeSize: code.size,
    lastModified: lambdaTimestamp(new Date(now)),
    revisionId: randomUUID(),
    pendingUntil: now + SETTLE_MS,
    updatingUntil: 0,
  };
  const latest = applySettings(base, input, name);
  const fn: FunctionRecord = {
    name,
    latest,
    nextVersion: 1,
    tags: { ...(input.Tags ?? {}) },
    policies: {},
    eventInvokeConfigs: {},
    urlConfigs: {},
  };
  state.functions.set(name, fn);
  if (input.Publish) {
    const published = publishVersion(state, state.fn(name), {});
    return functionConfiguration(state, state.fn(name), published);
  }
  return functionConfiguration(state, fn, latest);
}

export function getFunctionConfiguration(
  input: LambdaInput<"GetFunctionConfiguration">,
  ctx: RequestContext,
) {
  const state = LambdaState.of(ctx);
  const ref = parseFunctionRef(input.FunctionName, input.Qualifier);
  const { fn, config } = state.resolve(ref.name, ref.qualifier);
  return functionConfiguration(state, fn, config);
}

export function getFunction(input: LambdaInput<"GetFunction">, ctx: RequestContext) {
  const state = LambdaState.of(ctx);
  const ref = parseFunctionRef(input.FunctionName, input.Qualifier);
  const { fn, config } = state.resolve(ref.name, ref.qualifier);
  return {
    Configuration: functionConfiguration(state, fn, config),
    Code: {
      RepositoryType: "S3",
      // A presigned S3 URL on AWS; here the code is not downloadable, so the location names it.
      Location: `${ctx.runtime.url()}/_darkroom/lambda-code/${encodeURIComponent(config.codeSha256)}`,
    },
    ...(Object.keys(fn.tags).length > 0 ? { Tags: fn.tags } : {}),
    ...(fn.reservedConcurrency !== undefined
      ? { Concurrency: { ReservedConcurrentExecutions: fn.reservedConcurrency } }
      : {}),
  };
}

export function listFunctions(input: LambdaInput<"ListFunctions">, ctx: RequestContext) {
  const state = LambdaState.of(ctx);
  const names = [...state.functions.values()].map((f) => f.name).sort();
  const configs: ReturnType<typeof functionConfiguration>[] = [];
  for (const name of names) {
    const fn = state.fn(name);
    configs.push(functionConfiguration(state, fn, fn.latest));
    if (input.FunctionVersion === "ALL") {
      for (const v of state.publishedVersions(name)) configs.push(functionConfiguration(state, fn, v));
    }
  }
  return page(configs, input, "Functions");
}

/** Lambda's Marker paging: the marker is the index of the next item, opaque to clients. */
export function page<T, K extends string>(
  items: T[],
  input: { Marker?: string | undefined; MaxItems?: number | undefined },
  member: K,
): { NextMarker?: string } & Record<K, T[]> {
  const start =
    input.Marker === undefined ? 0 : Number.parseInt(Buffer.from(input.Marker, "base64url").toString(), 10);
  if (!Number.isInteger(start) || start < 0) throw lambdaErrors.invalidParameter("Invalid marker");
  const size = input.MaxItems ?? 50;
  const slice = items.slice(start, start + size);
  const next =
    start + size < items.length ? Buffer.from(String(start + size)).toString("base64url") : undefined;
  return { [member]: slice, ...(next !== undefined ? { NextMarker: next } : {}) } as {
    NextMarker?: string;
  } & Record<K, T[]>;
}

export function updateFunctionConfiguration(
  input: LambdaInput<"UpdateFunctionConfiguration">,
  ctx: RequestContext,
) {
  const state = LambdaState.of(ctx);
  const { name } = parseFunctionRef(input.FunctionName);
  const fn = state.fn(name);
  checkSettled(state, fn);
  checkRevision(input.RevisionId, fn.latest.revisionId);
  const now = Date.now();
  const latest: VersionConfig = {
    ...applySettings(fn.latest, input, name),
    lastModified: lambdaTimestamp(new Date(now)),
    revisionId: randomUUID(),
    updatingUntil: now + SETTLE_MS,
  };
  state.functions.set(name, { ...fn, latest });
  return functionConfiguration(state, fn, latest);
}

export async function updateFunctionCode(input: LambdaInput<"UpdateFunctionCode">, ctx: RequestContext) {
  const state = LambdaState.of(ctx);
  const { name } = parseFunctionRef(input.FunctionName);
  const before = state.fn(name);
  checkSettled(state, before);
  checkRevision(input.RevisionId, before.latest.revisionId);
  const code = await storeCode(ctx.runtime.store, input);
  if (input.DryRun) {
    ctx.runtime.store.freeBlob(code.blobId);
    return functionConfiguration(state, before, {
      ...before.latest,
      codeSha256: code.sha256,
      codeSize: code.size,
    });
  }
  const fn = state.fn(name);
  const now = Date.now();
  const oldBlob = fn.latest.codeBlobId;
  const latest: VersionConfig = {
    ...fn.latest,
    codeBlobId: code.blobId,
    codeSha256: code.sha256,
    codeSize: code.size,
    ...(input.Architectures !== undefined ? { architectures: input.Architectures } : {}),
    lastModified: lambdaTimestamp(new Date(now)),
    revisionId: randomUUID(),
    updatingUntil: now + SETTLE_MS,
  };
  state.functions.set(name, { ...fn, latest });
  state.releaseCode(oldBlob);
  if (input.Publish) {
    const published = publishVersion(state, state.fn(name), {});
    return functionConfiguration(state, state.fn(name), published);
  }
  return functionConfiguration(state, fn, latest);
}

export function deleteFunction(input: LambdaInput<"DeleteFunction">, ctx: RequestContext) {
  const state = LambdaState.of(ctx);
  const ref = parseFunctionRef(input.FunctionName, input.Qualifier);
  const fn = state.fn(ref.name);
  if (ref.qualifier === "$LATEST") {
    throw lambdaErrors.invalidParameter("$LATEST version cannot be deleted without deleting the function.");
  }
  if (ref.qualifier !== undefined) {
    const key = LambdaState.childKey(ref.name, ref.qualifier);
    const version = state.versions.get(key);
    if (!version) throw lambdaErrors.functionNotFound(state.arn(ref.name, ref.qualifier));
    const usedBy = state.aliasesOf(ref.name).find((a) => a.functionVersion === ref.qualifier);
    if (usedBy) {
      throw lambdaErrors.conflict(
        `Unable to delete version because the following aliases reference it: [${usedBy.name}]`,
      );
    }
    state.versions.delete(key);
    state.releaseCode(version.codeBlobId);
    return {};
  }
  const blobs = new Set([fn.latest.codeBlobId]);
  for (const v of state.publishedVersions(ref.name)) {
    blobs.add(v.codeBlobId);
    state.versions.delete(LambdaState.childKey(ref.name, v.version));
  }
  for (const a of state.aliasesOf(ref.name)) state.aliases.delete(LambdaState.childKey(ref.name, a.name));
  state.functions.delete(ref.name);
  for (const blob of blobs) state.releaseCode(blob);
  return {};
}
