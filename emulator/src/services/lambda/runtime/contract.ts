/**
 * The contract between Lambda's control plane (which knows functions, versions and
 * invocation types) and the execution runtime (which runs a function's code in
 * worker processes). The control plane hands over a snapshot of one published or
 * $LATEST configuration; the runtime never reads Lambda's state itself.
 */

/** What the runtime needs to know about the function version being invoked. */
export interface FunctionSnapshot {
  accountId: string;
  region: string;
  functionName: string;
  /** The unqualified ARN, arn:aws:lambda:<region>:<account>:function:<name>. */
  functionArn: string;
  /** "$LATEST" or a published version number. */
  version: string;
  /** e.g. "nodejs22.x". */
  runtime: string;
  /** e.g. "index.handler" or "src/app.handler". */
  handler: string;
  /** The unzipped deployment package. Read only: the runtime must not write into it. */
  codeDir: string;
  codeSha256: string;
  /** Changes whenever code or configuration changes: environments of an older revision are retired. */
  revisionId: string;
  memorySizeMb: number;
  timeoutSeconds: number;
  environment: Record<string, string>;
  /** The execution role ARN; its temporary credentials are given to the function. */
  role: string;
  /** /aws/lambda/<name> unless the function's LoggingConfig names another. */
  logGroup: string;
  /** Reserved concurrency, when set: the most environments this function may run at once. */
  reservedConcurrency?: number;
}

export interface InvokeRequest {
  fn: FunctionSnapshot;
  /** The event, as the JSON text the caller sent. */
  payload: Buffer;
  requestId: string;
  /** The version or alias the caller named, which context.invokedFunctionArn ends with; absent when unqualified. */
  qualifier?: string;
  /** Base64 JSON from X-Amz-Client-Context, when sent. */
  clientContext?: string;
  /** LogType: Tail asks for the last 4 KB of the invocation's log. */
  tailLog: boolean;
}

export interface InvokeOutcome {
  /** The handler's result serialised as JSON, or AWS's error payload (errorType, errorMessage, trace). */
  payload: Buffer;
  /** Set when the invocation failed: "Unhandled" for errors, timeouts and crashes. */
  functionError?: "Unhandled";
  /** Base64 of the last 4 KB of this invocation's log lines, when asked for. */
  logResult?: string;
  durationMs: number;
  billedDurationMs: number;
  /** Present on a cold start. */
  initDurationMs?: number;
  maxMemoryUsedMb: number;
}

/** Temporary credentials for a function's execution role. */
export interface RoleCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
}

/** Thrown by the runtime when the function is already running at its concurrency limit. */
export class ConcurrencyLimitReached extends Error {
  readonly functionName: string;

  constructor(functionName: string) {
    super(`Rate Exceeded. ${functionName} is at its concurrency limit.`);
    this.functionName = functionName;
  }
}
