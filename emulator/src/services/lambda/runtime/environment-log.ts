import type { LogLine, LogSink, LogTarget } from "../../logs/log-sink.ts";
import { LineBuffer } from "./line-buffer.ts";

/** Where raw output comes from: process.stdout/stderr (over IPC) or the file descriptors (pipes). */
export type OutputSource = "stdout" | "stderr" | "pipeOut" | "pipeErr";

/**
 * One environment's log stream. Events are batched per turn of the event loop (the
 * sink persists each batch) and written out at once when an invocation ends, so its
 * lines are stored before the caller gets the result. It also keeps the invocation's
 * own lines for LogType=Tail.
 */
export class EnvironmentLog {
  readonly target: LogTarget;
  private readonly sink: LogSink;
  private readonly warn: (message: string) => void;
  private pending: LogLine[] = [];
  private scheduled = false;
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
    if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(() => this.flush());
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

  /** From now on, keep the events for the invocation's tail. */
  startTail(): void {
    this.tail = [];
  }

  /** The events kept since startTail(), and stop keeping them. */
  takeTail(): string[] {
    const tail = this.tail ?? [];
    this.tail = null;
    return tail;
  }

  flush(): void {
    this.scheduled = false;
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
