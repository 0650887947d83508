import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";

export const REPO = fileURLToPath(new URL("../../../", import.meta.url));

export interface ScriptResult {
  code: number;
  output: string;
}

/**
 * Runs `npm run <script> -- <args>` from the repository root as a user would, with `env` added;
 * resolves with the exit code and everything printed (stdout and stderr interleaved by time).
 */
export function npmRun(script: string, args: string[], env: Record<string, string>, timeoutMs = 300_000) {
  return new Promise<ScriptResult>((resolve) => {
    const child = execFile("npm", ["run", "--silent", script, "--", ...args], {
      cwd: REPO,
      env: { ...process.env, ...env },
      timeout: timeoutMs,
      maxBuffer: 16 * 1024 * 1024,
    });
    let output = "";
    child.stdout?.on("data", (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.stderr?.on("data", (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.on("close", (code) => resolve({ code: code ?? 1, output }));
  });
}
