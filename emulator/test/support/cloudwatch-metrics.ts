import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { emulatorUrl } from "./clients.ts";
import { clientEnv, PYTHON } from "./other-clients.ts";

/** The start of a minute a few minutes back: data put there stays within whole minutes. */
export function minutesAgo(minutes: number, now = Date.now()): Date {
  return new Date(Math.floor(now / 60_000) * 60_000 - minutes * 60_000);
}

const PYTHON_SCRIPT = fileURLToPath(new URL("../fixtures/python/cloudwatch_calls.py", import.meta.url));

/** What boto3 answered one call: the output (timestamps as epoch seconds) or the error. */
export type BotoAnswer =
  | { ok: Record<string, unknown> }
  | { error: { Code: string; Message: string }; status: number; queryError?: string };

/**
 * Runs CloudWatch calls through boto3 (which speaks rpc-v2-cbor to CloudWatch). Dates in
 * params are sent as Dates; the script reports the protocol it used.
 */
export async function botoCalls(
  calls: Array<{ op: string; params: Record<string, unknown> }>,
  endpoint = emulatorUrl(),
): Promise<{ protocol: string; answers: BotoAnswer[] }> {
  const input = JSON.stringify(calls, (_key, value: unknown) => value);
  const stdout = await new Promise<string>((resolve, reject) => {
    const child = execFile(
      PYTHON,
      [PYTHON_SCRIPT, endpoint],
      { env: clientEnv(), timeout: 120_000 },
      (error, out, err) => (error ? reject(new Error(`${error.message}\n${err}`)) : resolve(out)),
    );
    // A program that exits without reading its input makes the write fail with EPIPE; its exit
    // status, given to the callback, is the result.
    child.stdin?.on("error", () => {});
    child.stdin?.end(input);
  });
  return JSON.parse(stdout) as { protocol: string; answers: BotoAnswer[] };
}
