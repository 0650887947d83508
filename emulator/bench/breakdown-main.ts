import { fdatasyncSync, readSync, writeFileSync, writevSync } from "node:fs";
import { open } from "node:fs/promises";
import type { ServerResponse } from "node:http";
import { Authenticator } from "../src/auth/authenticate.ts";
import { Gateway } from "../src/gateway/gateway.ts";
import { startEmulator } from "../src/index.ts";
import { S3Service } from "../src/services/s3/index.ts";
import { StateStore } from "../src/state/store.ts";

/**
 * The emulator with timers around each gateway stage, for sequential load only (one request
 * at a time, so one set of marks). Env: BREAKDOWN_PERSIST, BREAKDOWN_STATE_DIR, BREAKDOWN_OUT
 * (JSON written on SIGTERM), BREAKDOWN_SKIP_DATASYNC=1 and BREAKDOWN_SYNC_IO=1 (experiments, see below). Prints `DARKROOM_READY <url>`.
 */

type Stage = "read+detect" | "auth" | "handler" | "flush" | "send";
type AsyncMethod = (this: unknown, ...args: unknown[]) => Promise<unknown>;

const samples: Record<string, Record<Stage | "total", number[]>> = {};
let marks: {
  method: string;
  t0: number;
  auth?: number;
  authDone?: number;
  handled?: number;
  flushed?: number;
} | null = null;

function wrap(
  proto: object,
  name: string,
  after: (t: number) => void,
  before?: (t: number, args: unknown[]) => void,
): void {
  const target = proto as Record<string, AsyncMethod | undefined>;
  const original = target[name];
  if (typeof original !== "function") {
    process.stderr.write(`breakdown: ${name} not found; that stage is not timed\n`);
    return;
  }
  target[name] = async function (this: unknown, ...args: unknown[]) {
    before?.(performance.now(), args);
    try {
      return await original.apply(this, args);
    } finally {
      after(performance.now());
    }
  };
}

function record(stage: Stage | "total", ms: number): void {
  if (!marks) return;
  samples[marks.method] ??= { "read+detect": [], auth: [], handler: [], flush: [], send: [], total: [] };
  samples[marks.method]![stage].push(ms);
}

const gateway = Gateway.prototype as unknown as Record<string, AsyncMethod>;
const serve = gateway.serve!;
// serve(nodeReq, nodeRes): the response's "finish" ends the server's part of a request.
gateway.serve = function (this: unknown, ...args: unknown[]) {
  const m: NonNullable<typeof marks> = { method: "?", t0: performance.now() };
  marks = m;
  (args[1] as ServerResponse).once("finish", () => {
    if (m !== marks || m.auth === undefined || m.authDone === undefined || m.flushed === undefined) return;
    const now = performance.now();
    record("read+detect", m.auth - m.t0);
    record("auth", m.authDone - m.auth);
    record("handler", (m.handled ?? m.authDone) - m.authDone);
    record("flush", m.flushed - (m.handled ?? m.authDone));
    record("send", now - m.flushed);
    record("total", now - m.t0);
  });
  return serve.apply(this, args);
};
wrap(
  Authenticator.prototype,
  "authenticate",
  (t) => {
    if (marks) marks.authDone = t;
  },
  (t, args) => {
    if (!marks) return;
    marks.auth = t;
    marks.method = (args[0] as { method: string }).method;
  },
);
wrap(S3Service.prototype, "handle", (t) => {
  if (marks) marks.handled = t;
});
wrap(StateStore.prototype, "flush", (t) => {
  if (marks) marks.flushed = t;
});

interface HandleProto {
  fd: number;
  datasync(): Promise<void>;
  writev(buffers: Buffer[], position: number): Promise<{ bytesWritten: number; buffers: Buffer[] }>;
  read(
    buf: Buffer,
    offset: number,
    length: number,
    position: number,
  ): Promise<{ bytesRead: number; buffer: Buffer }>;
}
// Experiments only, on FileHandle's prototype: what the log would cost without fdatasync
// (BREAKDOWN_SKIP_DATASYNC=1), or with its I/O done synchronously on the event loop (BREAKDOWN_SYNC_IO=1).
if (process.env.BREAKDOWN_SKIP_DATASYNC === "1" || process.env.BREAKDOWN_SYNC_IO === "1") {
  const probe = await open(process.execPath, "r");
  const proto = Object.getPrototypeOf(probe) as HandleProto;
  await probe.close();
  if (process.env.BREAKDOWN_SYNC_IO === "1") {
    proto.writev = async function (this: HandleProto, buffers, position) {
      return { bytesWritten: writevSync(this.fd, buffers, position), buffers };
    };
    proto.read = async function (this: HandleProto, buf, offset, length, position) {
      return { bytesRead: readSync(this.fd, buf, offset, length, position), buffer: buf };
    };
    proto.datasync = async function (this: HandleProto) {
      fdatasyncSync(this.fd);
    };
  }
  if (process.env.BREAKDOWN_SKIP_DATASYNC === "1") proto.datasync = async () => undefined;
}

const emulator = await startEmulator({
  port: 0,
  persist: process.env.BREAKDOWN_PERSIST === "1",
  stateDir: process.env.BREAKDOWN_STATE_DIR ?? ".darkroom/breakdown",
});
process.stdout.write(`DARKROOM_READY ${emulator.url}\n`);
process.on("SIGTERM", () => {
  if (process.env.BREAKDOWN_OUT) writeFileSync(process.env.BREAKDOWN_OUT, JSON.stringify(samples));
  emulator.stop().then(
    () => process.exit(0),
    () => process.exit(1),
  );
});
