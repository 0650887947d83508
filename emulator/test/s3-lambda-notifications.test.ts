import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { CreateAliasCommand, PublishVersionCommand } from "@aws-sdk/client-lambda";
import {
  CopyObjectCommand,
  CreateBucketCommand,
  DeleteObjectCommand,
  GetBucketNotificationConfigurationCommand,
  type LambdaFunctionConfiguration,
  PutBucketNotificationConfigurationCommand,
  PutObjectCommand,
} from "@aws-sdk/client-s3";
import { afterAll, describe, expect, it } from "vitest";
import { clientConfig, s3Client, uniqueName } from "./support/clients.ts";
import { expectS3Error } from "./support/expect-aws-error.ts";
import { lambdaClient } from "./support/lambda.ts";
import {
  allowS3,
  deployFunction,
  notifyLambda,
  pollUntil,
  type Recorded,
  recorded,
  recorderSource,
  recorderTable,
} from "./support/s3-notifications.ts";

/*
 * S3 → Lambda event notifications through the shared emulator process: the
 * configuration is checked against the function's resource policy, and matching object
 * events reach the function as S3's event message, through Lambda's Event queue.
 */

const lambda = lambdaClient();
const s3 = s3Client();
const dynamodb = new DynamoDBClient(clientConfig());
afterAll(() => {
  for (const client of [lambda, s3, dynamodb]) client.destroy();
});

async function newBucket(): Promise<string> {
  const bucket = uniqueName("s3-notify");
  await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  return bucket;
}

/** A recorder function writing to a fresh table. */
async function recorder(delayMs = 0) {
  const table = await recorderTable(dynamodb);
  const fn = await deployFunction(lambda, recorderSource(delayMs), {
    Environment: { Variables: { TABLE: table } },
  });
  return { ...fn, table };
}

/** Waits (up to `ms`) until the recorder has written an item for each pk. */
async function waitForPks(table: string, pks: string[], ms = 20_000): Promise<Recorded[]> {
  const items = await pollUntil(
    () => recorded(dynamodb, table),
    (all) => pks.every((pk) => all.some((r) => r.pk === pk)),
    ms,
  );
  expect(items.map((r) => r.pk)).toEqual(expect.arrayContaining(pks));
  return items;
}

describe("PutBucketNotificationConfiguration with Lambda destinations", () => {
  it("refuses a function that does not exist or whose policy does not let S3 invoke it, as S3 does", async () => {
    const bucket = await newBucket();
    const missing = `arn:aws:lambda:us-east-1:000000000000:function:${uniqueName("absent")}`;
    const put = (arn: string) =>
      s3.send(
        new PutBucketNotificationConfigurationCommand({
          Bucket: bucket,
          NotificationConfiguration: {
            LambdaFunctionConfigurations: [
              { Id: "id123", LambdaFunctionArn: arn, Events: ["s3:ObjectCreated:*"] },
            ],
          },
        }),
      );
    const refusal = async (arn: string) => {
      const err = (await expectS3Error(
        put(arn),
        "InvalidArgument",
        400,
        "Unable to validate the following destination configurations",
      )) as unknown as Record<string, unknown>;
      expect(err.ArgumentName1).toBe(`${arn}, null`);
      expect(err.ArgumentValue1).toBe(`Not authorized to invoke function [${arn}]`);
    };

    await refusal(missing);

    const fn = await deployFunction(lambda, "export const handler = async () => {};\n");
    await refusal(fn.arn);
    // A statement for another bucket does not cover this one.
    await allowS3(lambda, fn.name, uniqueName("other-bucket"));
    await refusal(fn.arn);

    await allowS3(lambda, fn.name, bucket);
    await expect(put(fn.arn)).resolves.toBeDefined();

    // An ARN that is not one is refused before any check, naming the CloudFunction element.
    const err = (await expectS3Error(
      put("not-a-function"),
      "InvalidArgument",
      400,
      "The ARN could not be parsed",
    )) as unknown as Record<string, unknown>;
    expect(err).toMatchObject({ ArgumentName: "CloudFunction", ArgumentValue: "not-a-function" });

    // x-amz-skip-destination-validation stores a configuration without checking it.
    await s3.send(
      new PutBucketNotificationConfigurationCommand({
        Bucket: bucket,
        NotificationConfiguration: {
          LambdaFunctionConfigurations: [
            { Id: "later", LambdaFunctionArn: missing, Events: ["s3:ObjectCreated:*"] },
          ],
        },
        SkipDestinationValidation: true,
      }),
    );
    const got = await s3.send(new GetBucketNotificationConfigurationCommand({ Bucket: bucket }));
    expect(got.LambdaFunctionConfigurations).toEqual([
      { Id: "later", LambdaFunctionArn: missing, Events: ["s3:ObjectCreated:*"] },
    ]);
  });

  it("round-trips the Id, events and filter rules of an accepted configuration", async () => {
    const bucket = await newBucket();
    const fn = await deployFunction(lambda, "export const handler = async () => {};\n");
    await allowS3(lambda, fn.name, bucket);
    const rules = (prefix: string, suffix: string) => ({
      Key: {
        FilterRules: [
          { Name: prefix, Value: "uploads/" },
          { Name: suffix, Value: ".jpg" },
        ],
      },
    });
    const configuration = {
      Id: "thumbnails",
      LambdaFunctionArn: fn.arn,
      Events: ["s3:ObjectCreated:Put" as const, "s3:ObjectRemoved:*" as const],
    };
    await notifyLambda(s3, bucket, [
      { ...configuration, Filter: rules("prefix", "suffix") as LambdaFunctionConfiguration["Filter"] },
    ]);
    const got = await s3.send(new GetBucketNotificationConfigurationCommand({ Bucket: bucket }));
    // S3 writes rule names capitalised.
    expect(got.LambdaFunctionConfigurations).toEqual([
      { ...configuration, Filter: rules("Prefix", "Suffix") },
    ]);
  });

  it("accepts an alias ARN whose alias grants S3, and invokes that alias", async () => {
    const bucket = await newBucket();
    const fn = await recorder();
    await lambda.send(new PublishVersionCommand({ FunctionName: fn.name }));
    await lambda.send(new CreateAliasCommand({ FunctionName: fn.name, Name: "live", FunctionVersion: "1" }));
    const aliasArn = `${fn.arn}:live`;
    const put = () =>
      notifyLambda(s3, bucket, [
        { Id: "via-alias", LambdaFunctionArn: aliasArn, Events: ["s3:ObjectCreated:*"] },
      ]);
    // The unqualified function's statement does not cover the alias.
    await allowS3(lambda, fn.name, bucket);
    await expectS3Error(put(), "InvalidArgument", 400);
    await allowS3(lambda, fn.name, bucket, "live");
    await put();

    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: "a.txt", Body: "a" }));
    await waitForPks(fn.table, ["via-alias ObjectCreated:Put a.txt"]);
  });
});

