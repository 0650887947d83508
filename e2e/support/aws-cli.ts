import { execFile } from "node:child_process";
import { promisify } from "node:util";

const run = promisify(execFile);

/**
 * The AWS CLI (`aws` on the PATH: Debian's awscli) against the emulator, as the README tells a
 * user to point it: the endpoint, the keys test/test and us-east-1. Nothing of the caller's own
 * AWS set-up (profile, config, endpoint variables) is used.
 */
export async function aws(endpoint: string, args: string[]): Promise<string> {
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith("AWS_")));
  const { stdout } = await run("aws", ["--endpoint-url", endpoint, ...args], {
    env: {
      ...env,
      AWS_ACCESS_KEY_ID: "test",
      AWS_SECRET_ACCESS_KEY: "test",
      AWS_DEFAULT_REGION: "us-east-1",
      AWS_CONFIG_FILE: "/dev/null",
      AWS_SHARED_CREDENTIALS_FILE: "/dev/null",
      AWS_PAGER: "",
    },
    maxBuffer: 64 * 1024 * 1024,
  });
  return stdout;
}
