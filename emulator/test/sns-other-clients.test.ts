import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { emulatorUrl, uniqueName } from "./support/clients.ts";
import { PYTHON, runClient } from "./support/other-clients.ts";
import { ACCOUNT, inbox } from "./support/sns.ts";

const PY_SCRIPT = fileURLToPath(new URL("./fixtures/python/sns_roundtrip.py", import.meta.url));

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
    const r = await runClient(PYTHON, [PY_SCRIPT, emulatorUrl(), name]);
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
