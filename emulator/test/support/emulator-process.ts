import { type ChildProcess, spawn } from "node:child_process";
import { createServer } from "node:net";
import { fileURLToPath } from "node:url";

const CLI = fileURLToPath(new URL("../../src/cli.ts", import.meta.url));

export interface EmulatorProcess {
  url: string;
  child: ChildProcess;
  /** Everything the process printed so far. */
  output: () => string;
  /** SIGTERM, and wait for exit. */
  stop: () => Promise<void>;
  /** SIGKILL, and wait for exit: no shutdown code runs. */
  kill: () => Promise<void>;
}

/**
 * Runs the emulator as a separate process (`node --import tsx src/cli.ts`), the way
 * `npm run emulator` does, on a free port unless DARKROOM_PORT says otherwise.
 */
export async function spawnEmulator(env: Record<string, string> = {}): Promise<EmulatorProcess> {
  const child = spawn(process.execPath, ["--import", "tsx", CLI], {
    env: { ...process.env, DARKROOM_PORT: "0", DARKROOM_LOG_REQUESTS: "0", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  child.stdout?.on("data", (d: Buffer) => {
    out += d.toString();
  });
  child.stderr?.on("data", (d: Buffer) => {
    out += d.toString();
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`emulator did not start within 20 s:\n${out}`)), 20_000);
    const onData = () => {
      const m = /DARKROOM_READY (\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        child.stdout?.off("data", onData);
        resolve(m[1]!);
      }
    };
    child.stdout?.on("data", onData);
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`emulator exited with ${code} before it was ready:\n${out}`));
    });
  });
  const signal = async (sig: NodeJS.Signals) => {
    if (child.exitCode === null && child.signalCode === null) child.kill(sig);
    await exited;
  };
  return { url, child, output: () => out, stop: () => signal("SIGTERM"), kill: () => signal("SIGKILL") };
}

/** A port nothing listened on a moment ago; someone else may take it before we do. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", resolve);
  });
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (address === null || typeof address === "string") throw new Error("no port");
  return address.port;
}

/**
 * Only for tests of DARKROOM_PORT itself, which must name a port up front; everything else
 * uses port 0. The port can be taken between our probe and the emulator's bind, so a start
 * that fails with "already in use" is retried on another port.
 */
export async function spawnEmulatorOnFreePort(
  env: Record<string, string> = {},
  attempts = 3,
): Promise<{ emulator: EmulatorProcess; port: number }> {
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    try {
      return { emulator: await spawnEmulator({ ...env, DARKROOM_PORT: String(port) }), port };
    } catch (err) {
      if (attempt >= attempts || !/already in use/.test((err as Error).message)) throw err;
    }
  }
}
