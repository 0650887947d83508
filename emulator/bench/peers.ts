import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

/** A server under test, each in its own process so it never shares the client's event loop. */
export interface Peer {
  url: string;
  pid: number;
  /** SIGTERM, wait for exit, remove the temp directory. */
  stop(): Promise<void>;
}

const CLI = fileURLToPath(new URL("../src/cli.ts", import.meta.url));
const S3RVER_MAIN = fileURLToPath(new URL("./s3rver-main.ts", import.meta.url));
const FLOOR_MAIN = fileURLToPath(new URL("./floor-main.ts", import.meta.url));
const DYNALITE_MAIN = fileURLToPath(new URL("./dynalite-main.ts", import.meta.url));
const READY_TIMEOUT_MS = 20_000;
const STOP_TIMEOUT_MS = 10_000;

export function tempDir(label: string): string {
  return mkdtempSync(join(tmpdir(), `darkroom-bench-${label}-`));
}

/**
 * Darkroom as `npm run emulator` runs it (`node --import tsx src/cli.ts`), request logging off,
 * on a free port with a temp state directory; `nodeArgs` e.g. ["--cpu-prof"] for profiling.
 */
export function startDarkroom(persist: boolean, nodeArgs: string[] = []): Promise<Peer> {
  return spawnPeer(
    [...nodeArgs, "--import", "tsx", CLI],
    /DARKROOM_READY (\S+)/,
    persist ? "state" : "mem",
    (dir) => ({
      DARKROOM_PORT: "0",
      DARKROOM_PERSIST: persist ? "1" : "0",
      DARKROOM_STATE_DIR: dir,
      DARKROOM_LOG_REQUESTS: "0",
    }),
  );
}

/** s3rver 3.7.1 on a free loopback port with a temp directory, silent. */
export function startS3rver(): Promise<Peer> {
  return spawnPeer(["--import", "tsx", S3RVER_MAIN], /S3RVER_READY (\S+)/, "s3rver", (dir) => ({
    S3RVER_PORT: "0",
    S3RVER_DIR: dir,
  }));
}

/** The bare node:http floor; `durable` adds an MD5 and a synced write per PUT (see floor-main.ts). */
export function startFloor(durable = false): Promise<Peer> {
  return spawnPeer(["--import", "tsx", FLOOR_MAIN], /FLOOR_READY (\S+)/, "floor", (dir) => {
    const env: Record<string, string> = {};
    if (durable) env.FLOOR_DURABLE_DIR = dir;
    return env;
  });
}

/** dynalite standalone on a free loopback port: in memory, or in LevelDB in a temp directory (`onDisk`). */
export function startDynalite(onDisk: boolean): Promise<Peer> {
  return spawnPeer(
    ["--import", "tsx", DYNALITE_MAIN],
    /DYNALITE_READY (\S+)/,
    "dynalite",
    (dir): Record<string, string> => (onDisk ? { DYNALITE_PATH: dir } : {}),
  );
}

/**
 * moto's server (Python, in memory) on a free loopback port: the CloudWatch peer. Null when
 * the interpreter (`DARKROOM_PYTHON`, default python3) has no moto, so the bench can say so.
 */
export async function startMoto(): Promise<Peer | null> {
  const python = process.env.DARKROOM_PYTHON ?? "python3";
  try {
    return await spawnPeer(
      ["-m", "moto.server", "-H", "127.0.0.1", "-p", "0"],
      /Running on (http:\/\/127\.0\.0\.1:\d+)/,
      "moto",
      () => ({}),
      python,
    );
  } catch (err) {
    process.stderr.write(`moto is not available (${(err as Error).message.split("\n")[0]}); no peer run\n`);
    return null;
  }
}

export async function spawnPeer(
  args: string[],
  ready: RegExp,
  label: string,
  env: (dir: string) => Record<string, string>,
  executable = process.execPath,
): Promise<Peer> {
  const dir = tempDir(label);
  const child = spawn(executable, args, {
    env: { ...process.env, ...env(dir) },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const exited = new Promise<void>((done) => child.once("exit", () => done()));
  const url = await waitForLine(child, ready).catch((err: unknown) => {
    rmSync(dir, { recursive: true, force: true });
    throw err;
  });
  return {
    url,
    pid: child.pid ?? -1,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
      // A peer that ignores SIGTERM must not hang the bench.
      const timer = setTimeout(() => child.kill("SIGKILL"), STOP_TIMEOUT_MS);
      await exited;
      clearTimeout(timer);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function waitForLine(child: ChildProcess, pattern: RegExp): Promise<string> {
  let out = "";
  return new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`${child.spawnargs.join(" ")} did not start within ${READY_TIMEOUT_MS} ms:\n${out}`));
    }, READY_TIMEOUT_MS);
    const onData = (d: Buffer) => {
      out += d.toString();
      const m = pattern.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    };
    child.stdout?.on("data", onData);
    child.stderr?.on("data", onData);
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`${child.spawnargs.join(" ")} exited with ${code} before it was ready:\n${out}`));
    });
  });
}
