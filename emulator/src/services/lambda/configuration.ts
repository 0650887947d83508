import type { FunctionRecord, VersionConfig } from "./model.ts";
import type { LambdaState } from "./state.ts";

/** How long a new function stays Pending and an update InProgress: long enough for clients to see it. */
export const SETTLE_MS = 300;

/** The State fields of a configuration at this moment: Pending becomes Active once settled. */
function lifecycle(config: VersionConfig, now: number) {
  const pending = now < config.pendingUntil;
  const updating = !pending && now < config.updatingUntil;
  return {
    State: pending ? "Pending" : "Active",
    ...(pending ? { StateReason: "The function is being created.", StateReasonCode: "Creating" } : {}),
    LastUpdateStatus: pending || updating ? "InProgress" : "Successful",
    ...(updating
      ? { LastUpdateStatusReason: "The function is being updated.", LastUpdateStatusReasonCode: "InProgress" }
      : {}),
  };
}

/** True once a configuration can be invoked and updated again. */
export function isSettled(config: VersionConfig, now = Date.now()): boolean {
  return now >= config.pendingUntil && now >= config.updatingUntil;
}

/** FunctionConfiguration, as GetFunctionConfiguration and friends return it. */
export function functionConfiguration(state: LambdaState, fn: FunctionRecord, config: VersionConfig) {
  const qualified = config.version !== "$LATEST";
  return {
    FunctionName: fn.name,
    FunctionArn: state.arn(fn.name, qualified ? config.version : undefined),
    Runtime: config.runtime,
    Role: config.role,
    Handler: config.handler,
    CodeSize: config.codeSize,
    Description: config.description,
    Timeout: config.timeout,
    MemorySize: config.memorySize,
    LastModified: config.lastModified,
    CodeSha256: config.codeSha256,
    Version: config.version,
    ...(Object.keys(config.environment).length > 0 ? { Environment: { Variables: config.environment } } : {}),
    TracingConfig: { Mode: config.tracingMode },
    RevisionId: config.revisionId,
    Layers: config.layers.map((Arn) => ({ Arn, CodeSize: 0 })),
    ...(config.deadLetterTargetArn ? { DeadLetterConfig: { TargetArn: config.deadLetterTargetArn } } : {}),
    ...(config.kmsKeyArn ? { KMSKeyArn: config.kmsKeyArn } : {}),
    ...lifecycle(config, Date.now()),
    PackageType: "Zip",
    Architectures: config.architectures,
    EphemeralStorage: { Size: config.ephemeralStorageMb },
    SnapStart: { ApplyOn: "None", OptimizationStatus: "Off" },
    RuntimeVersionConfig: {
      RuntimeVersionArn: `arn:aws:lambda:${state.region}::runtime:${runtimeVersionId(config.runtime)}`,
    },
    LoggingConfig: {
      LogFormat: config.logFormat,
      LogGroup: config.logGroup,
      ...(config.applicationLogLevel ? { ApplicationLogLevel: config.applicationLogLevel } : {}),
      ...(config.systemLogLevel ? { SystemLogLevel: config.systemLogLevel } : {}),
    },
  };
}

/** A stable, runtime-specific id in the shape of AWS's runtime version ARNs. */
function runtimeVersionId(runtime: string): string {
  let h = 0;
  for (const c of runtime) h = (h * 31 + c.charCodeAt(0)) >>> 0;
  return h.toString(16).padStart(8, "0").repeat(8);
}
