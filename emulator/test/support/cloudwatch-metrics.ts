import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { CloudWatchClient, type CloudWatchClientConfig } from "@aws-sdk/client-cloudwatch";
import { HttpRequest } from "@smithy/protocol-http";
import { SignatureV4 } from "@smithy/signature-v4";
import { XMLParser } from "fast-xml-parser";
import { clientConfig, emulatorUrl, TEST_CREDENTIALS } from "./clients.ts";
import { TestSha256 } from "./sha256.ts";

export function cloudWatchClient(
  endpoint = emulatorUrl(),
  options: CloudWatchClientConfig = {},
): CloudWatchClient {
  return new CloudWatchClient({ ...clientConfig(endpoint), ...options });
}

/** The start of a minute a few minutes back: data put there stays within whole minutes. */
export function minutesAgo(minutes: number, now = Date.now()): Date {
  return new Date(Math.floor(now / 60_000) * 60_000 - minutes * 60_000);
}

export interface QueryAnswer {
  status: number;
  headers: Headers;
  /** The parsed XML body (the root element's content under its name). */
  body: Record<string, unknown>;
  text: string;
}

const xml = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: "@", parseTagValue: false });

/** A SigV4-signed query-protocol request (form POST), as Terraform's provider sends CloudWatch calls. */
export async function queryRequest(
  params: Record<string, string>,
  endpoint = emulatorUrl(),
): Promise<QueryAnswer> {
  const url = new URL("/", endpoint);
  const body = new URLSearchParams({ Version: "2010-08-01", ...params }).toString();
  const signer = new SignatureV4({
    service: "monitoring",
    region: "us-east-1",
    credentials: TEST_CREDENTIALS,
    // Not the emulator's own hash: a bug there would sign and verify alike.
    sha256: TestSha256,
  });
  const signed = await signer.sign(
    new HttpRequest({
      method: "POST",
      protocol: "http:",
      hostname: url.hostname,
      port: Number(url.port),
      path: "/",
      headers: { host: url.host, "content-type": "application/x-www-form-urlencoded; charset=utf-8" },
      body,
    }),
  );
  const res = await fetch(url, { method: "POST", headers: signed.headers as Record<string, string>, body });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: xml.parse(text) as Record<string, unknown>, text };
}

/** An XML list: <member> items, however many there are. */
export function members(list: unknown): unknown[] {
  if (list === undefined || list === null || list === "") return [];
  const member = (list as { member?: unknown }).member;
  if (member === undefined) return [];
  return Array.isArray(member) ? member : [member];
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
      process.env.DARKROOM_PYTHON ?? "python3",
      [PYTHON_SCRIPT, endpoint],
      {
        env: {
          ...process.env,
          AWS_ACCESS_KEY_ID: "test",
          AWS_SECRET_ACCESS_KEY: "test",
          AWS_DEFAULT_REGION: "us-east-1",
          AWS_CONFIG_FILE: "/dev/null",
          AWS_SHARED_CREDENTIALS_FILE: "/dev/null",
        },
        timeout: 120_000,
      },
      (error, out, err) => (error ? reject(new Error(`${error.message}\n${err}`)) : resolve(out)),
    );
    child.stdin?.end(input);
  });
  return JSON.parse(stdout) as { protocol: string; answers: BotoAnswer[] };
}
