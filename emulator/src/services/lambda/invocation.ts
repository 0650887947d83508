import type { StateStore } from "../../state/store.ts";
import { assumeRoleForService } from "../sts/issue.ts";
import { unpackedCode } from "./code.ts";
import { lambdaErrors } from "./errors.ts";
import type { FunctionRecord, VersionConfig } from "./model.ts";
import type { FunctionSnapshot, InvokeOutcome, InvokeRequest, RoleCredentials } from "./runtime/contract.ts";
import type { LambdaState } from "./state.ts";

/** What runs functions: the worker-process runtime (or anything with its contract). */
export interface Executor {
  invoke(request: InvokeRequest): Promise<InvokeOutcome>;
  /** Stops the environments of a deleted function (or version). */
  retire(functionArn: string, version?: string): Promise<void>;
  shutdown(): Promise<void>;
}

/** Execution-role sessions last this long; environments are reaped well before. */
const ROLE_SESSION_SECONDS = 12 * 3600;

/** Temporary credentials for the function's execution role, as Lambda hands its runtime. */
export function roleCredentials(store: StateStore, fn: FunctionSnapshot): RoleCredentials {
  const issued = assumeRoleForService(store, fn.role, fn.functionName, ROLE_SESSION_SECONDS);
  return {
    accessKeyId: issued.accessKeyId,
    secretAccessKey: issued.secretAccessKey,
    sessionToken: issued.sessionToken,
  };
}

/** AWS refuses to invoke a function that is still being created. */
export function checkInvocable(config: VersionConfig): void {
  if (Date.now() < config.pendingUntil) {
    throw lambdaErrors.conflict(
      "The operation cannot be performed at this time. The function is currently in the following state: Pending",
    );
  }
}

/** The runtime's view of one configuration, with its package unpacked on disk. */
export async function snapshotOf(
  state: LambdaState,
  fn: FunctionRecord,
  config: VersionConfig,
): Promise<FunctionSnapshot> {
  return {
    accountId: state.accountId,
    region: state.region,
    functionName: fn.name,
    functionArn: state.arn(fn.name),
    version: config.version,
    runtime: config.runtime,
    handler: config.handler,
    codeDir: await unpackedCode(state.store, config.codeBlobId, config.codeSha256),
    codeSha256: config.codeSha256,
    revisionId: config.revisionId,
    memorySizeMb: config.memorySize,
    timeoutSeconds: config.timeout,
    environment: config.environment,
    role: config.role,
    logGroup: config.logGroup,
    ...(fn.reservedConcurrency !== undefined ? { reservedConcurrency: fn.reservedConcurrency } : {}),
  };
}
