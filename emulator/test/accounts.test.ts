import { CreateBucketCommand, ListBucketsCommand } from "@aws-sdk/client-s3";
import { GetCallerIdentityCommand } from "@aws-sdk/client-sts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Credentials, s3Client, stsClient, TEST_CREDENTIALS, uniqueName } from "./support/clients.ts";
import { type EmulatorProcess, spawnEmulator } from "./support/emulator-process.ts";

const SECOND = { accessKeyId: "AKIDSECONDACCOUNT", secretAccessKey: "second-secret" };

function clients(endpoint: string, credentials: Credentials = TEST_CREDENTIALS) {
  return { s3: s3Client(endpoint, { credentials }), sts: stsClient(endpoint, { credentials }) };
}

describe("DARKROOM_CREDENTIALS and accounts", () => {
  let emulator: EmulatorProcess;

  beforeAll(async () => {
    emulator = await spawnEmulator({
      DARKROOM_PERSIST: "0",
      DARKROOM_CREDENTIALS: `${SECOND.accessKeyId}:${SECOND.secretAccessKey}:111111111111`,
    });
  });

  afterAll(async () => {
    await emulator?.stop();
  });

  it("accepts an added key pair, in its own account, and still test:test", async () => {
    const second = clients(emulator.url, SECOND);
    expect(await second.sts.send(new GetCallerIdentityCommand({}))).toMatchObject({
      Account: "111111111111",
      Arn: "arn:aws:iam::111111111111:root",
    });
    const first = clients(emulator.url);
    expect((await first.sts.send(new GetCallerIdentityCommand({}))).Account).toBe("000000000000");
  });

  it("keeps each account's buckets to itself, in one global namespace", async () => {
    const mine = uniqueName("acct");
    const first = clients(emulator.url);
    const second = clients(emulator.url, SECOND);
    await first.s3.send(new CreateBucketCommand({ Bucket: mine }));
    const listed = await second.s3.send(new ListBucketsCommand({}));
    expect((listed.Buckets ?? []).map((b) => b.Name)).not.toContain(mine);
    await expect(second.s3.send(new CreateBucketCommand({ Bucket: mine }))).rejects.toMatchObject({
      name: "BucketAlreadyExists",
    });
  });
});

describe("DARKROOM_AUTH=lenient", () => {
  let emulator: EmulatorProcess;

  beforeAll(async () => {
    emulator = await spawnEmulator({ DARKROOM_PERSIST: "0", DARKROOM_AUTH: "lenient" });
  });

  afterAll(async () => {
    await emulator?.stop();
  });

  it("accepts any key, and a 12-digit key names the account, as LocalStack does", async () => {
    const anyKey = clients(emulator.url, { accessKeyId: "whatever", secretAccessKey: "wrong" });
    expect((await anyKey.sts.send(new GetCallerIdentityCommand({}))).Account).toBe("000000000000");
    const numbered = clients(emulator.url, { accessKeyId: "222222222222", secretAccessKey: "x" });
    expect((await numbered.sts.send(new GetCallerIdentityCommand({}))).Account).toBe("222222222222");
  });

  it("still checks the signature of a key it knows", async () => {
    const wrongSecret = clients(emulator.url, { accessKeyId: "test", secretAccessKey: "wrong" });
    await expect(wrongSecret.s3.send(new ListBucketsCommand({}))).rejects.toMatchObject({
      name: "SignatureDoesNotMatch",
    });
  });
});
