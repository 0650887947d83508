import { DescribeTableCommand, DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { GetFunctionCommand, LambdaClient } from "@aws-sdk/client-lambda";
import { HeadBucketCommand, S3Client } from "@aws-sdk/client-s3";
import { awsClient, type EndpointSettings } from "@darkroom/aws-clients";
import type { StackOutputs } from "./stack-outputs.ts";

/** The key pair every local target accepts (the provider uses the same, see provider.ts). */
const LOCAL_KEYS = { accessKeyId: "test", secretAccessKey: "test" };

/**
 * Whether what the last apply created still answers on a local endpoint: both buckets, the
 * table and both functions. Returns what is missing, or an empty list. A state folder wiped
 * by hand, or an emulator started elsewhere, shows up here and sends the deploy to Terraform.
 */
export async function missingResources(outputs: StackOutputs, settings: EndpointSettings): Promise<string[]> {
  const overrides = { credentials: LOCAL_KEYS, maxAttempts: 1 };
  const s3 = awsClient(S3Client, overrides, settings);
  const dynamodb = awsClient(DynamoDBClient, overrides, settings);
  const lambda = awsClient(LambdaClient, overrides, settings);
  const checks: [string, () => Promise<unknown>][] = [
    [
      `bucket ${outputs.uploads_bucket}`,
      () => s3.send(new HeadBucketCommand({ Bucket: outputs.uploads_bucket })),
    ],
    [
      `bucket ${outputs.media_bucket}`,
      () => s3.send(new HeadBucketCommand({ Bucket: outputs.media_bucket })),
    ],
    [
      `table ${outputs.images_table}`,
      () => dynamodb.send(new DescribeTableCommand({ TableName: outputs.images_table })),
    ],
    [
      `function ${outputs.processor_function}`,
      () => lambda.send(new GetFunctionCommand({ FunctionName: outputs.processor_function })),
    ],
    [
      `function ${outputs.api_function}`,
      () => lambda.send(new GetFunctionCommand({ FunctionName: outputs.api_function })),
    ],
  ];
  try {
    const results = await Promise.allSettled(checks.map(([, check]) => check()));
    return checks.flatMap(([name], i) => (results[i]?.status === "rejected" ? [name] : []));
  } finally {
    s3.destroy();
    dynamodb.destroy();
    lambda.destroy();
  }
}
