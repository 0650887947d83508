import { execFile } from "node:child_process";

/** The interpreter for boto3 scripts: CI points DARKROOM_PYTHON at one that has boto3 when the default lacks it. */
export const PYTHON = process.env.DARKROOM_PYTHON ?? "python3";

/**
 * Environment for clients Darkroom did not write (boto3, the AWS CLI): test keys, and nothing of
 * the caller's own AWS set-up (profile, config, endpoint or credential variables) leaking in.
 */
export function clientEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const own = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith("AWS_")));
  return {
    ...own,
    AWS_ACCESS_KEY_ID: "test",
    AWS_SECRET_ACCESS_KEY: "test",
    AWS_DEFAULT_REGION: "us-east-1",
    AWS_CONFIG_FILE: "/dev/null",
    AWS_SHARED_CREDENTIALS_FILE: "/dev/null",
    AWS_PAGER: "",
    ...extra,
  };
}

export interface ClientRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs a client program; never throws: one that cannot start exits 127, with the reason as stderr. */
export function runClient(cmd: string, args: string[], env = clientEnv()): Promise<ClientRun> {
  return new Promise((resolve) => {
    execFile(cmd, args, { env, maxBuffer: 16 * 1024 * 1024, timeout: 120_000 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === "number" ? error.code : 127) : 0;
      resolve({
        code,
        stdout,
        stderr: stderr || (error && typeof error.code !== "number" ? error.message : ""),
      });
    });
  });
}
