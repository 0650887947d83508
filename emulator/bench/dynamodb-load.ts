import {
  CreateTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  PutItemCommand,
  QueryCommand,
} from "@aws-sdk/client-dynamodb";
import { noRetryClientConfig } from "./client-config.ts";

export const TABLE = "bench";
/** Items live in PARTITIONS partition keys of PER_PARTITION sort keys each; Puts overwrite them. */
export const PARTITIONS = 64;
export const PER_PARTITION = 16;
export const KEYSPACE = PARTITIONS * PER_PARTITION;
const ACTIVE_WITHIN_MS = 10_000;
const PAYLOAD = "x".repeat(128);

/** The same client configuration for every target; no retries, so a failure is seen. */
export function dynamoClient(endpoint: string): DynamoDBClient {
  return new DynamoDBClient(noRetryClientConfig(endpoint));
}

/** A pk (S) + sk (N) table, on demand, once ACTIVE. */
export async function createTable(client: DynamoDBClient): Promise<void> {
  await client.send(
    new CreateTableCommand({
      TableName: TABLE,
      AttributeDefinitions: [
        { AttributeName: "pk", AttributeType: "S" },
        { AttributeName: "sk", AttributeType: "N" },
      ],
      KeySchema: [
        { AttributeName: "pk", KeyType: "HASH" },
        { AttributeName: "sk", KeyType: "RANGE" },
      ],
      BillingMode: "PAY_PER_REQUEST",
    }),
  );
  const deadline = Date.now() + ACTIVE_WITHIN_MS;
  for (;;) {
    const { Table } = await client.send(new DescribeTableCommand({ TableName: TABLE }));
    if (Table?.TableStatus === "ACTIVE") return;
    if (Date.now() > deadline) throw new Error(`table ${TABLE} is still ${Table?.TableStatus}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

const partitionOf = (i: number) => `user-${i % PARTITIONS}`;

/** Item `i` of the keyspace: about 200 bytes in five attributes. */
export async function putItem(client: DynamoDBClient, i: number): Promise<void> {
  await client.send(
    new PutItemCommand({
      TableName: TABLE,
      Item: {
        pk: { S: partitionOf(i) },
        sk: { N: String(Math.floor(i / PARTITIONS) % PER_PARTITION) },
        name: { S: `item ${i}` },
        count: { N: String(i) },
        payload: { S: PAYLOAD },
      },
    }),
  );
}

/** All PER_PARTITION items of one partition; throws if any is missing (a broken peer is not timed). */
export async function queryPartition(client: DynamoDBClient, i: number): Promise<void> {
  const out = await client.send(
    new QueryCommand({
      TableName: TABLE,
      KeyConditionExpression: "pk = :pk",
      ExpressionAttributeValues: { ":pk": { S: partitionOf(i) } },
    }),
  );
  if (out.Count !== PER_PARTITION) throw new Error(`Query ${partitionOf(i)} found ${out.Count} items`);
}
