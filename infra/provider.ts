import { AwsProvider } from "@cdktf/provider-aws/lib/provider/index.js";
import type { Construct } from "constructs";
import type { InfraConfig } from "./config.ts";
import type { TargetSettings } from "./targets.ts";

/** Every service the stack uses, pointed at the local endpoint (CloudFront exists on AWS only). */
export const LOCAL_SERVICES = [
  "s3",
  "sts",
  "iam",
  "dynamodb",
  "lambda",
  "logs",
  "cloudwatch",
  "sns",
] as const;

/** The key pair the emulator accepts by default and LocalStack accepts always. */
const LOCAL_CREDENTIALS = { accessKey: "test", secretKey: "test" };

/**
 * The AWS provider as LocalStack users configure it for a local target: every endpoint at one
 * URL, path-style S3 (no `<bucket>.localhost` names), static keys and no calls to AWS's
 * metadata service or account lookup. On AWS: credentials from the environment, and tags.
 */
export function awsProvider(scope: Construct, config: InfraConfig, target: TargetSettings): AwsProvider {
  const endpoint = target.endpoint;
  if (endpoint === undefined) {
    return new AwsProvider(scope, "aws", {
      region: config.region,
      defaultTags: [{ tags: { Project: "darkroom", Stack: config.namePrefix, ManagedBy: "cdktf" } }],
    });
  }
  return new AwsProvider(scope, "aws", {
    region: config.region,
    ...LOCAL_CREDENTIALS,
    s3UsePathStyle: true,
    skipCredentialsValidation: true,
    skipMetadataApiCheck: "true",
    skipRequestingAccountId: true,
    endpoints: [Object.fromEntries(LOCAL_SERVICES.map((service) => [service, endpoint]))],
  });
}
