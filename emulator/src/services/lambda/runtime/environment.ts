import { type ChildProcess, spawn } from "node:child_process";
import type { LogSink, LogTarget } from "../../logs/log-sink.ts";
import type { FunctionSnapshot, InvokeOutcome, InvokeRequest } from "./contract.ts";
import {
  type PlatformError,
  RESPONSE_LIMIT_BYTES,
  responseTooLarge,
  runtimeExited,
  timedOut,
} from "./error-payloads.ts";
import { LineBuffer } from "./line-buffer.ts";
import {
  endLine,
  initReportLine,
  initStartLine,
  type PlatformStatus,
  reportLine,
  startLine,
  tailLog,
} from "./log-lines.ts";
import { exceeds, megabytesUsed, nodeMemoryFlags, residentMemory } from "./memory.ts";
import {
  type ChildMessage,
  childMessage,
  type InitErrorMessage,
  type InvokeMessage,
  type ResultMessage,
} from "./messages.ts";

/** How often a running environment's resident memory is checked against its limit. */
const MEMORY_POLL_MS = 20;

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
  bootstrapPath: string;
  env: Record<string, string>;
  /** LAMBDA_TASK_ROOT. */
  cwd: string;
  /** Lambda's init phase limit (10 s); past it, init continues within the invocation's timeout. */
  initTimeoutMs: number;
}

export type EnvironmentState = "starting" | "idle" | "busy" | "dead";

/** One invocation's outcome and whether the environment may serve another. */
export interface Completed {
  outcome: InvokeOutcome;
  reusable: boolean;
}

interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
  outOfMemory: boolean;
}

type Event =
  | { kind: "ready" }
  | { kind: "init-error"; message: InitErrorMessage }
  | { kind: "result"; message: ResultMessage };

/** What an invocation ends with, before the END and REPORT lines are written. */
interface Ending {
  payload: Buffer;
  failed: boolean;
  reusable: boolean;
  status?: PlatformStatus;
  errorType?: string;
  durationMs?: number;
  maxRssBytes?: number;
}

/**
 * One execution environment: a child process running bootstrap.mjs with the
 * function's handler loaded, serving one invocation at a time, writing its log
 * stream as Lambda does.
 */
export class Environment {
  readonly id: string;
  readonly fn: FunctionSnapshot;
  readonly logTarget: LogTarget;
  readonly createdAt = Date.now();
  readonly exited: Promise<void>;
  private state_: EnvironmentState = "starting";
  private readonly options: EnvironmentOptions;
  private readonly child: ChildProcess;
  private readonly spawnedAt = performance.now();
  private readonly events: Event[] = [];
  private wake: (() => void) | null = null;
  private exit: Exit | null = null;
  private spawnError: Error | null = null;
  private initialised = false;
  private outOfMemory = false;
  private peakRssBytes = 0;
  private monitor: NodeJS.Timeout | null = null;
  /** The messages of the invocation in progress, for LogType=Tail. */
  private tail: string[] | null = null;
  private logFailureReported = false;
  private readonly lines = {
    stdout: new LineBuffer(),
    stderr: new LineBuffer(),
    pipeOut: new LineBuffer(),
    pipeErr: new LineBuffer(),
  };

