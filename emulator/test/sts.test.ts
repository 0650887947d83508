import { CreateRoleCommand } from "@aws-sdk/client-iam";
import { CreateBucketCommand, ListBucketsCommand } from "@aws-sdk/client-s3";
import { AssumeRoleCommand, GetCallerIdentityCommand } from "@aws-sdk/client-sts";
import { describe, expect, it } from "vitest";
import {
  type Credentials,
  emulatorUrl,
  iamClient,
  s3Client,
  stsClient,
  uniqueName,
} from "./support/clients.ts";
import { expectAwsError } from "./support/expect-aws-error.ts";

const sts = stsClient();
const iam = iamClient();
const ACCOUNT = "000000000000";

const TRUST = JSON.stringify({
  Version: "2012-10-17",
  Statement: [
    { Effect: "Allow", Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: "sts:AssumeRole" },
  ],
});

async function createRole(path = "/") {
  const RoleName = uniqueName("assumable");
  const { Role } = await iam.send(
    new CreateRoleCommand({
      RoleName,
      Path: path,
      AssumeRolePolicyDocument: TRUST,
      MaxSessionDuration: 7200,
    }),
  );
  return Role!;
}

function clientsWith(credentials: Credentials) {
  return { sts: stsClient(emulatorUrl(), { credentials }), s3: s3Client(emulatorUrl(), { credentials }) };
}

async function assume(roleArn: string, session: string) {
  const out = await sts.send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: session }));
  const c = out.Credentials!;
  return {
    out,
    credentials: {
      accessKeyId: c.AccessKeyId!,
      secretAccessKey: c.SecretAccessKey!,
      sessionToken: c.SessionToken!,
    },
  };
}

describe("GetCallerIdentity", () => {
  it("names the root of the default account for test:test", async () => {
    const id = await sts.send(new GetCallerIdentityCommand({}));
    expect(id.Account).toBe(ACCOUNT);
    expect(id.Arn).toBe(`arn:aws:iam::${ACCOUNT}:root`);
    expect(id.UserId).toBe(ACCOUNT);
  });
});

describe("AssumeRole", () => {
  it("returns temporary credentials that work and identify the assumed role", async () => {
    const role = await createRole();
    const session = "photo-session";
    const { out, credentials } = await assume(role.Arn!, session);
    const assumedArn = `arn:aws:sts::${ACCOUNT}:assumed-role/${role.RoleName}/${session}`;
    expect(out.AssumedRoleUser?.Arn).toBe(assumedArn);
    expect(out.AssumedRoleUser?.AssumedRoleId).toBe(`${role.RoleId}:${session}`);
    expect(credentials.accessKeyId).toMatch(/^ASIA[A-Z0-9]{16}$/);
    expect(credentials.sessionToken).toBeTruthy();
    const expiresIn = out.Credentials!.Expiration!.getTime() - Date.now();
    expect(expiresIn).toBeGreaterThan(3500_000);
    expect(expiresIn).toBeLessThanOrEqual(3600_000);

    const as = clientsWith(credentials);
    const id = await as.sts.send(new GetCallerIdentityCommand({}));
    expect(id.Arn).toBe(assumedArn);
    expect(id.Account).toBe(ACCOUNT);
    expect(id.UserId).toBe(`${role.RoleId}:${session}`);
    // The temporary key works for S3 too, in the role's account.
    const bucket = uniqueName("assumed");
    await as.s3.send(new CreateBucketCommand({ Bucket: bucket }));
    const buckets = await as.s3.send(new ListBucketsCommand({}));
    expect((buckets.Buckets ?? []).map((b) => b.Name)).toContain(bucket);
  });

  it("assumes a role that has a path", async () => {
    const role = await createRole("/pipelines/");
    const { out } = await assume(role.Arn!, "pathed");
    // The assumed-role ARN carries the role name, not its path.
    expect(out.AssumedRoleUser?.Arn).toBe(`arn:aws:sts::${ACCOUNT}:assumed-role/${role.RoleName}/pathed`);
  });

  it("rejects the temporary key with a wrong or missing session token", async () => {
    const role = await createRole();
    const { credentials } = await assume(role.Arn!, "token-check");

    const wrong = clientsWith({ ...credentials, sessionToken: `${credentials.sessionToken}x` });
    await expectAwsError(wrong.s3.send(new ListBucketsCommand({})), "InvalidToken", 400);
    await expectAwsError(wrong.sts.send(new GetCallerIdentityCommand({})), "InvalidClientTokenId", 403);

    const missing = clientsWith({
      accessKeyId: credentials.accessKeyId,
      secretAccessKey: credentials.secretAccessKey,
    });
    await expectAwsError(missing.s3.send(new ListBucketsCommand({})), "InvalidToken", 400);
    await expectAwsError(missing.sts.send(new GetCallerIdentityCommand({})), undefined, 403);
  });

  it("denies a role that does not exist", async () => {
    const roleArn = `arn:aws:iam::${ACCOUNT}:role/${uniqueName("ghost")}`;
    await expectAwsError(
      sts.send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: "nobody" })),
      "AccessDenied",
      403,
      `User: arn:aws:iam::${ACCOUNT}:root is not authorized to perform: sts:AssumeRole on resource: ${roleArn}`,
    );
  });

  it("refuses a session longer than the role's MaxSessionDuration", async () => {
    const role = await createRole();
    await expectAwsError(
      sts.send(new AssumeRoleCommand({ RoleArn: role.Arn, RoleSessionName: "long", DurationSeconds: 7201 })),
      "ValidationError",
      400,
    );
    const ok = await sts.send(
      new AssumeRoleCommand({ RoleArn: role.Arn, RoleSessionName: "exact", DurationSeconds: 7200 }),
    );
    expect(ok.Credentials?.AccessKeyId).toBeTruthy();
  });
});
