import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import type { LogSink, LogTarget } from "../../logs/log-sink.ts";
import type { FunctionSnapshot, InvokeOutcome, InvokeRequest } from "./contract.ts";
import { EnvironmentLog } from "./environment-log.ts";
import {
  type PlatformError,
  RESPONSE_LIMIT_BYTES,
  responseTooLarge,
  runtimeExited,
  timedOut,
} from "./error-payloads.ts";
import { EventQueue } from "./event-queue.ts";
import {
  endLine,
  initReportLine,
  initStartLine,
  type PlatformStatus,
  reportLine,
  startLine,
  tailLog,
} from "./log-lines.ts";
import { MemoryWatch, megabytesUsed, nodeMemoryFlags } from "./memory.ts";
import { childMessage, type InitErrorMessage, type InvokeMessage, type ResultMessage } from "./messages.ts";

const BOOTSTRAP = fileURLToPath(new URL("./bootstrap.mjs", import.meta.url));

/** What V8 prints when the heap limit (AWS's --max-old-space-size) is reached. */
const HEAP_EXHAUSTED = /JavaScript heap out of memory|Reached heap limit/;

export interface EnvironmentOptions {
  /** 32 hex digits; the log stream ends with it. */
  id: string;
  /** The revision this environment runs. */
  fn: FunctionSnapshot;
  logTarget: LogTarget;
  logs: LogSink;
  warn: (message: string) => void;
  nodeBinary: string;
  /** The child's whole environment. */
  env: Record<string, string>;
  /** LAMBDA_TASK_ROOT. */
  cwd: string;
  /** Lambda's init phase limit (10 s); past it, init goes on within the invocation's timeout. */
  initTimeoutMs: number;
}

export type EnvironmentState = "starting" | "idle" | "busy" | "dead";

/** One invocation's outcome and whether the environment may serve another. */
export interface Completed {
  outcome: InvokeOutcome;
  reusable: boolean;
}

type ChildEvent =
  | { kind: "ready" }
  | { kind: "init-error"; message: InitErrorMessage }
  | { kind: "result"; message: ResultMessage };

/** How an invocation ends, before its END and REPORT lines are written. */
interface Ending {
  payload: Buffer;
  failed: boolean;
  reusable: boolean;
  status?: PlatformStatus;
  errorType?: string;
  /** Set when the platform decides it (a timeout lasts exactly the timeout). */
  durationMs?: number;
  maxRssBytes?: number;
}

/** When the invocation's clock started and when it runs out (performance.now() times). */
interface Clock {
  startedAt: number;
  deadline: number;
  initDurationMs: number | undefined;
}

/**
 * One execution environment: a child process running bootstrap.mjs with the
 * function's handler loaded, serving one invocation at a time and writing its log
 * stream as Lambda does.
 */
export class Environment {
  readonly id: string;
  readonly fn: FunctionSnapshot;
  readonly createdAt = Date.now();
  readonly log: EnvironmentLog;
  /** Settles once the child is gone. */
  readonly exited: Promise<void>;
  private currentState: EnvironmentState = "starting";
  private readonly options: EnvironmentOptions;
  private readonly child: ChildProcess;
  private readonly spawnedAt = performance.now();
  private readonly events = new EventQueue<ChildEvent>();
  private readonly memory: MemoryWatch;
  private exit: { code: number | null; signal: NodeJS.Signals | null } | null = null;
  private spawnError: Error | null = null;
  private initialised = false;
  private outOfMemory = false;

  constructor(options: EnvironmentOptions) {
    this.options = options;
    this.id = options.id;
    this.fn = options.fn;
    this.log = new EnvironmentLog(options.logs, options.logTarget, options.warn);
    this.child = spawn(
      options.nodeBinary,
      [
        "--expose-gc",
        "--max-http-header-size=81920",
        ...nodeMemoryFlags(options.fn.memorySizeMb, options.env.NODE_OPTIONS),
        BOOTSTRAP,
      ],
      { cwd: options.cwd, env: options.env, stdio: ["ignore", "pipe", "pipe", "ipc"], serialization: "json" },
    );
    this.exited = new Promise((resolve) => {
      const finish = (code: number | null, signal: NodeJS.Signals | null) => {
        if (this.exit) return;
        this.onExit(code, signal);
        resolve();
      };
      this.child.once("error", (err) => {
        this.spawnError = err;
        finish(null, null);
      });
      this.child.once("exit", (code, signal) => {
        // What the child sent just before exiting is read before the channel closes.
        if (!this.child.connected) return void setImmediate(() => finish(code, signal));
        const fallback = setTimeout(() => finish(code, signal), 100);
        this.child.once("disconnect", () => {
          clearTimeout(fallback);
          setImmediate(() => finish(code, signal));
        });
      });
    });
    this.child.on("message", (raw: unknown) => this.onMessage(raw));
    this.child.stdout?.setEncoding("utf8").on("data", (text: string) => this.log.output("pipeOut", text));
    this.child.stderr?.setEncoding("utf8").on("data", (text: string) => {
      if (HEAP_EXHAUSTED.test(text)) this.outOfMemory = true;
      this.log.output("pipeErr", text);
    });
    this.memory = new MemoryWatch(this.child.pid, options.fn.memorySizeMb, () => {
      this.outOfMemory = true;
      this.child.kill("SIGKILL");
    });
    this.memory.start();
  }

