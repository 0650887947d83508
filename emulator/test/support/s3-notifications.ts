import { randomUUID } from "node:crypto";
import { type DynamoDBClient, paginateScan } from "@aws-sdk/client-dynamodb";
import {
  AddPermissionCommand,
  CreateFunctionCommand,
  type CreateFunctionCommandInput,
  type LambdaClient,
  waitUntilFunctionActiveV2,
} from "@aws-sdk/client-lambda";
import {
  type LambdaFunctionConfiguration,
  PutBucketNotificationConfigurationCommand,
  type S3Client,
} from "@aws-sdk/client-s3";
import { uniqueName } from "./clients.ts";
import { createTable } from "./dynamodb-client.ts";
import { TEST_ROLE, zipOf } from "./lambda.ts";

/**
 * A function that writes every S3 record it gets to the DynamoDB table named by TABLE,
 * one item per configuration, event and key (pk), with the record as JSON. Anything that
 * is not an S3 event message (an s3:TestEvent) is written too, under its own pk.
 * `delayMs` makes it sleep first, so a test can kill the emulator while it runs.
 */
export function recorderSource(delayMs = 0): string {
  return `import { DynamoDBClient, PutItemCommand } from "@aws-sdk/client-dynamodb";
const db = new DynamoDBClient({});
export const handler = async (event) => {
  if (${delayMs} > 0) await new Promise((r) => setTimeout(r, ${delayMs}));
  const put = (pk, key, body) =>
    db.send(new PutItemCommand({ TableName: process.env.TABLE, Item: { pk: { S: pk }, key: { S: key }, body: { S: JSON.stringify(body) } } }));
  if (!Array.isArray(event.Records)) return put("other " + Date.now() + " " + Math.random(), "", event);
  for (const r of event.Records) await put(r.s3.configurationId + " " + r.eventName + " " + r.s3.object.key, r.s3.object.key, r);
};
`;
}

/** What the recorder wrote: pk → parsed body. */
export interface Recorded {
  pk: string;
  key: string;
  body: Record<string, unknown>;
}

export async function recorderTable(dynamodb: DynamoDBClient): Promise<string> {
  const table = uniqueName("s3-events");
  await createTable(dynamodb, {
    TableName: table,
    AttributeDefinitions: [{ AttributeName: "pk", AttributeType: "S" }],
    KeySchema: [{ AttributeName: "pk", KeyType: "HASH" }],
  });
  return table;
}

export async function recorded(dynamodb: DynamoDBClient, table: string): Promise<Recorded[]> {
  const out: Recorded[] = [];
  for await (const page of paginateScan({ client: dynamodb }, { TableName: table, ConsistentRead: true })) {
    for (const item of page.Items ?? []) {
      out.push({
        pk: item.pk!.S!,
        key: item.key!.S!,
        body: JSON.parse(item.body!.S!) as Record<string, unknown>,
      });
    }
  }
  return out;
}

/** Deploys a Node function from one module and waits until it is Active; returns its name and ARN. */
export async function deployFunction(
  lambda: LambdaClient,
  source: string,
  options: Partial<CreateFunctionCommandInput> = {},
): Promise<{ name: string; arn: string }> {
  const name = uniqueName("s3-notified");
  const created = await lambda.send(
    new CreateFunctionCommand({
      FunctionName: name,
      Runtime: "nodejs22.x",
      Role: TEST_ROLE,
      Handler: "index.handler",
      Code: { ZipFile: zipOf({ "index.mjs": source }) },
      Timeout: 30,
      ...options,
    }),
  );
  await waitUntilFunctionActiveV2({ client: lambda, maxWaitTime: 30 }, { FunctionName: name });
  return { name, arn: created.FunctionArn! };
}

/** The resource-policy statement S3 needs: principal s3.amazonaws.com, for this bucket. */
export async function allowS3(
  lambda: LambdaClient,
  functionName: string,
  bucket: string,
  qualifier?: string,
): Promise<void> {
  await lambda.send(
    new AddPermissionCommand({
      FunctionName: functionName,
      StatementId: `s3-${randomUUID()}`,
      Action: "lambda:InvokeFunction",
      Principal: "s3.amazonaws.com",
      SourceArn: `arn:aws:s3:::${bucket}`,
      SourceAccount: "000000000000",
      ...(qualifier !== undefined ? { Qualifier: qualifier } : {}),
    }),
  );
}

export async function notifyLambda(
  s3: S3Client,
  bucket: string,
  configurations: LambdaFunctionConfiguration[],
): Promise<void> {
  await s3.send(
    new PutBucketNotificationConfigurationCommand({
      Bucket: bucket,
      NotificationConfiguration: { LambdaFunctionConfigurations: configurations },
    }),
  );
}

/** Polls `read` until `done` holds of its result, or `ms` pass; returns the last result either way. */
export async function pollUntil<T>(
  read: () => Promise<T>,
  done: (value: T) => boolean,
  ms: number,
): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((r) => setTimeout(r, 100));
  }
}
