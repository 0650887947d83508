import { CloudWatchClient, type CloudWatchClientConfig } from "@aws-sdk/client-cloudwatch";
import { cbor } from "@smithy/core/cbor";
import { HttpRequest } from "@smithy/protocol-http";
import { SignatureV4 } from "@smithy/signature-v4";
import { clientConfig, emulatorUrl, TEST_CREDENTIALS } from "./clients.ts";
import { TestSha256 } from "./sha256.ts";

/** The JS SDK's CloudWatch client: awsJson1_0. */
export function cloudwatchClient(
  endpoint = emulatorUrl(),
  options: CloudWatchClientConfig = {},
): CloudWatchClient {
  return new CloudWatchClient({ ...clientConfig(endpoint), ...options });
}

export interface RawAnswer {
  status: number;
  headers: Headers;
  body: Buffer;
}

async function signedPost(endpoint: string, path: string, headers: Record<string, string>, body: Uint8Array) {
  const url = new URL(endpoint);
  const signer = new SignatureV4({
    service: "monitoring",
    region: "us-east-1",
    credentials: TEST_CREDENTIALS,
    sha256: TestSha256,
  });
  const signed = await signer.sign(
    new HttpRequest({
      method: "POST",
      protocol: "http:",
      hostname: url.hostname,
      port: Number(url.port),
      path,
      headers: { host: url.host, ...headers },
      body,
    }),
  );
  const res = await fetch(new URL(path, url), {
    method: "POST",
    headers: signed.headers as Record<string, string>,
    body,
  });
  return { status: res.status, headers: res.headers, body: Buffer.from(await res.arrayBuffer()) };
}

/** Flattens a structure into query-protocol fields: lists as Name.member.N, structures as Name.Field. */
export function queryFields(input: Record<string, unknown>, prefix = "", out = new URLSearchParams()) {
  for (const [key, value] of Object.entries(input)) {
    const name = prefix ? `${prefix}.${key}` : key;
    if (value === undefined) continue;
    if (Array.isArray(value)) {
      if (value.length === 0) out.append(name, "");
      value.forEach((item, i) => {
        const member = `${name}.member.${i + 1}`;
        if (item !== null && typeof item === "object")
          queryFields(item as Record<string, unknown>, member, out);
        else out.append(member, String(item));
      });
    } else if (value !== null && typeof value === "object") {
      queryFields(value as Record<string, unknown>, name, out);
    } else {
      out.append(name, String(value));
    }
  }
  return out;
}

/** A query-protocol call (Action=..., Version=2010-08-01), as the Terraform provider makes them. */
export function queryCall(operation: string, input: Record<string, unknown>, endpoint = emulatorUrl()) {
  const fields = queryFields(input);
  fields.set("Action", operation);
  fields.set("Version", "2010-08-01");
  return signedPost(
    endpoint,
    "/",
    { "content-type": "application/x-www-form-urlencoded; charset=utf-8" },
    Buffer.from(fields.toString()),
  );
}

/** An rpc-v2-cbor call, as botocore makes them. */
export function cborCall(operation: string, input: Record<string, unknown>, endpoint = emulatorUrl()) {
  return signedPost(
    endpoint,
    `/service/GraniteServiceVersion20100801/operation/${operation}`,
    { "content-type": "application/cbor", accept: "application/cbor", "smithy-protocol": "rpc-v2-cbor" },
    cbor.serialize(input),
  );
}

/** Evaluates every alarm now, or as of `at`, instead of waiting for the schedule. */
export async function evaluate(
  endpoint: string,
  at?: Date,
): Promise<{ transitions: Array<Record<string, unknown>> }> {
  const query = at ? `?at=${encodeURIComponent(at.toISOString())}` : "";
  const res = await fetch(`${endpoint}/_darkroom/cloudwatch/evaluate${query}`, { method: "POST" });
  if (res.status !== 200) throw new Error(`evaluate answered ${res.status}: ${await res.text()}`);
  return (await res.json()) as { transitions: Array<Record<string, unknown>> };
}
