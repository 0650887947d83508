import type { LogLine, LogSink, LogTarget } from "../../logs/log-sink.ts";
import { LineBuffer } from "./line-buffer.ts";

/** Where raw output comes from: process.stdout/stderr (over IPC) or the file descriptors (pipes). */
export type OutputSource = "stdout" | "stderr" | "pipeOut" | "pipeErr";

/**
 * While an invocation runs, its lines wait this long at most before they are written;
 * a quick one's all go out together when it ends (see EnvironmentLog).
 */
export const INVOCATION_BATCH_MS = 100;

/**
 * One environment's log stream. Events are batched (the sink persists each batch, in
 * persistent mode with an fdatasync) and written out at once when an invocation ends,
 * so its lines are stored before the caller gets the result. Outside invocations a
 * batch is one turn of the event loop; during one, up to INVOCATION_BATCH_MS, so a
 * quick invocation's START, output, END and REPORT cost one commit instead of one for
 * START alone in the middle of it. It also keeps the invocation's own lines for
 * LogType=Tail.
 */
export class EnvironmentLog {
  readonly target: LogTarget;
  private readonly sink: LogSink;
  private readonly warn: (message: string) => void;
  private pending: LogLine[] = [];
  /** Cancels the scheduled flush, if one is. */
  private cancelScheduled: (() => void) | null = null;
  private tail: string[] | null = null;
  private failureReported = false;
  private readonly raw: Record<OutputSource, LineBuffer> = {
    stdout: new LineBuffer(),
    stderr: new LineBuffer(),
    pipeOut: new LineBuffer(),
    pipeErr: new LineBuffer(),
  };

  constructor(sink: LogSink, target: LogTarget, warn: (message: string) => void) {
    this.sink = sink;
    this.target = target;
    this.warn = warn;
  }

  /** One event; `message` ends with a newline, as Lambda's events do. */
  write(message: string, timestamp = Date.now()): void {
    this.tail?.push(message);
    this.pending.push({ timestamp, message });
    if (this.cancelScheduled) return;
    if (this.tail === null) {
      const immediate = setImmediate(() => this.flush());
      this.cancelScheduled = () => clearImmediate(immediate);
    } else {
      const timer = setTimeout(() => this.flush(), INVOCATION_BATCH_MS);
      // The environment flushes when it exits; the timer must not keep the emulator up.
      timer.unref();
      this.cancelScheduled = () => clearTimeout(timer);
    }
  }

  /** Raw output: each complete line becomes an event. */
  output(source: OutputSource, text: string, timestamp = Date.now()): void {
    for (const line of this.raw[source].push(text)) this.write(`${line}\n`, timestamp);
  }

  /** Lines still waiting for their newline become events too (the invocation or process ended). */
  endOutput(): void {
    for (const buffer of Object.values(this.raw)) {
      for (const line of buffer.flush()) this.write(`${line}\n`);
    }
  }

  /** An invocation starts: from now on, keep its events for the tail and batch them (see above). */
  startTail(): void {
    this.tail = [];
  }

  /** The events kept since startTail(), and stop keeping them: the invocation is over. */
  takeTail(): string[] {
    const tail = this.tail ?? [];
    this.tail = null;
    return tail;
  }

  flush(): void {
    this.cancelScheduled?.();
    this.cancelScheduled = null;
    if (this.pending.length === 0) return;
    const lines = this.pending;
    this.pending = [];
    try {
      this.sink.append(this.target, lines);
    } catch (err) {
      if (!this.failureReported) {
        this.failureReported = true;
        this.warn(`darkroom: could not write to log group ${this.target.group}: ${(err as Error).message}`);
      }
    }
  }
}
