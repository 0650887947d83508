import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { clientEnv } from "../../emulator/test/support/other-clients.ts";

const run = promisify(execFile);

/**
 * The AWS CLI (`aws` on the PATH: Debian's awscli) against the emulator, as the README tells a
 * user to point it: the endpoint, the keys test/test and us-east-1. Nothing of the caller's own
 * AWS set-up (profile, config, endpoint variables) is used.
 */
export async function aws(endpoint: string, args: string[]): Promise<string> {
  const { stdout } = await run("aws", ["--endpoint-url", endpoint, ...args], {
    env: clientEnv(),
    maxBuffer: 64 * 1024 * 1024,
  });
  return stdout;
}
