import { randomBytes } from "node:crypto";
import { CreateTableCommand, DescribeTableCommand, DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { RekognitionClient } from "@aws-sdk/client-rekognition";
import { CreateBucketCommand, S3Client } from "@aws-sdk/client-s3";
import { awsClient, type EndpointSettings } from "@darkroom/aws-clients";
import { imageTableCreateInput } from "@darkroom/image-record";
import { inject } from "vitest";

/**
 * Clients for the emulator the test run started (emulator/test/global-setup.ts), made by
 * awsClient; other `credentials` make clients the emulator refuses.
 */
export function emulatorClients(credentials = { accessKeyId: "test", secretAccessKey: "test" }) {
  const settings: EndpointSettings = {
    region: "us-east-1",
    endpoint: inject("emulatorUrl"),
    s3PathStyle: true,
  };
  return {
    s3: awsClient(S3Client, { credentials }, settings),
    dynamodb: awsClient(DynamoDBClient, { credentials }, settings),
    rekognition: awsClient(RekognitionClient, { credentials, maxAttempts: 1 }, settings),
  };
}

export function uniqueName(prefix: string): string {
  return `${prefix}-${randomBytes(4).toString("hex")}`;
}

export async function createBucket(s3: S3Client, prefix: string): Promise<string> {
  const name = uniqueName(prefix);
  await s3.send(new CreateBucketCommand({ Bucket: name }));
  return name;
}

/** The image table as the infrastructure creates it, from image-record's IMAGE_TABLE_LAYOUT. */
export async function createImageTable(dynamodb: DynamoDBClient): Promise<string> {
  const name = uniqueName("images");
  await dynamodb.send(new CreateTableCommand(imageTableCreateInput(name)));
  for (let i = 0; i < 100; i++) {
    const { Table } = await dynamodb.send(new DescribeTableCommand({ TableName: name }));
    if (Table?.TableStatus === "ACTIVE") return name;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`table ${name} did not become ACTIVE`);
}
