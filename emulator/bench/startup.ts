import { type ChildProcess, spawn } from "node:child_process";
import { rmSync } from "node:fs";
import { request } from "node:http";
import { fileURLToPath } from "node:url";
import { tempDir } from "./peers.ts";

const CLI = fileURLToPath(new URL("../src/cli.ts", import.meta.url));
const POLL_EVERY_MS = 2;
const GIVE_UP_MS = 20_000;

function healthStatus(url: string): Promise<number> {
  return new Promise((resolve) => {
    const req = request(new URL("/_localstack/health", url), { agent: false, timeout: 1000 }, (res) => {
      res.resume();
      res.once("end", () => resolve(res.statusCode ?? 0));
    });
    req.once("error", () => resolve(0));
    req.once("timeout", () => req.destroy());
    req.end();
  });
}

/** The URL from the emulator's DARKROOM_READY line. */
function readyUrl(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let out = "";
    const timer = setTimeout(
      () => reject(new Error(`emulator did not print DARKROOM_READY within ${GIVE_UP_MS} ms:\n${out}`)),
      GIVE_UP_MS,
    );
    child.stdout?.on("data", (d: Buffer) => {
      out += d.toString();
      const m = /DARKROOM_READY (\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`emulator exited with ${code} during startup:\n${out}`));
    });
  });
}

/**
 * Milliseconds from spawning `node --import tsx src/cli.ts` to the first 200 from
 * GET /_localstack/health; a fresh state directory each run. The emulator listens on port 0
 * (a port picked beforehand could be taken before it binds), so the first health request goes
 * out when it prints DARKROOM_READY, then every 2 ms until a 200.
 */
export async function timeStartup(persist: boolean): Promise<number> {
  const dir = tempDir("startup");
  const started = performance.now();
  const child = spawn(process.execPath, ["--import", "tsx", CLI], {
    env: {
      ...process.env,
      DARKROOM_PORT: "0",
      DARKROOM_PERSIST: persist ? "1" : "0",
      DARKROOM_STATE_DIR: dir,
      DARKROOM_LOG_REQUESTS: "0",
    },
    stdio: ["ignore", "pipe", "ignore"],
  });
  const exited = new Promise<void>((done) => child.once("exit", () => done()));
  try {
    const url = await readyUrl(child);
    while (performance.now() - started < GIVE_UP_MS) {
      if (child.exitCode !== null) throw new Error(`emulator exited with ${child.exitCode} during startup`);
      if ((await healthStatus(url)) === 200) return performance.now() - started;
      await new Promise((r) => setTimeout(r, POLL_EVERY_MS));
    }
    throw new Error(`emulator did not answer /_localstack/health within ${GIVE_UP_MS} ms`);
  } finally {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
    await exited;
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The floor under any of the above: `node --import tsx` running an empty module, to exit. */
export async function timeBareTsxNode(): Promise<number> {
  const started = performance.now();
  const child = spawn(process.execPath, ["--import", "tsx", "-e", ""], { stdio: "ignore" });
  await new Promise<void>((done) => child.once("exit", () => done()));
  return performance.now() - started;
}
