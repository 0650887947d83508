import { type ChildProcess, spawn } from "node:child_process";
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
