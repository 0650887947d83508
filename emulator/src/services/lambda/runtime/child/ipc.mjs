// The child's side of the IPC protocol (messages.ts) and its logging: console.* in
// Lambda's text format and raw stdout/stderr writes, all sent to the emulator in order.

import util from "node:util";

export const REQUEST_ID = Symbol.for("aws.lambda.runtime.requestId");

export function send(message, done) {
  if (process.connected) process.send(message, done);
  else done?.();
}

export function maxRssBytes() {
  return process.resourceUsage().maxRSS * 1024;
}

/**
 * The IPC channel must not keep the process alive while a handler runs, so that an
 * empty event loop shows (beforeExit) as it does on Lambda; between invocations it must.
 */
export function holdChannel(on) {
  if (on) process.channel?.ref();
  else process.channel?.unref();
}

const LEVELS = { TRACE: 1, DEBUG: 2, INFO: 3, WARN: 4, ERROR: 5, FATAL: 6 };

/** console.log and friends as `<ISO time>\t<request id>\t<LEVEL>\t<message>`, one event however many lines. */
export function patchConsole() {
  const threshold = LEVELS[process.env.AWS_LAMBDA_LOG_LEVEL?.toUpperCase()] ?? LEVELS.TRACE;
  const logger = (level) => {
    if (LEVELS[level] < threshold && level !== "FATAL") return () => {};
    return (message, ...params) => {
      const now = new Date();
      const text = `${now.toISOString()}\t${globalThis[REQUEST_ID]}\t${level}\t${util.format(message, ...params)}`;
      send({ type: "log", at: now.getTime(), text });
    };
  };
  console.trace = logger("TRACE");
  console.debug = logger("DEBUG");
  console.info = logger("INFO");
  console.log = console.info;
  console.warn = logger("WARN");
  console.error = logger("ERROR");
  console.fatal = logger("FATAL");
}

/**
 * process.stdout/stderr writes go over IPC, in order with the console lines; what
 * bypasses them (native code, child processes) still reaches the pipes.
 */
export function captureOutput(name, stream) {
  const write = stream.write.bind(stream);
  stream.write = (chunk, encoding, callback) => {
    if (!process.connected) return write(chunk, encoding, callback);
    const done = typeof encoding === "function" ? encoding : callback;
    const text =
      typeof chunk === "string"
        ? typeof encoding === "string" && Buffer.isEncoding(encoding)
          ? Buffer.from(chunk, encoding).toString("utf8")
          : chunk
        : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength).toString("utf8");
    send({ type: "output", stream: name, at: Date.now(), text });
    if (typeof done === "function") process.nextTick(done);
    return true;
  };
}
