import { CloudWatchLogsClient, FilterLogEventsCommand } from "@aws-sdk/client-cloudwatch-logs";
import { CreateTableCommand, DynamoDBClient, GetItemCommand } from "@aws-sdk/client-dynamodb";
import {
  CreateFunctionCommand,
  type CreateFunctionCommandInput,
  InvokeCommand,
  type InvokeCommandOutput,
  waitUntilFunctionActiveV2,
} from "@aws-sdk/client-lambda";
import { CreateBucketCommand, PutObjectCommand } from "@aws-sdk/client-s3";
import { afterAll, describe, expect, it } from "vitest";
import { clientConfig, s3Client, uniqueName } from "./support/clients.ts";
import { eventually, lambdaClient, TEST_ROLE, zipOf } from "./support/lambda.ts";

/*
 * Issue 3's acceptance items 2 and 4, through the Lambda Invoke API of the shared
 * emulator process: functions run in worker processes with the real AWS SDK.
 */

const lambda = lambdaClient();
const s3 = s3Client();
const dynamodb = new DynamoDBClient(clientConfig());
const logs = new CloudWatchLogsClient(clientConfig());
afterAll(() => {
  for (const client of [lambda, s3, dynamodb, logs]) client.destroy();
});

async function deploy(source: string, options: Partial<CreateFunctionCommandInput> = {}): Promise<string> {
  const name = uniqueName("invoke");
  await lambda.send(
    new CreateFunctionCommand({
      FunctionName: name,
      Runtime: "nodejs22.x",
      Role: TEST_ROLE,
      Handler: "index.handler",
      Code: { ZipFile: zipOf({ "index.mjs": source }) },
      ...options,
    }),
  );
  await waitUntilFunctionActiveV2({ client: lambda, maxWaitTime: 30 }, { FunctionName: name });
  return name;
}

function payloadOf(out: InvokeCommandOutput): Record<string, unknown> {
  return JSON.parse(Buffer.from(out.Payload ?? new Uint8Array()).toString("utf8")) as Record<string, unknown>;
}

function tailOf(out: InvokeCommandOutput): string {
  return Buffer.from(out.LogResult ?? "", "base64").toString("utf8");
}

function invoke(name: string, event: unknown, tail = true): Promise<InvokeCommandOutput> {
  return lambda.send(
    new InvokeCommand({
      FunctionName: name,
      Payload: Buffer.from(JSON.stringify(event)),
      ...(tail ? { LogType: "Tail" } : {}),
    }),
  );
}

describe("a function using the AWS SDK with no endpoint configuration", () => {
  it("reads an S3 object and writes a DynamoDB item through the emulator", async () => {
    const bucket = uniqueName("invoke-src");
    const table = uniqueName("invoke-items");
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: "in/greeting.txt", Body: "hello from S3" }));
    await dynamodb.send(
      new CreateTableCommand({
        TableName: table,
        AttributeDefinitions: [{ AttributeName: "id", AttributeType: "S" }],
        KeySchema: [{ AttributeName: "id", KeyType: "HASH" }],
        BillingMode: "PAY_PER_REQUEST",
      }),
    );
    const name = await deploy(
      `import { S3Client, GetObjectCommand } from "@aws-sdk/client-s3";
import { DynamoDBClient, PutItemCommand } from "@aws-sdk/client-dynamodb";
const s3 = new S3Client({});
const db = new DynamoDBClient({});
export const handler = async (event) => {
  const object = await s3.send(new GetObjectCommand({ Bucket: event.bucket, Key: event.key }));
  const text = await object.Body.transformToString();
  await db.send(new PutItemCommand({
    TableName: process.env.TABLE,
    Item: { id: { S: event.key }, text: { S: text }, region: { S: process.env.AWS_REGION } },
  }));
  return { length: text.length };
};
`,
      { Environment: { Variables: { TABLE: table } } },
    );

    const out = await invoke(name, { bucket, key: "in/greeting.txt" });
    expect(out.FunctionError, tailOf(out)).toBeUndefined();
    expect(payloadOf(out)).toEqual({ length: "hello from S3".length });
    const item = await dynamodb.send(
      new GetItemCommand({ TableName: table, Key: { id: { S: "in/greeting.txt" } } }),
    );
    expect(item.Item).toEqual({
      id: { S: "in/greeting.txt" },
      text: { S: "hello from S3" },
      region: { S: "us-east-1" },
    });
  });
});

