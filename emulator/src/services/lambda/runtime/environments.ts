import { randomBytes } from "node:crypto";
import { mkdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { MetricSink } from "../../../metrics/metric-sink.ts";
import type { LogSink } from "../../logs/log-sink.ts";
import { childEnvironment } from "./child-environment.ts";
import { type CodeRootLease, CodeRoots, emulatorSdkScopes } from "./code-root.ts";
import {
  ConcurrencyLimitReached,
  type FunctionSnapshot,
  type InvokeOutcome,
  type InvokeRequest,
  type RoleCredentials,
} from "./contract.ts";
import { Environment, type EnvironmentState } from "./environment.ts";
import { logStreamName } from "./log-lines.ts";
import { NodeBinaries } from "./node-binary.ts";
import { PlatformMetrics } from "./platform-metrics.ts";
import { type SupportedRuntime, supportedRuntime, UnsupportedRuntime } from "./runtimes.ts";
import { makeWorkDir } from "./work-dir.ts";

const RUNTIME_DIR = fileURLToPath(new URL(".", import.meta.url)).replace(/[\\/]$/, "");

export interface ExecutionEnvironmentsOptions {
  /** Where START/END/REPORT lines and the functions' output go (CloudWatch Logs). */
  logs: LogSink;
  /** Where the AWS/Lambda metrics go. */
  metrics: MetricSink;
  /** Temporary credentials of the function's execution role, asked for once per new environment. */
  credentialsFor: (fn: FunctionSnapshot) => Promise<RoleCredentials>;
  /** The emulator's URL, given to functions as AWS_ENDPOINT_URL. */
  endpointUrl: () => string;
  /** How long an idle environment stays warm; 5 minutes unless set. */
  idleTimeoutMs?: number;
  /** Under which a private directory (code copies, each environment's TMPDIR) is made; the OS temp dir unless set. */
  baseDir?: string;
  /** Lambda's init phase limit, 10 s unless set. */
  initTimeoutMs?: number;
  /** Environments older than this are not reused (their credentials age); 1 hour unless set. */
  maxEnvironmentAgeMs?: number;
  /** Where DARKROOM_LAMBDA_NODE_<major>, DARKROOM_LAMBDA_NODE_DIR and PATH are read; process.env unless set. */
  settings?: NodeJS.ProcessEnv;
  /** Notes for whoever runs the emulator; stderr unless set. */
  warn?: (message: string) => void;
  /** The @aws-sdk (and @smithy) folders functions may import without bundling; the emulator's own unless set. */
  sdkScopes?: readonly string[];
}

/** What list() shows of an environment. */
export interface EnvironmentInfo {
  id: string;
  pid: number | undefined;
  functionArn: string;
  version: string;
  revisionId: string;
  state: EnvironmentState;
  busy: boolean;
  logGroup: string;
  logStream: string;
  createdAt: Date;
}

/** An environment as the pool tracks it, including while it is still being created. */
interface Slot {
  fn: FunctionSnapshot;
  busy: boolean;
  /** Killed when its current invocation ends: its revision or function is gone. */
  retiring: boolean;
  env: Environment | null;
  starting: Promise<Environment>;
  lastUsedAt: number;
  idleTimer: NodeJS.Timeout | null;
}

/**
 * Lambda's execution environments for all functions: warm reuse per function version
 * and revision, one invocation per environment at a time, scale-out up to reserved
 * concurrency, idle reaping, and the AWS/Lambda metrics.
 */
export class ExecutionEnvironments {
  private readonly logs: LogSink;
  private readonly platformMetrics: PlatformMetrics;
  private readonly credentialsFor: (fn: FunctionSnapshot) => Promise<RoleCredentials>;
  private readonly endpointUrl: () => string;
  private readonly idleTimeoutMs: number;
  private readonly initTimeoutMs: number;
  private readonly maxEnvironmentAgeMs: number;
  private readonly baseDir: string;
  private readonly warn: (message: string) => void;
  private readonly nodes: NodeBinaries;
  private readonly codeRoots: CodeRoots;
  private readonly slots = new Set<Slot>();
  private workDir: Promise<string> | null = null;
  private closed = false;

  constructor(options: ExecutionEnvironmentsOptions) {
    this.logs = options.logs;
    this.platformMetrics = new PlatformMetrics(options.metrics);
    this.credentialsFor = options.credentialsFor;
    this.endpointUrl = options.endpointUrl;
    this.idleTimeoutMs = options.idleTimeoutMs ?? 5 * 60_000;
    this.initTimeoutMs = options.initTimeoutMs ?? 10_000;
    this.maxEnvironmentAgeMs = options.maxEnvironmentAgeMs ?? 60 * 60_000;
    this.baseDir = options.baseDir ?? tmpdir();
    this.warn = options.warn ?? ((message) => process.stderr.write(`${message}\n`));
    this.nodes = new NodeBinaries({ settings: options.settings ?? process.env, warn: this.warn });
    this.codeRoots = new CodeRoots(() => this.ensureWorkDir(), options.sdkScopes ?? emulatorSdkScopes());
  }

  /**
   * Runs one invocation in a warm environment of the function's revision, or a new one.
   * Throws ConcurrencyLimitReached at the reserved concurrency and UnsupportedRuntime for
   * runtimes other than Node.js 20, 22 and 24; function failures are outcomes, not throws.
   */
  async invoke(request: InvokeRequest): Promise<InvokeOutcome> {
    const { fn } = request;
    if (this.closed) throw new Error("Lambda's execution environments are shut down");
    const runtime = fn.runtime;
    if (!supportedRuntime(runtime)) throw new UnsupportedRuntime(runtime);
    this.retireOtherRevisions(fn);
    // Everything up to taking a slot is synchronous, so concurrent calls count each other.
    const ofFunction = this.inFlight((s) => s.fn.functionArn === fn.functionArn);
    if (fn.reservedConcurrency !== undefined && ofFunction >= fn.reservedConcurrency) {
      this.platformMetrics.throttled(fn);
      throw new ConcurrencyLimitReached(fn.functionName);
    }
    const slot = this.takeIdle(fn) ?? this.launch(fn, runtime);
    this.platformMetrics.concurrency(
      fn,
      ofFunction + 1,
      this.inFlight((s) => s.fn.accountId === fn.accountId && s.fn.region === fn.region),
    );
    let reusable = false;
    try {
      const env = await slot.starting;
      const invokedFunctionArn =
        request.qualifier !== undefined ? `${fn.functionArn}:${request.qualifier}` : fn.functionArn;
      const completed = await env.invoke(request, invokedFunctionArn);
      reusable = completed.reusable;
      this.platformMetrics.invoked(fn, {
        durationMs: completed.outcome.durationMs,
        failed: completed.outcome.functionError !== undefined,
      });
      const { logResult, ...outcome } = completed.outcome;
      return request.tailLog && logResult !== undefined ? { ...outcome, logResult } : outcome;
    } finally {
      this.release(slot, reusable);
    }
  }

  /** Stops the environments of a function (or one version of it), e.g. when it is deleted; busy ones finish first. */
  async retire(functionArn: string, version?: string): Promise<void> {
    const stopping: Promise<void>[] = [];
    for (const slot of this.slots) {
      if (slot.fn.functionArn !== functionArn || (version !== undefined && slot.fn.version !== version))
        continue;
      stopping.push(this.retireSlot(slot));
    }
    await Promise.all(stopping);
  }

  /** The environments alive now, for inspection and tests. */
  list(): EnvironmentInfo[] {
    const out: EnvironmentInfo[] = [];
    for (const slot of this.slots) {
      const env = slot.env;
      if (!env) continue;
      out.push({
        id: env.id,
        pid: env.pid,
        functionArn: slot.fn.functionArn,
        version: slot.fn.version,
        revisionId: slot.fn.revisionId,
        state: env.state,
        busy: slot.busy,
        logGroup: env.log.target.group,
        logStream: env.log.target.stream,
        createdAt: new Date(env.createdAt),
      });
    }
    return out;
  }

  /** Kills every environment and removes the working directory; invoke() fails afterwards. */
  async shutdown(): Promise<void> {
    this.closed = true;
    const stopping = [...this.slots].map(async (slot) => {
      if (slot.idleTimer) clearTimeout(slot.idleTimer);
      const env = await slot.starting.catch(() => null);
      await env?.kill();
    });
    await Promise.all(stopping);
    this.slots.clear();
    const workDir = await this.workDir?.catch(() => null);
    if (workDir) await rm(workDir, { recursive: true, force: true });
  }

  private inFlight(matches: (slot: Slot) => boolean): number {
    let n = 0;
    for (const slot of this.slots) if (slot.busy && matches(slot)) n++;
    return n;
  }

  /** The most recently used idle environment of exactly this revision, marked busy. */
  private takeIdle(fn: FunctionSnapshot): Slot | undefined {
    let best: Slot | undefined;
    const now = Date.now();
    for (const slot of this.slots) {
      if (slot.busy || slot.retiring || !slot.env || slot.env.state !== "idle") continue;
      if (!sameRevision(slot.fn, fn)) continue;
      if (now - slot.env.createdAt > this.maxEnvironmentAgeMs) {
        void this.retireSlot(slot);
        continue;
      }
      if (!best || slot.lastUsedAt > best.lastUsedAt) best = slot;
    }
    if (best) {
      if (best.idleTimer) clearTimeout(best.idleTimer);
      best.idleTimer = null;
      best.busy = true;
    }
    return best;
  }

  private launch(fn: FunctionSnapshot, runtime: SupportedRuntime): Slot {
    const slot: Slot = {
      fn,
      busy: true,
      retiring: false,
      env: null,
      starting: this.start(fn, runtime),
      lastUsedAt: Date.now(),
      idleTimer: null,
    };
    // Registered before invoke() awaits `starting`, so slot.env is set when it resumes.
    slot.starting.then(
      (env) => {
        slot.env = env;
        env.exited.then(() => {
          // An idle environment that died on its own (a crash after answering) is forgotten.
          if (!slot.busy) this.forget(slot);
        });
      },
      () => {},
    );
    this.slots.add(slot);
    return slot;
  }

  private async start(fn: FunctionSnapshot, runtime: SupportedRuntime): Promise<Environment> {
    const id = randomBytes(16).toString("hex");
    const node = this.nodes.resolve(runtime);
    const logStream = logStreamName(fn.version, id);
    const envDir = join(await this.ensureWorkDir(), `env-${id}`);
    const tmpDir = join(envDir, "tmp");
    const lease = this.codeRoots.acquire(fn);
    try {
      const [root, credentials] = await Promise.all([lease.root, this.credentialsFor(fn)]);
      await mkdir(tmpDir, { recursive: true });
      if (this.closed) throw new Error("Lambda's execution environments are shut down");
      const env = new Environment({
        id,
        fn,
        logTarget: { accountId: fn.accountId, region: fn.region, group: fn.logGroup, stream: logStream },
        logs: this.logs,
        warn: this.warn,
        nodeBinary: node.path,
        env: childEnvironment({
          fn,
          credentials,
          endpointUrl: this.endpointUrl(),
          logStream,
          taskRoot: root.taskRoot,
          runtimeDir: RUNTIME_DIR,
          sdkNodeModules: root.nodeModules,
          nodeBinary: node.path,
          olderHostNode: node.olderHostStandsIn,
          tmpDir,
        }),
        cwd: root.taskRoot,
        initTimeoutMs: this.initTimeoutMs,
      });
      env.exited.then(() => this.cleanUp(lease, envDir));
      return env;
    } catch (err) {
      lease.root.catch(() => {});
      this.cleanUp(lease, envDir);
      throw err;
    }
  }

  private cleanUp(lease: CodeRootLease, envDir: string): void {
    lease.release();
    rm(envDir, { recursive: true, force: true }).catch(() => {});
  }

  private release(slot: Slot, reusable: boolean): void {
    slot.busy = false;
    slot.lastUsedAt = Date.now();
    const env = slot.env;
    if (!env || !reusable || slot.retiring || this.closed || env.state !== "idle") {
      this.forget(slot);
      env?.kill();
      return;
    }
    slot.idleTimer = setTimeout(() => {
      slot.idleTimer = null;
      if (!slot.busy) this.retireSlot(slot);
    }, this.idleTimeoutMs);
    slot.idleTimer.unref();
  }

  /** Idle environments of the same version but another revision go now, busy ones after their invocation. */
  private retireOtherRevisions(fn: FunctionSnapshot): void {
    for (const slot of this.slots) {
      if (
        slot.fn.functionArn === fn.functionArn &&
        slot.fn.version === fn.version &&
        slot.fn.revisionId !== fn.revisionId
      ) {
        this.retireSlot(slot);
      }
    }
  }

  private async retireSlot(slot: Slot): Promise<void> {
    if (slot.busy) {
      slot.retiring = true;
      return;
    }
    if (slot.idleTimer) clearTimeout(slot.idleTimer);
    this.forget(slot);
    await slot.env?.kill();
  }

  private forget(slot: Slot): void {
    if (slot.idleTimer) clearTimeout(slot.idleTimer);
    slot.idleTimer = null;
    this.slots.delete(slot);
  }

  private ensureWorkDir(): Promise<string> {
    this.workDir ??= makeWorkDir(this.baseDir);
    return this.workDir;
  }
}

function sameRevision(a: FunctionSnapshot, b: FunctionSnapshot): boolean {
  return a.functionArn === b.functionArn && a.version === b.version && a.revisionId === b.revisionId;
}