  get state(): EnvironmentState {
    return this.currentState;
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  /** Runs one invocation; the first also waits for init. Never called while busy. */
  async invoke(request: InvokeRequest, invokedFunctionArn: string): Promise<Completed> {
    if (this.currentState === "busy") throw new Error(`environment ${this.id} is busy`);
    const { requestId } = request;
    // A child that already died is reported as such by the steps below.
    if (this.currentState !== "dead") this.currentState = "busy";
    this.memory.start();
    let clock: Clock;
    if (this.initialised) {
      clock = this.begin(requestId, undefined);
    } else {
      const init = await this.awaitInit(requestId);
      if ("ending" in init) return this.end(requestId, init.clock, init.ending);
      clock = init.clock;
    }

    const message: InvokeMessage = {
      type: "invoke",
      requestId,
      event: request.payload.length === 0 ? "{}" : request.payload.toString("utf8"),
      // Whole milliseconds, as AWS's Lambda-Runtime-Deadline-Ms header gives it: handlers pass
      // getRemainingTimeInMillis() to APIs that refuse fractions (AbortSignal.timeout).
      deadlineMs: Math.floor(Date.now() + (clock.deadline - performance.now())),
      invokedFunctionArn,
    };
    if (request.clientContext !== undefined) {
      message.clientContext = Buffer.from(request.clientContext, "base64").toString("utf8");
    }
    this.child.send(message, (err) => {
      // The child is going away; its exit is reported as such.
      if (err) this.child.kill("SIGKILL");
    });

    const event = await this.events.next(clock.deadline);
    if (event === "timeout") {
      await this.kill();
      return this.end(requestId, clock, this.timeout(requestId));
    }
    if (event === "closed") return this.end(requestId, clock, this.exitFailure(requestId));
    if (event.kind !== "result" || event.message.requestId !== requestId) {
      await this.kill();
      throw new Error(`environment ${this.id} answered ${requestId} out of turn`);
    }
    return this.end(requestId, clock, await this.resultEnding(event.message));
  }

  /** Stops the child at once (SIGKILL, as Lambda does) and waits until it is gone. */
  async kill(): Promise<void> {
    if (!this.exit) this.child.kill("SIGKILL");
    await this.exited;
  }

  /**
   * Waits for the handler to load. Lambda gives init 10 s; past that, init goes on
   * inside the invocation, under its timeout, and no Init Duration is reported.
   */
  private async awaitInit(requestId: string): Promise<{ clock: Clock } | { clock: Clock; ending: Ending }> {
    let clock: Clock | undefined;
    let event = await this.events.next(this.spawnedAt + this.options.initTimeoutMs);
    if (event === "timeout") {
      this.log.write(initReportLine(performance.now() - this.spawnedAt, "timeout"));
      clock = this.begin(requestId, undefined);
      event = await this.events.next(clock.deadline);
      if (event === "timeout") {
        await this.kill();
        return { clock, ending: this.timeout(requestId) };
      }
    }
    const initDurationMs = clock ? undefined : performance.now() - this.spawnedAt;
    if (event !== "closed" && event.kind === "ready") {
      this.initialised = true;
      return { clock: clock ?? this.begin(requestId, initDurationMs) };
    }
    const ending =
      event !== "closed" && event.kind === "init-error"
        ? this.initFailure(event.message)
        : this.exitFailure(requestId);
    if (!clock) {
      this.log.write(initReportLine(initDurationMs ?? 0, "error", ending.errorType));
      clock = this.begin(requestId, initDurationMs);
    }
    await this.kill();
    return { clock, ending };
  }

  /** Writes START and starts the invocation's clock. */
  private begin(requestId: string, initDurationMs: number | undefined): Clock {
    this.log.startTail();
    this.log.write(startLine(requestId, this.fn.version));
    const startedAt = performance.now();
    return { startedAt, deadline: startedAt + this.fn.timeoutSeconds * 1000, initDurationMs };
  }

  private async resultEnding(result: ResultMessage): Promise<Ending> {
    if (result.fatal) await this.kill();
    const failed = result.errorType !== undefined;
    const reusable = !result.fatal;
    if (!failed && Buffer.byteLength(result.payload) > RESPONSE_LIMIT_BYTES) {
      return { ...this.platformEnding(responseTooLarge()), reusable, maxRssBytes: result.maxRssBytes };
    }
    return {
      payload: Buffer.from(result.payload, "utf8"),
      failed,
      reusable,
      maxRssBytes: result.maxRssBytes,
    };
  }

  private async end(requestId: string, clock: Clock, ending: Ending): Promise<Completed> {
    // Output the child wrote just before answering may still sit in the pipes.
    await new Promise((resolve) => setImmediate(resolve));
    const { initDurationMs } = clock;
    const durationMs = ending.durationMs ?? performance.now() - clock.startedAt;
    const maxMemoryUsedMb =
      ending.errorType === "Runtime.OutOfMemory"
        ? this.fn.memorySizeMb
        : megabytesUsed(Math.max(ending.maxRssBytes ?? 0, this.memory.peakBytes), this.fn.memorySizeMb);
    // Since August 2025 Lambda bills the init phase too.
    const billedDurationMs = Math.ceil(durationMs + (initDurationMs ?? 0));
    this.log.endOutput();
    this.log.write(endLine(requestId));
    this.log.write(
      reportLine({
        requestId,
        durationMs,
        billedDurationMs,
        memorySizeMb: this.fn.memorySizeMb,
        maxMemoryUsedMb,
        initDurationMs,
        status: ending.status,
        errorType: ending.status === "error" ? ending.errorType : undefined,
      }),
    );
    this.log.flush();
    const outcome: InvokeOutcome = {
      payload: ending.payload,
      durationMs,
      billedDurationMs,
      maxMemoryUsedMb,
      logResult: tailLog(this.log.takeTail()),
    };
    if (ending.failed) outcome.functionError = "Unhandled";
    if (initDurationMs !== undefined) outcome.initDurationMs = initDurationMs;
    const reusable = ending.reusable && !this.exit;
    if (reusable) {
      this.currentState = "idle";
      this.memory.stop();
    }
    return { outcome, reusable };
  }

  private platformEnding(error: PlatformError, status?: PlatformStatus): Ending {
    const ending: Ending = {
      payload: error.payload,
      failed: true,
      reusable: false,
      errorType: error.errorType,
    };
    if (status) ending.status = status;
    return ending;
  }

  private timeout(requestId: string): Ending {
    const ending = this.platformEnding(timedOut(requestId, this.fn.timeoutSeconds), "timeout");
    ending.durationMs = this.fn.timeoutSeconds * 1000;
    return ending;
  }

  private exitFailure(requestId: string): Ending {
    if (this.spawnError) {
      throw new Error(`could not start ${this.options.nodeBinary}: ${this.spawnError.message}`);
    }
    const exit = this.exit ?? { code: null, signal: "SIGKILL" };
    return this.platformEnding(runtimeExited(requestId, { ...exit, outOfMemory: this.outOfMemory }), "error");
  }

  private initFailure(message: InitErrorMessage): Ending {
    return {
      payload: Buffer.from(message.payload, "utf8"),
      failed: true,
      reusable: false,
      status: "error",
      // The platform reports only its own error types; a user error shows as Runtime.Unknown.
      errorType: message.errorType.startsWith("Runtime.") ? message.errorType : "Runtime.Unknown",
    };
  }

  private onMessage(raw: unknown): void {
    const parsed = childMessage.safeParse(raw);
    if (!parsed.success) {
      this.options.warn(`darkroom: Lambda environment ${this.id} sent an unexpected message; ignored`);
      return;
    }
    const message = parsed.data;
    switch (message.type) {
      case "hello":
        this.log.write(initStartLine(message.nodeVersion, this.fn.region));
        return;
      case "log":
        this.log.write(`${message.text}\n`, message.at);
        return;
      case "output":
        this.log.output(message.stream, message.text, message.at);
        return;
      case "ready":
        this.events.push({ kind: "ready" });
        return;
      case "init-error":
        this.events.push({ kind: "init-error", message });
        return;
      case "result":
        this.events.push({ kind: "result", message });
        return;
    }
  }

  private onExit(code: number | null, signal: NodeJS.Signals | null): void {
    this.exit = { code, signal };
    this.currentState = "dead";
    this.memory.stop();
    this.log.endOutput();
    this.log.flush();
    this.events.close();
  }
}
