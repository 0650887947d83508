import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { emulatorUrl, uniqueName } from "./support/clients.ts";
import { ACCOUNT, inbox } from "./support/sns.ts";

const PY_SCRIPT = fileURLToPath(new URL("./fixtures/python/sns_roundtrip.py", import.meta.url));

/** Test keys, and no user config leaking in. */
const CLIENT_ENV = {
  ...process.env,
  AWS_ACCESS_KEY_ID: "test",
  AWS_SECRET_ACCESS_KEY: "test",
  AWS_DEFAULT_REGION: "us-east-1",
  AWS_CONFIG_FILE: "/dev/null",
  AWS_SHARED_CREDENTIALS_FILE: "/dev/null",
};

function python(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  // CI points DARKROOM_PYTHON at an interpreter that has boto3 when the default one lacks it.
  const interpreter = process.env.DARKROOM_PYTHON ?? "python3";
  return new Promise((resolve) => {
    execFile(interpreter, args, { env: CLIENT_ENV, timeout: 120_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === "number" ? error.code : 127) : 0, stdout, stderr });
    });
  });
}

interface Seen {
  topic: string;
  attributes: Record<string, string>;
  subscription: string;
  subscriptionAttributes: Record<string, string>;
  kept: string;
  successful: string[];
  failed: Array<[string, string, boolean]>;
  listed: string[];
  error: [string, number, string];
}

describe("SNS through boto3", () => {
  it("parses every answer with botocore's own query-protocol parser", async () => {
    const name = uniqueName("boto3-sns");
    const r = await python([PY_SCRIPT, emulatorUrl(), name]);
    expect(r.code, `python3 exited ${r.code}\n${r.stdout}\n${r.stderr}`).toBe(0);
    const seen = JSON.parse(r.stdout.trim().split("\n").pop()!) as Seen;
    expect(seen.topic).toBe(`arn:aws:sns:us-east-1:${ACCOUNT}:${name}`);
    expect(seen.attributes).toMatchObject({ DisplayName: "boto3", SignatureVersion: "2", Owner: ACCOUNT });
    expect(seen.subscriptionAttributes).toMatchObject({
      FilterPolicy: '{"kind": ["keep"]}',
      FilterPolicyScope: "MessageAttributes",
      PendingConfirmation: "false",
    });
    expect(seen.successful).toEqual(["a"]);
    expect(seen.failed).toEqual([["b", "InvalidParameter", true]]);
    expect(seen.listed).toEqual(["+15550700001", "+15550700002", "+15550700003"]);
    expect(seen.error).toEqual(["NotFound", 404, "Topic does not exist"]);
    // The filtered subscriber got what its policy keeps, Binary attribute and all.
    const got = await inbox({ subscriptionArn: seen.subscription });
    expect(got.map((m) => m.body)).toEqual(["kept", "batched"]);
    expect(got[0]!.id).toBe(seen.kept);
  });
});
