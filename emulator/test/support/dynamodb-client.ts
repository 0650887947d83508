import {
  CreateTableCommand,
  type CreateTableCommandInput,
  DescribeTableCommand,
  DynamoDBClient,
  type DynamoDBClientConfig,
  type TableDescription,
} from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { clientConfig, emulatorUrl, uniqueName } from "./clients.ts";
import { signedFetch } from "./signed-request.ts";

export function dynamoClient(endpoint = emulatorUrl(), options: DynamoDBClientConfig = {}): DynamoDBClient {
  return new DynamoDBClient({ ...clientConfig(endpoint), ...options });
}

/** The document client: plain JavaScript values instead of AttributeValues. */
export function documentClient(client: DynamoDBClient): DynamoDBDocumentClient {
  return DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
}

/** A table name no other test uses. */
export function tableName(prefix = "table"): string {
  return uniqueName(prefix);
}

/** Polls DescribeTable until the table and every GSI are ACTIVE (the SDK's waiter sleeps 20 s between polls). */
export async function waitForActive(
  client: DynamoDBClient,
  name: string,
  timeoutMs = 10_000,
): Promise<TableDescription> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { Table } = await client.send(new DescribeTableCommand({ TableName: name }));
    const ready =
      Table?.TableStatus === "ACTIVE" &&
      (Table.GlobalSecondaryIndexes ?? []).every((g) => g.IndexStatus === "ACTIVE");
    if (ready) return Table!;
    if (Date.now() > deadline)
      throw new Error(`table ${name} is still ${Table?.TableStatus} after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** Creates a table and waits until it is ACTIVE. */
export async function createTable(
  client: DynamoDBClient,
  input: Omit<CreateTableCommandInput, "TableName"> & { TableName?: string },
): Promise<TableDescription> {
  const name = input.TableName ?? tableName();
  await client.send(new CreateTableCommand({ BillingMode: "PAY_PER_REQUEST", ...input, TableName: name }));
  return waitForActive(client, name);
}

/** A PAY_PER_REQUEST table keyed by pk (S) and sk (S), with nothing else. */
export function simpleTable(name = tableName()): CreateTableCommandInput {
  return {
    TableName: name,
    BillingMode: "PAY_PER_REQUEST",
    AttributeDefinitions: [
      { AttributeName: "pk", AttributeType: "S" },
      { AttributeName: "sk", AttributeType: "S" },
    ],
    KeySchema: [
      { AttributeName: "pk", KeyType: "HASH" },
      { AttributeName: "sk", KeyType: "RANGE" },
    ],
  };
}

export interface RawAnswer {
  status: number;
  headers: Headers;
  text: string;
  json: Record<string, unknown>;
}

/**
 * A signed DynamoDB call made by hand, to see the exact bytes the SDK would hide (error __type,
 * headers). `operation` is a DynamoDB operation, or a whole X-Amz-Target when it has a dot.
 */
export async function rawDynamo(
  operation: string,
  body: unknown,
  endpoint = emulatorUrl(),
): Promise<RawAnswer> {
  const payload = typeof body === "string" ? body : JSON.stringify(body);
  const res = await signedFetch({
    service: "dynamodb",
    url: endpoint,
    headers: {
      "content-type": "application/x-amz-json-1.0",
      "x-amz-target": operation.includes(".") ? operation : `DynamoDB_20120810.${operation}`,
    },
    body: payload,
  });
  const text = await res.text();
  return {
    status: res.status,
    headers: res.headers,
    text,
    json: JSON.parse(text) as Record<string, unknown>,
  };
}
