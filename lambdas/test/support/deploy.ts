import { randomBytes } from "node:crypto";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { CreateTableCommand, DynamoDBClient, waitUntilTableExists } from "@aws-sdk/client-dynamodb";
import { CreateRoleCommand, IAMClient, PutRolePolicyCommand } from "@aws-sdk/client-iam";
import {
  AddPermissionCommand,
  CreateFunctionCommand,
  CreateFunctionUrlConfigCommand,
  LambdaClient,
  waitUntilFunctionActiveV2,
} from "@aws-sdk/client-lambda";
import {
  CreateBucketCommand,
  PutBucketCorsCommand,
  PutBucketNotificationConfigurationCommand,
  PutBucketVersioningCommand,
  S3Client,
} from "@aws-sdk/client-s3";
import { imageTableCreateInput, UPLOAD_PREFIX } from "@darkroom/image-record";
import { type BuiltFunction, buildManifestSchema, MANIFEST_FILE } from "../../build/manifest.ts";
import { DEFAULT_DIST_DIR } from "../../build/repo-paths.ts";
import { emulatorClient } from "./emulator-clients.ts";
import { executionPolicy, LAMBDA_TRUST_POLICY } from "./execution-role.ts";
import { apiEnvironment, processorEnvironment, type StackResources } from "./function-environment.ts";

export interface DeployOptions {
  /** Where the zips and manifest.json are; lambdas/dist by default. */
  distDir?: string;
  /** Keeps every version of the variants, so a test can see whether one was written twice. */
  versionedMedia?: boolean;
}

export interface DeployedFunction {
  name: string;
  arn: string;
}

export interface Deployment extends StackResources {
  endpoint: string;
  roleArn: string;
  processor: DeployedFunction;
  api: DeployedFunction & {
    /** As CreateFunctionUrlConfig returns it: http://<url-id>.lambda-url.<region>.localhost:<port>/ */
    functionUrl: string;
    /** The same URL in the emulator's path form, which needs no *.localhost resolution. */
    url: string;
  };
}

/** Processor: sharp on images up to 100 MP wants memory and time; the API answers in milliseconds. */
const PROCESSOR_SETTINGS = { MemorySize: 1536, Timeout: 60 };
const API_SETTINGS = { MemorySize: 256, Timeout: 10 };
/** The SDK's waiters first poll after 1–20 s, sized for AWS; the emulator is ready in milliseconds. */
const QUICK_WAITER = { minDelay: 0.1, maxDelay: 1 };

/**
 * Deploys Darkroom's two functions from the built zips into the emulator at `endpoint`, as the
 * infrastructure will on AWS: the uploads bucket (CORS for browser POSTs) notifying the
 * processor of new objects under uploads/, the media bucket, the images table, one execution
 * role, and the API behind a function URL without auth. Every name is new, so tests sharing one
 * emulator do not see each other's images.
 */
export async function deployDarkroom(endpoint: string, options: DeployOptions = {}): Promise<Deployment> {
  const manifest = buildManifestSchema.parse(
    JSON.parse(await readFile(join(options.distDir ?? DEFAULT_DIST_DIR, MANIFEST_FILE), "utf8")),
  );
  const built = (name: string): BuiltFunction => {
    const fn = manifest[name];
    if (!fn) throw new Error(`${MANIFEST_FILE} has no "${name}": run npm run build:lambdas`);
    return fn;
  };
  const stack = `darkroom-${randomBytes(4).toString("hex")}`;
  const resources: StackResources = {
    uploadsBucket: `${stack}-uploads`,
    mediaBucket: `${stack}-media`,
    imagesTable: `${stack}-images`,
  };
  const s3 = emulatorClient(S3Client, endpoint);
  const dynamodb = emulatorClient(DynamoDBClient, endpoint);
  const iam = emulatorClient(IAMClient, endpoint);
  const lambda = emulatorClient(LambdaClient, endpoint);

  await createBuckets(s3, resources, options.versionedMedia ?? false);
  const tableArn = await createTable(dynamodb, resources.imagesTable);
  const role = await iam.send(
    new CreateRoleCommand({ RoleName: `${stack}-lambda`, AssumeRolePolicyDocument: LAMBDA_TRUST_POLICY }),
  );
  await iam.send(
    new PutRolePolicyCommand({
      RoleName: `${stack}-lambda`,
      PolicyName: "darkroom-functions",
      PolicyDocument: executionPolicy({ ...resources, tableArn }),
    }),
  );
  const roleArn = role.Role!.Arn!;
  const distDir = options.distDir ?? DEFAULT_DIST_DIR;
  const createFunction = async (
    name: string,
    fn: BuiltFunction,
    settings: { MemorySize: number; Timeout: number },
    environment: Record<string, string>,
  ): Promise<DeployedFunction> => {
    const created = await lambda.send(
      new CreateFunctionCommand({
        FunctionName: name,
        Runtime: fn.runtime,
        Handler: fn.handler,
        Architectures: [fn.architecture],
        Role: roleArn,
        Code: { ZipFile: await readFile(join(distDir, fn.file)) },
        Environment: { Variables: environment },
        ...settings,
      }),
    );
    await waitUntilFunctionActiveV2(
      { client: lambda, maxWaitTime: 60, ...QUICK_WAITER },
      { FunctionName: name },
    );
    return { name, arn: created.FunctionArn! };
  };
  const processor = await createFunction(
    `${stack}-processor`,
    built("processor"),
    PROCESSOR_SETTINGS,
    processorEnvironment(resources),
  );
  const api = await createFunction(`${stack}-api`, built("api"), API_SETTINGS, apiEnvironment(resources));

  await triggerOnUpload(s3, lambda, resources.uploadsBucket, processor);
  const functionUrl = await publishUrl(lambda, api.name);
  const urlId = new URL(functionUrl).hostname.split(".")[0]!;
  return {
    endpoint,
    ...resources,
    roleArn,
    processor,
    api: { ...api, functionUrl, url: `${endpoint}/_lambda-url/${urlId}/` },
  };
}