describe("delivery of object events to Lambda", () => {
  it("invokes the function with S3's event message for each matching configuration", async () => {
    const bucket = await newBucket();
    const fn = await recorder();
    await allowS3(lambda, fn.name, bucket);
    await notifyLambda(s3, bucket, [
      {
        Id: "images",
        LambdaFunctionArn: fn.arn,
        Events: ["s3:ObjectCreated:*"],
        Filter: {
          Key: {
            FilterRules: [
              { Name: "prefix", Value: "in/" },
              { Name: "suffix", Value: ".jpg" },
            ],
          },
        },
      },
      // Configurations for a common event type must not overlap (AWS refuses them): other prefixes.
      {
        Id: "copies",
        LambdaFunctionArn: fn.arn,
        Events: ["s3:ObjectCreated:Copy"],
        Filter: { Key: { FilterRules: [{ Name: "prefix", Value: "copies/" }] } },
      },
      { Id: "removals", LambdaFunctionArn: fn.arn, Events: ["s3:ObjectRemoved:Delete"] },
    ]);

    const key = "in/my photo é+1.jpg";
    const encoded = "in/my+photo+%C3%A9%2B1.jpg";
    const put = await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: "hello world" }));
    // Neither matches "images" (prefix, suffix).
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: "in/cat.png", Body: "x" }));
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: "out/cat.jpg", Body: "x" }));
    // A Put is not a Copy.
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: "copies/put.jpg", Body: "x" }));
    await s3.send(
      new CopyObjectCommand({ Bucket: bucket, Key: "copies/copied.txt", CopySource: `${bucket}/in/cat.png` }),
    );
    await s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: "out/cat.jpg" }));

    const items = await waitForPks(fn.table, [
      `images ObjectCreated:Put ${encoded}`,
      "copies ObjectCreated:Copy copies/copied.txt",
      "removals ObjectRemoved:Delete out/cat.jpg",
    ]);
    // Nothing else: the copy is an ObjectCreated event "images" covers, but its key is not.
    expect(items.map((r) => r.pk).sort()).toEqual([
      "copies ObjectCreated:Copy copies/copied.txt",
      `images ObjectCreated:Put ${encoded}`,
      "removals ObjectRemoved:Delete out/cat.jpg",
    ]);

    const record = items.find((r) => r.pk.startsWith("images"))!.body;
    expect(record).toEqual({
      eventVersion: "2.1",
      eventSource: "aws:s3",
      awsRegion: "us-east-1",
      eventTime: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
      eventName: "ObjectCreated:Put",
      userIdentity: { principalId: expect.stringMatching(/^A[A-Z0-9]{13}$/) },
      requestParameters: { sourceIPAddress: expect.any(String) },
      responseElements: {
        "x-amz-request-id": put.$metadata.requestId,
        "x-amz-id-2": put.$metadata.extendedRequestId,
      },
      s3: {
        s3SchemaVersion: "1.0",
        configurationId: "images",
        bucket: {
          name: bucket,
          ownerIdentity: { principalId: expect.stringMatching(/^A[A-Z0-9]{13}$/) },
          arn: `arn:aws:s3:::${bucket}`,
        },
        object: {
          key: encoded,
          size: 11,
          eTag: put.ETag!.replace(/"/g, ""),
          sequencer: expect.stringMatching(/^[0-9A-F]{16,}$/),
        },
      },
    });

    const removal = items.find((r) => r.pk.startsWith("removals"))!.body as { s3: { object: object } };
    expect(Object.keys(removal.s3.object).sort()).toEqual(["key", "sequencer"]);
  });

  it("does not send s3:TestEvent to the function when the configuration is saved", async () => {
    const bucket = await newBucket();
    const fn = await recorder();
    await allowS3(lambda, fn.name, bucket);
    await notifyLambda(s3, bucket, [
      { Id: "all", LambdaFunctionArn: fn.arn, Events: ["s3:ObjectCreated:*"] },
    ]);
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: "first", Body: "1" }));
    const items = await waitForPks(fn.table, ["all ObjectCreated:Put first"]);
    // AWS sends test messages to SNS and SQS destinations only; for Lambda it checks the policy.
    expect(items.map((r) => r.pk)).toEqual(["all ObjectCreated:Put first"]);
  });

  it("retries an S3-triggered invocation that fails, as Lambda retries Event invocations", async () => {
    const bucket = await newBucket();
    const table = await recorderTable(dynamodb);
    // Fails its first attempt per key (remembered in the table), then records the event.
    const source = `import { DynamoDBClient, PutItemCommand } from "@aws-sdk/client-dynamodb";
const db = new DynamoDBClient({});
export const handler = async (event) => {
  const r = event.Records[0];
  const item = (pk, body) => ({ TableName: process.env.TABLE, Item: { pk: { S: pk }, key: { S: r.s3.object.key }, body: { S: JSON.stringify(body) } } });
  const first = await db
    .send(new PutItemCommand({ ...item("attempt " + r.s3.object.key, {}), ConditionExpression: "attribute_not_exists(pk)" }))
    .then(() => true, (e) => { if (e.name === "ConditionalCheckFailedException") return false; throw e; });
  if (first) throw new Error("first attempt fails");
  await db.send(new PutItemCommand(item("done " + r.s3.object.key, r)));
};
`;
    const fn = await deployFunction(lambda, source, { Environment: { Variables: { TABLE: table } } });
    await allowS3(lambda, fn.name, bucket);
    await notifyLambda(s3, bucket, [
      { Id: "retried", LambdaFunctionArn: fn.arn, Events: ["s3:ObjectCreated:*"] },
    ]);
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: "flaky.txt", Body: "x" }));
    const items = await waitForPks(table, ["attempt flaky.txt", "done flaky.txt"]);
    expect(items.find((r) => r.pk === "done flaky.txt")!.body).toMatchObject({
      s3: { configurationId: "retried" },
    });
  });

  it("processes each of 200 concurrently uploaded objects, writing a DynamoDB item per key within 30 s", async () => {
    const bucket = await newBucket();
    const fn = await recorder();
    await allowS3(lambda, fn.name, bucket);
    await notifyLambda(s3, bucket, [
      { Id: "batch", LambdaFunctionArn: fn.arn, Events: ["s3:ObjectCreated:*"] },
    ]);

    const keys = Array.from({ length: 200 }, (_, i) => `batch/${String(i).padStart(3, "0")}.txt`);
    await Promise.all(keys.map((Key) => s3.send(new PutObjectCommand({ Bucket: bucket, Key, Body: Key }))));

    // Delivery is at least once: count distinct keys.
    const distinct = (items: Recorded[]) => new Set(items.map((r) => r.key));
    const items = await pollUntil(
      () => recorded(dynamodb, fn.table),
      (all) => distinct(all).size >= keys.length,
      30_000,
    );
    expect([...distinct(items)].sort()).toEqual(keys);
  });
});
