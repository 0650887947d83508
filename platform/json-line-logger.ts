import { createWriteStream, mkdirSync, type WriteStream } from "node:fs";
import { dirname } from "node:path";
import type { LoggerService } from "@nestjs/common";

type Level = "log" | "error" | "warn" | "debug" | "verbose" | "fatal";

/**
 * The admin backend's log lines for `npm start`: one JSON object a line, appended to a file
 * beside the emulator's log, so requests do not scroll the terminal's ready block away.
 * Nest passes the context last, and for errors a stack before it.
 */
export class JsonLineLogger implements LoggerService {
  private readonly out: WriteStream;

  constructor(file: string) {
    mkdirSync(dirname(file), { recursive: true });
    this.out = createWriteStream(file, { flags: "a" });
  }

  log(message: unknown, ...params: unknown[]): void {
    this.write("log", message, params);
  }
  error(message: unknown, ...params: unknown[]): void {
    this.write("error", message, params);
  }
  warn(message: unknown, ...params: unknown[]): void {
    this.write("warn", message, params);
  }
  debug(message: unknown, ...params: unknown[]): void {
    this.write("debug", message, params);
  }
  verbose(message: unknown, ...params: unknown[]): void {
    this.write("verbose", message, params);
  }
  fatal(message: unknown, ...params: unknown[]): void {
    this.write("fatal", message, params);
  }

  /** Resolves once every line is on disk. */
  close(): Promise<void> {
    return new Promise((resolve) => this.out.end(resolve));
  }

  private write(level: Level, message: unknown, params: unknown[]): void {
    if (this.out.writableEnded) return;
    const context = typeof params.at(-1) === "string" ? params.at(-1) : undefined;
    const stack = params.length > 1 && typeof params[0] === "string" ? params[0] : undefined;
    const fields =
      typeof message === "object" && message !== null && !Array.isArray(message) ? message : { message };
    this.out.write(
      `${JSON.stringify({ level, time: new Date().toISOString(), context, ...fields, ...(stack ? { stack } : {}) })}\n`,
    );
  }
}
