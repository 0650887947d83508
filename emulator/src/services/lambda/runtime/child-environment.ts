import { delimiter, dirname } from "node:path";
import type { FunctionSnapshot, RoleCredentials } from "./contract.ts";

/**
 * Variables Lambda sets that a function's own configuration cannot change. On AWS,
 * CreateFunction and UpdateFunctionConfiguration refuse them; the runtime also lets
 * its values win so a snapshot that slipped through cannot override them.
 */
export const RESERVED_ENVIRONMENT_VARIABLES: readonly string[] = [
  "_HANDLER",
  "_X_AMZN_TRACE_ID",
  "AWS_DEFAULT_REGION",
  "AWS_REGION",
  "AWS_EXECUTION_ENV",
  "AWS_LAMBDA_FUNCTION_NAME",
  "AWS_LAMBDA_FUNCTION_MEMORY_SIZE",
  "AWS_LAMBDA_FUNCTION_VERSION",
  "AWS_LAMBDA_INITIALIZATION_TYPE",
  "AWS_LAMBDA_LOG_GROUP_NAME",
  "AWS_LAMBDA_LOG_STREAM_NAME",
  "AWS_ACCESS_KEY",
  "AWS_ACCESS_KEY_ID",
  "AWS_SECRET_ACCESS_KEY",
  "AWS_SESSION_TOKEN",
  "AWS_LAMBDA_RUNTIME_API",
  "LAMBDA_TASK_ROOT",
  "LAMBDA_RUNTIME_DIR",
];

export interface ChildEnvironmentInput {
  fn: FunctionSnapshot;
  credentials: RoleCredentials;
  endpointUrl: string;
  logStream: string;
  /** The environment's copy of the code (AWS's /var/task). */
  taskRoot: string;
  /** Where bootstrap.mjs lives (AWS's /var/runtime). */
  runtimeDir: string;
  /** The node_modules beside the task root that exposes the AWS SDK. */
  sdkNodeModules: string;
  nodeBinary: string;
  /** The host's Node runs a runtime of a newer major (see NodeBinary). */
  olderHostNode: boolean;
  /** The environment's private scratch space (AWS's /tmp). */
  tmpDir: string;
}

/**
 * The child's whole environment, built from nothing: the emulator's own variables
 * (credentials, DARKROOM_* settings) must not leak into functions.
 */
export function childEnvironment(input: ChildEnvironmentInput): Record<string, string> {
  const { fn, credentials } = input;
  const defaults: Record<string, string> = {
    PATH: [dirname(input.nodeBinary), "/usr/local/bin", "/usr/bin", "/bin"].join(delimiter),
    LANG: "en_US.UTF-8",
    TZ: ":UTC",
    NODE_PATH: [input.sdkNodeModules, input.runtimeDir, input.taskRoot].join(delimiter),
    // AWS's Node runtimes set this; SDK v2 reads it, v3 keeps connections alive anyway.
    AWS_NODEJS_CONNECTION_REUSE_ENABLED: "1",
    // Not set on AWS (its /tmp is private to the sandbox); here it gives each environment its own.
    TMPDIR: input.tmpDir,
    // Not set on AWS either: it sends unmodified SDK clients to the emulator.
    AWS_ENDPOINT_URL: input.endpointUrl,
  };
  const reserved: Record<string, string> = {
    _HANDLER: fn.handler,
    AWS_REGION: fn.region,
    AWS_DEFAULT_REGION: fn.region,
    AWS_EXECUTION_ENV: `AWS_Lambda_${fn.runtime}`,
    AWS_LAMBDA_FUNCTION_NAME: fn.functionName,
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(fn.memorySizeMb),
    AWS_LAMBDA_FUNCTION_VERSION: fn.version,
    AWS_LAMBDA_INITIALIZATION_TYPE: "on-demand",
    AWS_LAMBDA_LOG_GROUP_NAME: fn.logGroup,
    AWS_LAMBDA_LOG_STREAM_NAME: input.logStream,
    AWS_ACCESS_KEY_ID: credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
    AWS_SESSION_TOKEN: credentials.sessionToken,
    LAMBDA_TASK_ROOT: input.taskRoot,
    LAMBDA_RUNTIME_DIR: input.runtimeDir,
  };
  if (input.olderHostNode) {
    // The AWS SDK warns on every cold start when Node is older than it wants (NodeVersionSupportWarning,
    // to stderr, so an ERROR in the function's log). That is this host's Node, not the runtime's:
    // a real nodejs22.x function never prints it.
    defaults.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = "true";
  }
  const own: Record<string, string> = {};
  for (const [key, value] of Object.entries(fn.environment)) {
    if (!RESERVED_ENVIRONMENT_VARIABLES.includes(key)) own[key] = value;
  }
  return { ...defaults, ...own, ...reserved };
}
