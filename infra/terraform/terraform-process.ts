import { spawn } from "node:child_process";
import { createInterface } from "node:readline";

export interface TerraformResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface TerraformRun {
  /** The folder holding the configuration (a synthesized stack). */
  cwd: string;
  args: string[];
  /** Added to this process's environment (TF_CLI_CONFIG_FILE, TF_LOG, ...). */
  env?: Record<string, string>;
  /** Each line of stdout as it arrives: `-json` commands stream one event per line. */
  onLine?: (line: string) => void;
  timeoutMs?: number;
}

/** Unattended: no prompts, no version check against checkpoint.hashicorp.com. */
const AUTOMATION_ENV = { TF_IN_AUTOMATION: "1", TF_INPUT: "0", CHECKPOINT_DISABLE: "1" };

/**
 * Runs the real terraform binary. Resolves with its exit code and output (never rejects on a
 * non-zero exit: plan's -detailed-exitcode 2 is an answer); rejects only if it cannot start.
 */
export function runTerraform(run: TerraformRun): Promise<TerraformResult> {
  return new Promise((resolve, reject) => {
    const child = spawn("terraform", run.args, {
      cwd: run.cwd,
      env: { ...process.env, ...AUTOMATION_ENV, ...run.env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    const stdout: string[] = [];
    const stderr: string[] = [];
    createInterface({ input: child.stdout }).on("line", (line) => {
      stdout.push(line);
      run.onLine?.(line);
    });
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => stderr.push(chunk));
    const timer = setTimeout(() => child.kill("SIGTERM"), run.timeoutMs ?? 15 * 60_000);
    child.on("error", (error: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      const hint = error.code === "ENOENT" ? " (is Terraform >= 1.5 on the PATH?)" : "";
      reject(new Error(`could not run terraform${hint}: ${error.message}`));
    });
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      resolve({
        code: code ?? (signal ? 128 : 1),
        stdout: `${stdout.join("\n")}\n`,
        stderr: stderr.join(""),
      });
    });
  });
}