  constructor(options: EnvironmentOptions) {
    this.options = options;
    this.id = options.id;
    this.fn = options.fn;
    this.logTarget = options.logTarget;
    this.child = spawn(
      options.nodeBinary,
      [
        "--expose-gc",
        "--max-http-header-size=81920",
        ...nodeMemoryFlags(options.fn.memorySizeMb),
        options.bootstrapPath,
      ],
      { cwd: options.cwd, env: options.env, stdio: ["ignore", "pipe", "pipe", "ipc"], serialization: "json" },
    );
    this.exited = new Promise((resolve) => {
      const finish = (code: number | null, signal: NodeJS.Signals | null) => {
        if (this.exit) return;
        this.onExit({ code, signal, outOfMemory: this.outOfMemory });
        resolve();
      };
      this.child.once("error", (err) => {
        this.spawnError = err;
        finish(null, null);
      });
      this.child.once("exit", (code, signal) => {
        // IPC messages sent just before the exit are read before the channel closes.
        if (!this.child.connected) return void setImmediate(() => finish(code, signal));
        const fallback = setTimeout(() => finish(code, signal), 100);
        this.child.once("disconnect", () => {
          clearTimeout(fallback);
          setImmediate(() => finish(code, signal));
        });
      });
    });
    this.child.on("message", (raw: unknown) => this.onMessage(raw));
    this.child.stdout?.setEncoding("utf8").on("data", (text: string) => this.onPipe("pipeOut", text));
    this.child.stderr?.setEncoding("utf8").on("data", (text: string) => {
      if (HEAP_EXHAUSTED.test(text)) this.outOfMemory = true;
      this.onPipe("pipeErr", text);
    });
    this.watchMemory(true);
  }

