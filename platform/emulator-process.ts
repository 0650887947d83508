import { type ChildProcess, spawn } from "node:child_process";
import { createWriteStream, mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";

const CLI = fileURLToPath(new URL("../emulator/src/cli.ts", import.meta.url));
/** What the emulator's CLI prints once it serves: `DARKROOM_READY <url>`. */
const READY = /^DARKROOM_READY (\S+)$/;

export interface EmulatorProcess {
  url: string;
  child: ChildProcess;
  /** SIGTERM, then SIGKILL if it has not exited after `graceMs`. */
  stop(graceMs?: number): Promise<void>;
}

/**
 * Runs the emulator as its own process (as `npm run emulator` does), so that it can be killed
 * and restarted on its own, and its request log goes to `logFile` instead of the terminal.
 * Resolves once it serves; rejects with its last words if it exits or stalls first.
 */
export function startEmulatorProcess(options: {
  env: NodeJS.ProcessEnv;
  logFile: string;
  timeoutMs?: number;
}): Promise<EmulatorProcess> {
  mkdirSync(dirname(options.logFile), { recursive: true });
  const log = createWriteStream(options.logFile, { flags: "a" });
  const child = spawn(process.execPath, ["--import", "tsx", CLI], {
    env: options.env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  const stderrTail: string[] = [];
  child.stderr?.setEncoding("utf8").on("data", (chunk: string) => {
    log.write(chunk);
    stderrTail.push(chunk);
    if (stderrTail.length > 20) stderrTail.shift();
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const stop = async (graceMs = 10_000) => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), graceMs);
      await exited;
      clearTimeout(timer);
    }
    log.end();
  };

  return new Promise((resolve, reject) => {
    let ready = false;
    const fail = (why: string) => {
      if (ready) return;
      ready = true;
      const said = stderrTail.join("").trim();
      void stop().then(() => reject(new Error(`the emulator ${why}${said ? `:\n${said}` : ""}`)));
    };
    const timer = setTimeout(
      () => fail(`did not start within ${(options.timeoutMs ?? 60_000) / 1000} s`),
      options.timeoutMs ?? 60_000,
    );
    createInterface({ input: child.stdout ?? process.stdin }).on("line", (line) => {
      log.write(`${line}\n`);
      const match = READY.exec(line);
      if (match?.[1] && !ready) {
        ready = true;
        clearTimeout(timer);
        resolve({ url: match[1], child, stop });
      }
    });
    child.once("error", (error) => fail(`could not be started (${error.message})`));
    child.once("exit", (code, signal) => {
      clearTimeout(timer);
      fail(`exited before it was ready (${signal ?? `exit code ${code}`})`);
    });
  });
}
