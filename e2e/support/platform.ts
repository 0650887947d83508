import { spawn } from "node:child_process";
import { closeSync, existsSync, openSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { z } from "zod";
import { groupGone, groupMembers, signalGroup } from "./process-group.ts";
import { lastReadyBlock, parseReadyBlock, readyBlockSchema } from "./ready-block.ts";

export const REPO = join(import.meta.dirname, "..", "..");
/** Where global setup leaves the path of the run file for the tests (Playwright hands env to workers). */
export const RUN_FILE_VARIABLE = "DARKROOM_E2E_RUN";

/** One `npm start` of the suite's platform: how it was started and what its ready block said. */
export const platformRunSchema = z.object({
  /** The temporary folder holding the state, the Terraform JSON and the logs. */
  workDir: z.string(),
  /** `npm start`'s own output, every start appended. */
  logFile: z.string(),
  /** The settings the suite gives `npm start` (ports, state folder, alarm periods...). */
  env: z.record(z.string(), z.string()),
  /** npm's pid, which leads the process group every start runs in. */
  pid: z.number().int().positive(),
  ready: readyBlockSchema,
  /** How many times the platform has been started in this run. */
  starts: z.number().int().positive(),
});
export type PlatformRun = z.infer<typeof platformRunSchema>;

/** The machine's own settings pass through; every other Darkroom setting is the suite's to choose. */
const MACHINE_SETTINGS = /^DARKROOM_(TF_PLUGIN_DIR|TF_CLI_CONFIG|LAMBDA_NODE_\w+|CHROMIUM|PYTHON)$/;

function startEnv(env: Record<string, string>): NodeJS.ProcessEnv {
  const inherited = Object.entries(process.env).filter(
    ([name]) => !(name.startsWith("DARKROOM_") || name === "CDKTF_OUTDIR") || MACHINE_SETTINGS.test(name),
  );
  return { ...Object.fromEntries(inherited), ...env };
}

function outputSince(logFile: string, offset: number): string {
  return readFileSync(logFile).subarray(offset).toString("utf8");
}

/**
 * `npm start` as the README says, in its own process group (so a Ctrl-C reaches all of it), its
 * output appended to `logFile`. Resolves with npm's pid once the ready block is printed.
 */
export async function startPlatform(options: {
  env: Record<string, string>;
  logFile: string;
  timeoutMs: number;
}): Promise<{ pid: number; ready: PlatformRun["ready"] }> {
  const offset = existsSync(options.logFile) ? statSync(options.logFile).size : 0;
  const out = openSync(options.logFile, "a");
  const child = spawn("npm", ["start", "--silent"], {
    cwd: REPO,
    env: startEnv(options.env),
    stdio: ["ignore", out, out],
    detached: true,
  });
  closeSync(out);
  let exited: string | undefined;
  child.once("exit", (code, signal) => {
    exited = signal ?? `exit code ${code}`;
  });
  child.once("error", (error) => {
    exited = error.message;
  });
  const deadline = Date.now() + options.timeoutMs;
  for (;;) {
    const output = outputSince(options.logFile, offset);
    const block = lastReadyBlock(output);
    const ready = block ? parseReadyBlock(block) : undefined;
    if (ready && child.pid) {
      // Outlives this process if need be (a worker that restarted it); teardown stops it by pid.
      child.unref();
      return { pid: child.pid, ready };
    }
    if (exited) throw new Error(`npm start stopped (${exited}) before it was ready:\n${output}`);
    if (Date.now() > deadline) {
      if (child.pid) signalGroup(child.pid, "SIGKILL");
      throw new Error(`npm start was not ready after ${options.timeoutMs / 1000} s:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** Ctrl-C: SIGINT to the group, then waits until all of it is gone (SIGKILL after `timeoutMs`). */
export async function stopPlatform(pid: number, timeoutMs = 60_000): Promise<void> {
  signalGroup(pid, "SIGINT");
  if (await groupGone(pid, timeoutMs)) return;
  const left = groupMembers(pid).map((member) => `${member.pid} ${member.command}`);
  signalGroup(pid, "SIGKILL");
  await groupGone(pid, 10_000);
  throw new Error(
    `npm start did not stop within ${timeoutMs / 1000} s of SIGINT; killed:\n${left.join("\n")}`,
  );
}

export function runFile(): string {
  const file = process.env[RUN_FILE_VARIABLE];
  if (!file) throw new Error(`${RUN_FILE_VARIABLE} is not set: run the suite with npm run test:e2e`);
  return file;
}

export function readRun(): PlatformRun {
  return platformRunSchema.parse(JSON.parse(readFileSync(runFile(), "utf8")));
}

export function writeRun(file: string, run: PlatformRun): void {
  writeFileSync(file, `${JSON.stringify(run, null, 2)}\n`);
}

/** Starts the platform again on the run's state, with the same settings, and records the new start. */
export async function startAgain(run: PlatformRun): Promise<PlatformRun> {
  const started = await startPlatform({ env: run.env, logFile: run.logFile, timeoutMs: 180_000 });
  const next = { ...run, ...started, starts: run.starts + 1 };
  writeRun(runFile(), next);
  return next;
}

/** Ctrl-C, then `npm start` again on the same state folder: what a user does to restart. */
export async function restartPlatform(run: PlatformRun): Promise<PlatformRun> {
  await stopPlatform(run.pid);
  return startAgain(run);
}

/** The emulator's own process inside the group (platform/emulator-process.ts spawns emulator/src/cli.ts). */
export function emulatorPid(run: PlatformRun): number {
  const emulators = groupMembers(run.pid).filter((member) => member.command.includes("emulator/src/cli.ts"));
  if (emulators.length !== 1 || !emulators[0]) {
    throw new Error(`expected one emulator process in group ${run.pid}, found ${emulators.length}`);
  }
  return emulators[0].pid;
}
