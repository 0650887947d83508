import { spawn } from "node:child_process";
import { rmSync } from "node:fs";
import { request } from "node:http";
import { createServer } from "node:net";
import { fileURLToPath } from "node:url";
import { tempDir } from "./peers.ts";

const CLI = fileURLToPath(new URL("../src/cli.ts", import.meta.url));
const POLL_EVERY_MS = 2;
const GIVE_UP_MS = 20_000;

/** A port nobody listens on right now, so the health poll can start before the emulator binds. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address();
      const port = typeof address === "object" && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

function healthStatus(port: number): Promise<number> {
  return new Promise((resolve) => {
    const req = request(
      { host: "127.0.0.1", port, path: "/_localstack/health", agent: false, timeout: 1000 },
      (res) => {
        res.resume();
        res.once("end", () => resolve(res.statusCode ?? 0));
      },
    );
    req.once("error", () => resolve(0));
    req.once("timeout", () => req.destroy());
    req.end();
  });
}

/**
 * Milliseconds from spawning `node --import tsx src/cli.ts` to the first 200 from
 * GET /_localstack/health, polled every 2 ms; a fresh state directory each run.
 */
export async function timeStartup(persist: boolean): Promise<number> {
  const port = await freePort();
  const dir = tempDir("startup");
  const started = performance.now();
  const child = spawn(process.execPath, ["--import", "tsx", CLI], {
    env: {
      ...process.env,
      DARKROOM_PORT: String(port),
      DARKROOM_PERSIST: persist ? "1" : "0",
      DARKROOM_STATE_DIR: dir,
      DARKROOM_LOG_REQUESTS: "0",
    },
    stdio: "ignore",
  });
  const exited = new Promise<void>((done) => child.once("exit", () => done()));
  try {
    while (performance.now() - started < GIVE_UP_MS) {
      if (child.exitCode !== null) throw new Error(`emulator exited with ${child.exitCode} during startup`);
      if ((await healthStatus(port)) === 200) return performance.now() - started;
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
