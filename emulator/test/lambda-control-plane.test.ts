import {
  AddPermissionCommand,
  CreateAliasCommand,
  CreateFunctionCommand,
  CreateFunctionUrlConfigCommand,
  DeleteFunctionCommand,
  DeleteFunctionConcurrencyCommand,
  GetAliasCommand,
  GetFunctionCodeSigningConfigCommand,
  GetFunctionCommand,
  GetFunctionConcurrencyCommand,
  GetFunctionConfigurationCommand,
  GetFunctionEventInvokeConfigCommand,
  GetFunctionUrlConfigCommand,
  GetPolicyCommand,
  ListAliasesCommand,
  ListFunctionsCommand,
  ListTagsCommand,
  ListVersionsByFunctionCommand,
  PublishVersionCommand,
  PutFunctionConcurrencyCommand,
  PutFunctionEventInvokeConfigCommand,
  RemovePermissionCommand,
  TagResourceCommand,
  UntagResourceCommand,
  UpdateFunctionCodeCommand,
  UpdateFunctionConfigurationCommand,
  UpdateFunctionEventInvokeConfigCommand,
  waitUntilFunctionActiveV2,
  waitUntilFunctionUpdatedV2,
} from "@aws-sdk/client-lambda";
import { afterAll, describe, expect, it } from "vitest";
import { uniqueName } from "./support/clients.ts";
import { expectAwsError } from "./support/expect-aws-error.ts";
import { lambdaClient, TEST_ROLE, zipOf } from "./support/lambda.ts";

const lambda = lambdaClient();
afterAll(() => lambda.destroy());

const CODE = zipOf({ "index.mjs": "export const handler = async () => ({ ok: true });\n" });

async function createFunction(name = uniqueName("fn")) {
  const created = await lambda.send(
    new CreateFunctionCommand({
      FunctionName: name,
      Runtime: "nodejs22.x",
      Role: TEST_ROLE,
      Handler: "index.handler",
      Code: { ZipFile: CODE },
      MemorySize: 512,
      Timeout: 10,
      Environment: { Variables: { STAGE: "test" } },
    }),
  );
  return { name, created };
}

