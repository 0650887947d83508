import { HeadBucketCommand } from "@aws-sdk/client-s3";
import { GetSessionTokenCommand } from "@aws-sdk/client-sts";
import { describe, expect, it } from "vitest";
import { emulatorUrl, s3Client, stsClient, uniqueName } from "./support/clients.ts";
import { fixture, runtimeUnderTest, snapshot } from "./support/lambda-runtime.ts";

/** Temporary credentials from the shared emulator's STS, as the control plane gets a role's. */
async function sessionCredentials() {
  const { Credentials } = await stsClient().send(new GetSessionTokenCommand({}));
  return {
    accessKeyId: Credentials!.AccessKeyId!,
    secretAccessKey: Credentials!.SecretAccessKey!,
    sessionToken: Credentials!.SessionToken!,
  };
}

describe("the AWS SDK inside functions", () => {
  it.each([
    ["a CommonJS", "s3-commonjs"],
    ["an ES module", "s3-esm"],
  ])("reaches the emulator from %s handler that does not bundle the SDK", async (_kind, name) => {
    const credentials = await sessionCredentials();
    const rt = await runtimeUnderTest({ credentialsFor: async () => credentials, endpointUrl: emulatorUrl });
    const bucket = uniqueName("from-lambda");
    const out = await rt.invoke(snapshot(fixture(name), { memorySizeMb: 256 }), { bucket });
    expect(out.functionError, out.payload.toString()).toBeUndefined();
    expect((out.body as { buckets: string[] }).buckets).toContain(bucket);
    await expect(s3Client().send(new HeadBucketCommand({ Bucket: bucket }))).resolves.toBeDefined();
  });
});
