import { randomBytes, randomUUID } from "node:crypto";
import { mkdir, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { onTestFinished } from "vitest";
import { RecordingMetricSink } from "../../src/metrics/metric-sink.ts";
import type {
  FunctionSnapshot,
  InvokeOutcome,
  RoleCredentials,
} from "../../src/services/lambda/runtime/contract.ts";
import {
  ExecutionEnvironments,
  type ExecutionEnvironmentsOptions,
} from "../../src/services/lambda/runtime/environments.ts";
import type { LogLine, LogSink, LogTarget } from "../../src/services/logs/log-sink.ts";
import { tempDir } from "./temp-dir.ts";

export const ACCOUNT = "000000000000";
export const REGION = "us-east-1";

/** The Lambda handler packages in test/fixtures/lambda. */
export function fixture(name: string): string {
  return fileURLToPath(new URL(`../fixtures/lambda/${name}`, import.meta.url));
}

/** Keeps every log event, in order, with where it went. */
export class RecordingLogSink implements LogSink {
  readonly events: { target: LogTarget; line: LogLine }[] = [];

  append(target: LogTarget, lines: readonly LogLine[]): void {
    for (const line of lines) this.events.push({ target, line });
  }

  /** The messages written to one function's log group, optionally one stream of it. */
  messages(group: string, stream?: string): string[] {
    return this.events
      .filter((e) => e.target.group === group && (stream === undefined || e.target.stream === stream))
      .map((e) => e.line.message);
  }
}

/** A deployment package in a fresh temp dir, from file name → source. */
export async function codeDir(files: Record<string, string>): Promise<string> {
  const dir = await tempDir("darkroom-lambda-code-");
  for (const [name, source] of Object.entries(files)) {
    const file = join(dir, name);
    await mkdir(dirname(file), { recursive: true });
    await writeFile(file, source);
  }
  return dir;
}

/** A $LATEST snapshot of a function with a name no other test uses. */
export function snapshot(code: string, overrides: Partial<FunctionSnapshot> = {}): FunctionSnapshot {
  const functionName = overrides.functionName ?? `fn-${randomBytes(4).toString("hex")}`;
  return {
    accountId: ACCOUNT,
    region: REGION,
    functionName,
    functionArn: `arn:aws:lambda:${REGION}:${ACCOUNT}:function:${functionName}`,
    version: "$LATEST",
    runtime: "nodejs22.x",
    handler: "index.handler",
    codeDir: code,
    codeSha256: "sha",
    revisionId: randomUUID(),
    memorySizeMb: 128,
    timeoutSeconds: 3,
    environment: {},
    role: `arn:aws:iam::${ACCOUNT}:role/lambda-role`,
    logGroup: `/aws/lambda/${functionName}`,
    ...overrides,
  };
}

export const FAKE_CREDENTIALS: RoleCredentials = {
  accessKeyId: "ASIAFAKEFAKEFAKEFAKE",
  secretAccessKey: "secret",
  sessionToken: "token",
};

export interface RuntimeUnderTest {
  envs: ExecutionEnvironments;
  logs: RecordingLogSink;
  metrics: RecordingMetricSink;
  warnings: string[];
  invoke(
    fn: FunctionSnapshot,
    event?: unknown,
    extra?: { clientContext?: string; qualifier?: string },
  ): Promise<Invoked>;
}

export interface Invoked extends InvokeOutcome {
  requestId: string;
  /** The payload parsed as JSON. */
  body: unknown;
  /** The decoded tail log. */
  tail: string;
}

/** Execution environments for one test, shut down when it ends. */
export async function runtimeUnderTest(
  options: Partial<ExecutionEnvironmentsOptions> = {},
): Promise<RuntimeUnderTest> {
  const logs = new RecordingLogSink();
  const metrics = new RecordingMetricSink();
  const warnings: string[] = [];
  const envs = new ExecutionEnvironments({
    logs,
    metrics,
    credentialsFor: async () => FAKE_CREDENTIALS,
    endpointUrl: () => "http://127.0.0.1:4566",
    baseDir: await tempDir("darkroom-lambda-envs-"),
    // Quiet: the host's Node may differ from the runtime's.
    warn: (message) => warnings.push(message),
    ...options,
  });
  onTestFinished(() => envs.shutdown());
  return {
    envs,
    logs,
    metrics,
    warnings,
    async invoke(fn, event = {}, extra = {}) {
      const requestId = randomUUID();
      const outcome = await envs.invoke({
        fn,
        payload: Buffer.from(JSON.stringify(event)),
        requestId,
        tailLog: true,
        ...extra,
      });
      return {
        ...outcome,
        requestId,
        body: JSON.parse(outcome.payload.toString("utf8")),
        tail: Buffer.from(outcome.logResult ?? "", "base64").toString("utf8"),
      };
    },
  };
}

/** Whether a process is still running. */
export function alive(pid: number | undefined): boolean {
  if (pid === undefined) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Polls `check` until it holds or `ms` pass. */
export async function eventually(check: () => boolean | Promise<boolean>, ms = 5_000): Promise<void> {
  const until = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > until) throw new Error(`condition not met within ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