describe("Lambda control plane", () => {
  it("creates a function that goes from Pending to Active, and reads it back", async () => {
    const { name, created } = await createFunction();
    expect(created.State).toBe("Pending");
    expect(created.FunctionArn).toBe(`arn:aws:lambda:us-east-1:000000000000:function:${name}`);
    expect(created.CodeSha256).toMatch(/^[A-Za-z0-9+/]{43}=$/);
    await waitUntilFunctionActiveV2({ client: lambda, maxWaitTime: 10, minDelay: 1 }, { FunctionName: name });
    const got = await lambda.send(new GetFunctionCommand({ FunctionName: name }));
    expect(got.Configuration).toMatchObject({
      State: "Active",
      LastUpdateStatus: "Successful",
      MemorySize: 512,
      Timeout: 10,
      Runtime: "nodejs22.x",
      Handler: "index.handler",
      Environment: { Variables: { STAGE: "test" } },
      PackageType: "Zip",
      LoggingConfig: { LogFormat: "Text", LogGroup: `/aws/lambda/${name}` },
    });
    expect(got.Configuration?.LastModified).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+0000$/);
    const listed = await lambda.send(new ListFunctionsCommand({}));
    expect(listed.Functions?.map((f) => f.FunctionName)).toContain(name);
    await expectAwsError(
      lambda.send(
        new CreateFunctionCommand({
          FunctionName: name,
          Runtime: "nodejs22.x",
          Role: TEST_ROLE,
          Handler: "index.handler",
          Code: { ZipFile: CODE },
        }),
      ),
      "ResourceConflictException",
      409,
    );
  });

  it("rejects a bad zip, an unsupported runtime and reserved environment variables with AWS's errors", async () => {
    const base = { Role: TEST_ROLE, Handler: "index.handler", FunctionName: uniqueName("bad") };
    await expectAwsError(
      lambda.send(
        new CreateFunctionCommand({
          ...base,
          Runtime: "nodejs22.x",
          Code: { ZipFile: Buffer.from("not a zip") },
        }),
      ),
      "InvalidParameterValueException",
      400,
    );
    await expectAwsError(
      lambda.send(new CreateFunctionCommand({ ...base, Runtime: "python3.12", Code: { ZipFile: CODE } })),
      "InvalidParameterValueException",
      400,
    );
    await expectAwsError(
      lambda.send(
        new CreateFunctionCommand({
          ...base,
          Runtime: "nodejs22.x",
          Code: { ZipFile: CODE },
          Environment: { Variables: { AWS_REGION: "eu-west-1" } },
        }),
      ),
      "InvalidParameterValueException",
      400,
    );
    await expectAwsError(
      lambda.send(new GetFunctionCommand({ FunctionName: "no-such-function" })),
      "ResourceNotFoundException",
      404,
    );
  });

  it("updates configuration and code through InProgress to Successful", async () => {
    const { name } = await createFunction();
    await waitUntilFunctionActiveV2({ client: lambda, maxWaitTime: 10, minDelay: 1 }, { FunctionName: name });
    const updated = await lambda.send(
      new UpdateFunctionConfigurationCommand({ FunctionName: name, MemorySize: 256, Description: "resized" }),
    );
    expect(updated.LastUpdateStatus).toBe("InProgress");
    await expectAwsError(
      lambda.send(new UpdateFunctionConfigurationCommand({ FunctionName: name, Timeout: 5 })),
      "ResourceConflictException",
      409,
    );
    await waitUntilFunctionUpdatedV2(
      { client: lambda, maxWaitTime: 10, minDelay: 1 },
      { FunctionName: name },
    );
    const code = zipOf({ "index.mjs": "export const handler = async () => 2;\n" });
    const newCode = await lambda.send(new UpdateFunctionCodeCommand({ FunctionName: name, ZipFile: code }));
    expect(newCode.CodeSha256).not.toBe(updated.CodeSha256);
    await waitUntilFunctionUpdatedV2(
      { client: lambda, maxWaitTime: 10, minDelay: 1 },
      { FunctionName: name },
    );
    const config = await lambda.send(new GetFunctionConfigurationCommand({ FunctionName: name }));
    expect(config).toMatchObject({ MemorySize: 256, Description: "resized", CodeSha256: newCode.CodeSha256 });
  });

  it("publishes versions, points aliases at them and deletes versions", async () => {
    const { name } = await createFunction();
    await waitUntilFunctionActiveV2({ client: lambda, maxWaitTime: 10, minDelay: 1 }, { FunctionName: name });
    const v1 = await lambda.send(new PublishVersionCommand({ FunctionName: name, Description: "first" }));
    expect(v1.Version).toBe("1");
    expect(v1.FunctionArn).toBe(`arn:aws:lambda:us-east-1:000000000000:function:${name}:1`);
    // Nothing changed, so publishing again returns the same version.
    expect((await lambda.send(new PublishVersionCommand({ FunctionName: name }))).Version).toBe("1");
    const versions = await lambda.send(new ListVersionsByFunctionCommand({ FunctionName: name }));
    expect(versions.Versions?.map((v) => v.Version)).toEqual(["$LATEST", "1"]);
    const alias = await lambda.send(
      new CreateAliasCommand({ FunctionName: name, Name: "live", FunctionVersion: "1" }),
    );
    expect(alias.AliasArn).toBe(`arn:aws:lambda:us-east-1:000000000000:function:${name}:live`);
    expect(
      (await lambda.send(new GetAliasCommand({ FunctionName: name, Name: "live" }))).FunctionVersion,
    ).toBe("1");
    expect((await lambda.send(new ListAliasesCommand({ FunctionName: name }))).Aliases).toHaveLength(1);
    const viaAlias = await lambda.send(
      new GetFunctionConfigurationCommand({ FunctionName: name, Qualifier: "live" }),
    );
    expect(viaAlias.Version).toBe("1");
    await expectAwsError(
      lambda.send(new DeleteFunctionCommand({ FunctionName: name, Qualifier: "1" })),
      "ResourceConflictException",
      409,
    );
    await lambda.send(new DeleteFunctionCommand({ FunctionName: name }));
    await expectAwsError(
      lambda.send(new GetAliasCommand({ FunctionName: name, Name: "live" })),
      "ResourceNotFoundException",
      404,
    );
  });

  it("keeps a resource policy, concurrency, event invoke config, URL config and tags", async () => {
    const { name } = await createFunction();
    const added = await lambda.send(
      new AddPermissionCommand({
        FunctionName: name,
        StatementId: "s3-invoke",
        Action: "lambda:InvokeFunction",
        Principal: "s3.amazonaws.com",
        SourceArn: "arn:aws:s3:::my-bucket",
        SourceAccount: "000000000000",
      }),
    );
    expect(JSON.parse(added.Statement ?? "{}")).toMatchObject({
      Sid: "s3-invoke",
      Principal: { Service: "s3.amazonaws.com" },
      Condition: {
        ArnLike: { "AWS:SourceArn": "arn:aws:s3:::my-bucket" },
        StringEquals: { "AWS:SourceAccount": "000000000000" },
      },
    });
    const policy = JSON.parse(
      (await lambda.send(new GetPolicyCommand({ FunctionName: name }))).Policy ?? "{}",
    );
    expect(policy.Statement).toHaveLength(1);
    await expectAwsError(
      lambda.send(
        new AddPermissionCommand({
          FunctionName: name,
          StatementId: "s3-invoke",
          Action: "lambda:InvokeFunction",
          Principal: "s3.amazonaws.com",
        }),
      ),
      "ResourceConflictException",
      409,
    );
    await lambda.send(new RemovePermissionCommand({ FunctionName: name, StatementId: "s3-invoke" }));
    await expectAwsError(
      lambda.send(new GetPolicyCommand({ FunctionName: name })),
      "ResourceNotFoundException",
      404,
    );

    await lambda.send(
      new PutFunctionConcurrencyCommand({ FunctionName: name, ReservedConcurrentExecutions: 5 }),
    );
    expect(
      (await lambda.send(new GetFunctionConcurrencyCommand({ FunctionName: name })))
        .ReservedConcurrentExecutions,
    ).toBe(5);
    expect(
      (await lambda.send(new GetFunctionCommand({ FunctionName: name }))).Concurrency
        ?.ReservedConcurrentExecutions,
    ).toBe(5);
    await lambda.send(new DeleteFunctionConcurrencyCommand({ FunctionName: name }));
    expect(
      (await lambda.send(new GetFunctionConcurrencyCommand({ FunctionName: name })))
        .ReservedConcurrentExecutions,
    ).toBeUndefined();

    await expectAwsError(
      lambda.send(new GetFunctionEventInvokeConfigCommand({ FunctionName: name })),
      "ResourceNotFoundException",
      404,
    );
    const put = await lambda.send(
      new PutFunctionEventInvokeConfigCommand({
        FunctionName: name,
        MaximumRetryAttempts: 1,
        DestinationConfig: { OnFailure: { Destination: "arn:aws:sqs:us-east-1:000000000000:failed" } },
      }),
    );
    expect(put.FunctionArn).toBe(`arn:aws:lambda:us-east-1:000000000000:function:${name}:$LATEST`);
    expect(put.LastModified).toBeInstanceOf(Date);
    await lambda.send(
      new UpdateFunctionEventInvokeConfigCommand({ FunctionName: name, MaximumEventAgeInSeconds: 120 }),
    );
    expect(await lambda.send(new GetFunctionEventInvokeConfigCommand({ FunctionName: name }))).toMatchObject({
      MaximumRetryAttempts: 1,
      MaximumEventAgeInSeconds: 120,
      DestinationConfig: { OnFailure: { Destination: "arn:aws:sqs:us-east-1:000000000000:failed" } },
    });

    const url = await lambda.send(
      new CreateFunctionUrlConfigCommand({ FunctionName: name, AuthType: "NONE" }),
    );
    expect(url.FunctionUrl).toMatch(/^http:\/\/[a-z0-9]{32}\.lambda-url\.us-east-1\.localhost:\d+\/$/);
    expect((await lambda.send(new GetFunctionUrlConfigCommand({ FunctionName: name }))).FunctionUrl).toBe(
      url.FunctionUrl,
    );

    const arn = `arn:aws:lambda:us-east-1:000000000000:function:${name}`;
    await lambda.send(new TagResourceCommand({ Resource: arn, Tags: { team: "darkroom", env: "dev" } }));
    await lambda.send(new UntagResourceCommand({ Resource: arn, TagKeys: ["env"] }));
    expect((await lambda.send(new ListTagsCommand({ Resource: arn }))).Tags).toEqual({ team: "darkroom" });
    expect(
      (await lambda.send(new GetFunctionCodeSigningConfigCommand({ FunctionName: name }))).FunctionName,
    ).toBe(name);
  });
});
