import { CloudWatchClient } from "@aws-sdk/client-cloudwatch";
import { CloudWatchLogsClient } from "@aws-sdk/client-cloudwatch-logs";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { LambdaClient } from "@aws-sdk/client-lambda";
import { S3Client } from "@aws-sdk/client-s3";
import { SNSClient } from "@aws-sdk/client-sns";
import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { awsClient } from "@darkroom/aws-clients";
import { imageTableClient } from "@darkroom/image-record/dynamodb";
import type { AdminSettings } from "../settings/admin-settings.ts";

/** The SDK clients of the active target, made once by the shared factory; only repositories use them. */
export interface AwsClients {
  s3: S3Client;
  /** Items as plain JS values; the plain client below is for table-level calls. */
  dynamodb: DynamoDBDocumentClient;
  dynamodbTables: DynamoDBClient;
  cloudwatch: CloudWatchClient;
  logs: CloudWatchLogsClient;
  sns: SNSClient;
  lambda: LambdaClient;
}

export function awsClients(settings: Pick<AdminSettings, "endpoint" | "localCredentials">): AwsClients {
  const overrides = settings.localCredentials ? { credentials: settings.localCredentials } : {};
  const make = <C, Config extends object>(Client: new (config: Config) => C) =>
    awsClient(Client, overrides as Partial<Config>, settings.endpoint);
  const dynamodbTables = make(DynamoDBClient);
  return {
    // The emulator's URL is also the browsers': presigned URLs from this client work for both.
    s3: make(S3Client),
    dynamodb: imageTableClient(dynamodbTables),
    dynamodbTables,
    cloudwatch: make(CloudWatchClient),
    logs: make(CloudWatchLogsClient),
    sns: make(SNSClient),
    lambda: make(LambdaClient),
  };
}

export function destroyAwsClients(clients: AwsClients): void {
  // The document client shares dynamodbTables' handler: destroying that one covers both.
  const { dynamodb: _, ...owned } = clients;
  for (const client of Object.values(owned)) client.destroy();
}