describe("failures come back as AWS reports them", () => {
  it("a thrown error is Unhandled, with errorType, errorMessage and trace", async () => {
    const name = await deploy(
      `class ImageRejected extends Error { constructor(m) { super(m); this.name = "ImageRejected"; } }
export const handler = async () => { throw new ImageRejected("not an image"); };
`,
    );
    const out = await invoke(name, {});
    expect(out.StatusCode).toBe(200);
    expect(out.FunctionError).toBe("Unhandled");
    const payload = payloadOf(out);
    expect(payload.errorType).toBe("ImageRejected");
    expect(payload.errorMessage).toBe("not an image");
    expect(Array.isArray(payload.trace)).toBe(true);
    expect((payload.trace as string[])[0]).toContain("ImageRejected: not an image");
    expect(tailOf(out)).toMatch(/\tERROR\tInvoke Error \t/);
  });

  it("a handler that sleeps past its timeout is stopped with 'Task timed out'", async () => {
    const name = await deploy(
      `export const handler = async () => { await new Promise((r) => setTimeout(r, 10_000)); return "late"; };\n`,
      { Timeout: 1 },
    );
    const out = await invoke(name, {});
    expect(out.FunctionError).toBe("Unhandled");
    const payload = payloadOf(out);
    expect(payload.errorType).toBe("Sandbox.Timedout");
    expect(payload.errorMessage).toMatch(
      /^RequestId: [0-9a-f-]{36} Error: Task timed out after 1\.00 seconds$/,
    );
    const tail = tailOf(out);
    expect(tail).toMatch(/REPORT RequestId: [0-9a-f-]{36}\tDuration: 10\d\d\.\d\d ms\t.*\tStatus: timeout/);
  });

  it("a handler that allocates past its memory fails with Runtime.OutOfMemory", async () => {
    const name = await deploy(
      `const hoard = [];
export const handler = async () => {
  for (;;) hoard.push(new Array(1 << 20).fill(hoard.length));
};
`,
      { MemorySize: 128, Timeout: 30 },
    );
    const out = await invoke(name, {});
    expect(out.FunctionError).toBe("Unhandled");
    const payload = payloadOf(out);
    expect(payload.errorType).toBe("Runtime.OutOfMemory");
    expect(payload.errorMessage).toMatch(/Error: Runtime exited with error: signal: killed$/);
    expect(tailOf(out)).toMatch(
      /REPORT RequestId: .*\tMemory Size: 128 MB\t.*\tStatus: error\tError Type: Runtime\.OutOfMemory/,
    );
  });

  it("an asynchronous invocation that keeps failing runs three times, then is recorded as failed", async () => {
    const name = await deploy(
      `export const handler = async (event) => { throw new Error("always " + event.n); };\n`,
    );
    const accepted = await lambda.send(
      new InvokeCommand({ FunctionName: name, InvocationType: "Event", Payload: Buffer.from('{"n":7}') }),
    );
    expect(accepted.StatusCode).toBe(202);
    const requestId = accepted.$metadata.requestId;
    expect(requestId).toMatch(/^[0-9a-f-]{36}$/);

    // Retries wait DARKROOM_LAMBDA_RETRY_BASE_MS, then twice that (AWS: one, then two minutes).
    const failed = await eventually(async () => {
      const res = await fetch(`${clientConfig().endpoint}/_darkroom/lambda/failed-events?function=${name}`);
      const events = (await res.json()) as Array<Record<string, unknown>>;
      expect(events).toHaveLength(1);
      return events[0];
    }, 20_000);
    expect(failed).toMatchObject({
      id: requestId,
      functionName: name,
      condition: "RetriesExhausted",
      attempts: 3,
      errorType: "Error",
      errorMessage: "always 7",
      payload: '{"n":7}',
    });

    const starts = await logs.send(
      new FilterLogEventsCommand({
        logGroupName: `/aws/lambda/${name}`,
        filterPattern: `"START RequestId: ${requestId}"`,
      }),
    );
    expect(starts.events).toHaveLength(3);
  });
});
