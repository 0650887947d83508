import { randomBytes } from "node:crypto";
import { CreateTableCommand, DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { CreateBucketCommand, S3Client } from "@aws-sdk/client-s3";
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { imageTableCreateInput } from "@darkroom/image-record";
import { type RunningEmulator, startEmulator } from "../../../../emulator/src/index.ts";

const CREDENTIALS = { accessKeyId: "test", secretAccessKey: "test" };
const REGION = "us-east-1";

/** An in-process emulator and SDK clients for setting up and checking what the API did. */
export interface EmulatorStack {
  emulator: RunningEmulator;
  s3: S3Client;
  dynamo: DynamoDBClient;
  db: DynamoDBDocumentClient;
  /** The environment the factory (aws-clients) reads to reach this emulator. */
  awsEnv: Record<string, string>;
  stop(): Promise<void>;
}

export async function startEmulatorStack(): Promise<EmulatorStack> {
  const emulator = await startEmulator({ port: 0, persist: false });
  const config = { endpoint: emulator.url, region: REGION, credentials: CREDENTIALS };
  const s3 = new S3Client({ ...config, forcePathStyle: true });
  const dynamo = new DynamoDBClient(config);
  const db = DynamoDBDocumentClient.from(dynamo);
  return {
    emulator,
    s3,
    dynamo,
    db,
    awsEnv: {
      AWS_ENDPOINT_URL: emulator.url,
      AWS_REGION: REGION,
      AWS_ACCESS_KEY_ID: CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: CREDENTIALS.secretAccessKey,
    },
    async stop() {
      s3.destroy();
      dynamo.destroy();
      await emulator.stop();
    },
  };
}

/** A name no other resource of this run uses. */
export function uniqueName(prefix: string): string {
  return `${prefix}-${randomBytes(4).toString("hex")}`;
}

/** The API's resources: two buckets and the image table as the infrastructure lays it out. */
export async function createApiResources(stack: EmulatorStack, prefix: string) {
  const names = {
    uploadsBucket: uniqueName(`${prefix}-uploads`),
    mediaBucket: uniqueName(`${prefix}-media`),
    imagesTable: uniqueName(`${prefix}-images`),
  };
  await stack.s3.send(new CreateBucketCommand({ Bucket: names.uploadsBucket }));
  await stack.s3.send(new CreateBucketCommand({ Bucket: names.mediaBucket }));
  await stack.db.send(new CreateTableCommand(imageTableCreateInput(names.imagesTable)));
  return names;
}