async function createBuckets(
  s3: S3Client,
  resources: StackResources,
  versionedMedia: boolean,
): Promise<void> {
  await s3.send(new CreateBucketCommand({ Bucket: resources.uploadsBucket }));
  await s3.send(new CreateBucketCommand({ Bucket: resources.mediaBucket }));
  // Browsers POST the presigned form straight to the uploads bucket and read variants by URL.
  await s3.send(
    new PutBucketCorsCommand({
      Bucket: resources.uploadsBucket,
      CORSConfiguration: {
        CORSRules: [
          { AllowedMethods: ["POST"], AllowedOrigins: ["*"], AllowedHeaders: ["*"], ExposeHeaders: ["ETag"] },
        ],
      },
    }),
  );
  await s3.send(
    new PutBucketCorsCommand({
      Bucket: resources.mediaBucket,
      CORSConfiguration: { CORSRules: [{ AllowedMethods: ["GET", "HEAD"], AllowedOrigins: ["*"] }] },
    }),
  );
  if (versionedMedia) {
    await s3.send(
      new PutBucketVersioningCommand({
        Bucket: resources.mediaBucket,
        VersioningConfiguration: { Status: "Enabled" },
      }),
    );
  }
}

/** The table as IMAGE_TABLE_LAYOUT describes it, on demand. */
async function createTable(dynamodb: DynamoDBClient, tableName: string): Promise<string> {
  const created = await dynamodb.send(new CreateTableCommand(imageTableCreateInput(tableName)));
  await waitUntilTableExists(
    { client: dynamodb, maxWaitTime: 30, ...QUICK_WAITER },
    { TableName: tableName },
  );
  return created.TableDescription!.TableArn!;
}

/** S3 may invoke the processor for this bucket only, and does for objects created under uploads/. */
async function triggerOnUpload(
  s3: S3Client,
  lambda: LambdaClient,
  bucket: string,
  processor: DeployedFunction,
): Promise<void> {
  await lambda.send(
    new AddPermissionCommand({
      FunctionName: processor.name,
      StatementId: "s3-uploads",
      Action: "lambda:InvokeFunction",
      Principal: "s3.amazonaws.com",
      SourceArn: `arn:aws:s3:::${bucket}`,
    }),
  );
  await s3.send(
    new PutBucketNotificationConfigurationCommand({
      Bucket: bucket,
      NotificationConfiguration: {
        LambdaFunctionConfigurations: [
          {
            Id: "process-uploads",
            LambdaFunctionArn: processor.arn,
            Events: ["s3:ObjectCreated:*"],
            Filter: { Key: { FilterRules: [{ Name: "prefix", Value: UPLOAD_PREFIX }] } },
          },
        ],
      },
    }),
  );
}

/** A public URL (AuthType NONE, and the permission AWS requires for it) with CORS for the console. */
async function publishUrl(lambda: LambdaClient, functionName: string): Promise<string> {
  await lambda.send(
    new AddPermissionCommand({
      FunctionName: functionName,
      StatementId: "public-url",
      Action: "lambda:InvokeFunctionUrl",
      Principal: "*",
      FunctionUrlAuthType: "NONE",
    }),
  );
  const config = await lambda.send(
    new CreateFunctionUrlConfigCommand({
      FunctionName: functionName,
      AuthType: "NONE",
      Cors: {
        AllowOrigins: ["*"],
        AllowMethods: ["GET", "POST"],
        AllowHeaders: ["content-type"],
        MaxAge: 300,
      },
    }),
  );
  return config.FunctionUrl!;
}