  get state(): EnvironmentState {
    return this.state_;
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  /** Runs one invocation (the first also waits for init). Never called while busy. */
  async invoke(request: InvokeRequest, invokedFunctionArn: string): Promise<Completed> {
    if (this.state_ === "busy" || this.state_ === "dead")
      throw new Error(`environment ${this.id} is ${this.state_}`);
    const { requestId } = request;
    const timeoutMs = this.fn.timeoutSeconds * 1000;
    this.state_ = "busy";
    this.watchMemory(true);
    let initDurationMs: number | undefined;
    let startedAt: number;
    let deadline: number;

    if (this.initialised) {
      startedAt = this.begin(requestId);
      deadline = startedAt + timeoutMs;
    } else {
      const init = await this.awaitInit(requestId, timeoutMs);
      if ("ending" in init) return this.end(requestId, init.startedAt, init.initDurationMs, init.ending);
      ({ startedAt, deadline, initDurationMs } = init);
    }

    const message: InvokeMessage = {
      type: "invoke",
      requestId,
      event: request.payload.length === 0 ? "{}" : request.payload.toString("utf8"),
      deadlineMs: Date.now() + (deadline - performance.now()),
      invokedFunctionArn,
    };
    if (request.clientContext !== undefined) {
      message.clientContext = Buffer.from(request.clientContext, "base64").toString("utf8");
    }
    this.child.send(message, (err) => {
      // The child died first; its exit is reported as such.
      if (err) this.child.kill("SIGKILL");
    });

    const event = await this.nextEvent(deadline);
    if (event === "timeout") {
      await this.kill();
      return this.end(
        requestId,
        startedAt,
        initDurationMs,
        this.platformEnding(timedOut(requestId, this.fn.timeoutSeconds), "timeout", timeoutMs),
      );
    }
    if (event === "exit") return this.end(requestId, startedAt, initDurationMs, this.exitFailure(requestId));
    if (event.kind !== "result" || event.message.requestId !== requestId) {
      await this.kill();
      throw new Error(`environment ${this.id} answered ${requestId} out of turn`);
    }
    const result = event.message;
    if (result.fatal) await this.kill();
    const failed = result.errorType !== undefined;
    if (!failed && Buffer.byteLength(result.payload) > RESPONSE_LIMIT_BYTES) {
      return this.end(requestId, startedAt, initDurationMs, {
        ...this.platformEnding(responseTooLarge()),
        reusable: !result.fatal,
        maxRssBytes: result.maxRssBytes,
      });
    }
    return this.end(requestId, startedAt, initDurationMs, {
      payload: Buffer.from(result.payload, "utf8"),
      failed,
      reusable: !result.fatal,
      maxRssBytes: result.maxRssBytes,
    });
  }

  /**
   * Waits for the handler to load. Lambda gives init 10 s; past that, init goes on
   * inside the invocation, under its timeout, and no Init Duration is reported.
   */
  private async awaitInit(
    requestId: string,
    timeoutMs: number,
  ): Promise<
    | { startedAt: number; deadline: number; initDurationMs: number | undefined }
    | { startedAt: number; initDurationMs: number | undefined; ending: Ending }
  > {
    let event = await this.nextEvent(this.spawnedAt + this.options.initTimeoutMs);
    let initDurationMs: number | undefined;
    let startedAt = Number.NaN;
    let deadline = Number.NaN;
    if (event === "timeout") {
      this.emit(initReportLine(performance.now() - this.spawnedAt, "timeout"));
      startedAt = this.begin(requestId);
      deadline = startedAt + timeoutMs;
      event = await this.nextEvent(deadline);
      if (event === "timeout") {
        await this.kill();
        const ending = this.platformEnding(timedOut(requestId, this.fn.timeoutSeconds), "timeout", timeoutMs);
        return { startedAt, initDurationMs, ending };
      }
    } else {
      initDurationMs = performance.now() - this.spawnedAt;
    }
    if (event !== "exit" && event.kind === "ready") {
      this.initialised = true;
      if (Number.isNaN(startedAt)) {
        startedAt = this.begin(requestId);
        deadline = startedAt + timeoutMs;
      }
      return { startedAt, deadline, initDurationMs };
    }
    const ending =
      event !== "exit" && event.kind === "init-error"
        ? this.initFailure(event.message)
        : this.exitFailure(requestId);
    if (Number.isNaN(startedAt)) {
      this.emit(initReportLine(initDurationMs ?? 0, "error", ending.errorType));
      startedAt = this.begin(requestId);
    }
    await this.kill();
    return { startedAt, initDurationMs, ending };
  }

  /** Stops the child at once (SIGKILL, as Lambda does) and waits until it is gone. */
  async kill(): Promise<void> {
    if (!this.exit) this.child.kill("SIGKILL");
    await this.exited;
  }

  /** Writes START and returns when the invocation's clock started. */
  private begin(requestId: string): number {
    this.tail = [];
    this.emit(startLine(requestId, this.fn.version));
    return performance.now();
  }

  private async end(
    requestId: string,
    startedAt: number,
    initDurationMs: number | undefined,
    ending: Ending,
  ): Promise<Completed> {
    // Output the child wrote just before answering may still sit in the pipes.
    await new Promise((resolve) => setImmediate(resolve));
    const durationMs = ending.durationMs ?? performance.now() - startedAt;
    const outOfMemory = ending.errorType === "Runtime.OutOfMemory";
    const maxMemoryUsedMb = outOfMemory
      ? this.fn.memorySizeMb
      : megabytesUsed(Math.max(ending.maxRssBytes ?? 0, this.peakRssBytes), this.fn.memorySizeMb);
    const billedDurationMs = Math.ceil(durationMs + (initDurationMs ?? 0));
    for (const buffer of Object.values(this.lines)) {
      for (const line of buffer.flush()) this.emitOutput(line);
    }
    this.emit(endLine(requestId));
    this.emit(
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
    const outcome: InvokeOutcome = {
      payload: ending.payload,
      durationMs,
      billedDurationMs,
      maxMemoryUsedMb,
    };
    if (ending.failed) outcome.functionError = "Unhandled";
    if (initDurationMs !== undefined) outcome.initDurationMs = initDurationMs;
    const tail = this.tail ?? [];
    this.tail = null;
    const reusable = ending.reusable && !this.exit;
    if (reusable) {
      this.state_ = "idle";
      this.watchMemory(false);
    }
    return { outcome: { ...outcome, logResult: tailLog(tail) }, reusable };
  }

  private platformEnding(error: PlatformError, status?: PlatformStatus, durationMs?: number): Ending {
    const ending: Ending = {
      payload: error.payload,
      failed: true,
      reusable: false,
      errorType: error.errorType,
    };
    if (status) ending.status = status;
    if (durationMs !== undefined) ending.durationMs = durationMs;
    return ending;
  }

  private exitFailure(requestId: string): Ending {
    if (this.spawnError) {
      throw new Error(`could not start ${this.options.nodeBinary}: ${this.spawnError.message}`);
    }
    const exit = this.exit ?? { code: null, signal: "SIGKILL", outOfMemory: this.outOfMemory };
    return this.platformEnding(runtimeExited(requestId, exit), "error");
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

  /** The next ready/init-error/result message, "exit" once the child is gone, or "timeout" at `deadline`. */
  private async nextEvent(deadline: number): Promise<Event | "exit" | "timeout"> {
    for (;;) {
      const event = this.events.shift();
      if (event) return event;
      if (this.exit) return "exit";
      const remaining = deadline - performance.now();
      if (remaining <= 0) return "timeout";
      await new Promise<void>((resolve) => {
        const timer = setTimeout(() => {
          this.wake = null;
          resolve();
        }, remaining);
        this.wake = () => {
          clearTimeout(timer);
          this.wake = null;
          resolve();
        };
      });
    }
  }

  private onMessage(raw: unknown): void {
    const parsed = childMessage.safeParse(raw);
    if (!parsed.success) {
      this.options.warn(`darkroom: Lambda environment ${this.id} sent an unexpected message; ignored`);
      return;
    }
    const message: ChildMessage = parsed.data;
    switch (message.type) {
      case "hello":
        this.emit(initStartLine(message.nodeVersion, this.fn.region), Date.now());
        return;
      case "log":
        this.emit(`${message.text}\n`, message.at);
        return;
      case "output":
        for (const line of this.lines[message.stream].push(message.text)) this.emitOutput(line, message.at);
        return;
      case "ready":
        this.events.push({ kind: "ready" });
        break;
      case "init-error":
        this.events.push({ kind: "init-error", message });
        break;
      case "result":
        this.events.push({ kind: "result", message });
        break;
    }
    this.wake?.();
  }

  private onPipe(name: "pipeOut" | "pipeErr", text: string): void {
    for (const line of this.lines[name].push(text)) this.emitOutput(line);
  }

  private emitOutput(line: string, at = Date.now()): void {
    this.emit(`${line}\n`, at);
  }

  private onExit(exit: Exit): void {
    this.exit = exit;
    this.state_ = "dead";
    this.watchMemory(false);
    for (const buffer of Object.values(this.lines)) {
      for (const line of buffer.flush()) this.emitOutput(line);
    }
    this.wake?.();
  }

  private emit(message: string, timestamp = Date.now()): void {
    this.tail?.push(message);
    try {
      this.options.logs.append(this.logTarget, [{ timestamp, message }]);
    } catch (err) {
      if (!this.logFailureReported) {
        this.logFailureReported = true;
        this.options.warn(`darkroom: could not write to ${this.logTarget.group}: ${(err as Error).message}`);
      }
    }
  }

  /** Polls resident memory while user code runs, killing the child past its memory size as Lambda's cgroup does. */
  private watchMemory(on: boolean): void {
    if (!on) {
      if (this.monitor) clearInterval(this.monitor);
      this.monitor = null;
      return;
    }
    if (this.monitor || this.exit) return;
    let polling = false;
    this.monitor = setInterval(async () => {
      const pid = this.child.pid;
      if (polling || pid === undefined || this.exit) return;
      polling = true;
      const memory = await residentMemory(pid);
      polling = false;
      if (!memory || this.exit) return;
      this.peakRssBytes = Math.max(this.peakRssBytes, memory.peakBytes);
      if (exceeds(memory.peakBytes, this.fn.memorySizeMb)) {
        this.outOfMemory = true;
        this.child.kill("SIGKILL");
      }
    }, MEMORY_POLL_MS);
    this.monitor.unref();
  }
}
