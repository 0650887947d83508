import { isAbsolute, join, resolve } from "node:path";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider/index.js";
import { Testing } from "cdktf";
import { describe, expect, it } from "vitest";
import { LOCAL_ALERT_INBOX } from "../alerts.ts";
import { LOCAL_STATE_DIR } from "../state-backend.ts";
import { first, resources, synthTarget, type TerraformJson } from "./support/synth.ts";

/** Every service the stack uses locally (CloudFront exists on the aws target only). */
const LOCAL_SERVICES = ["s3", "sts", "iam", "dynamodb", "lambda", "logs", "cloudwatch", "sns"];

function provider(json: TerraformJson) {
  expect(json.provider.aws).toHaveLength(1);
  return json.provider.aws[0]!;
}

function architectures(json: TerraformJson): unknown[] {
  return resources(json, "aws_lambda_function").flatMap(([, fn]) => fn.architectures as unknown[]);
}

describe.each([
  ["local", {}, "http://127.0.0.1:4566"],
  ["local", { DARKROOM_PORT: "4610" }, "http://127.0.0.1:4610"],
  ["localstack", {}, "http://127.0.0.1:4566"],
  [
    "localstack",
    { DARKROOM_LOCALSTACK_ENDPOINT: "http://localhost.localstack.cloud:4566/" },
    "http://localhost.localstack.cloud:4566",
  ],
] as const)("the %s target with %j", (target, env, endpoint) => {
  const { json, stackDir } = synthTarget(target, { env });

  it(`points every service at ${endpoint}, path-style, with static test keys and no AWS lookups`, () => {
    const aws = provider(json);
    expect(first(aws.endpoints)).toEqual(
      Object.fromEntries(LOCAL_SERVICES.map((service) => [service, endpoint])),
    );
    expect(aws).toMatchObject({
      region: "us-east-1",
      access_key: "test",
      secret_key: "test",
      s3_use_path_style: true,
      skip_credentials_validation: true,
      skip_metadata_api_check: "true",
      skip_requesting_account_id: true,
    });
    expect(aws.default_tags).toBeUndefined();
  });

  it("keeps its state in .darkroom/terraform, runs x86_64 zips, and has no CloudFront", () => {
    const path = String(json.terraform.backend?.local?.path);
    expect(isAbsolute(path), path).toBe(false);
    expect(resolve(stackDir, path)).toBe(join(LOCAL_STATE_DIR, `darkroom-${target}.tfstate`));
    expect(architectures(json)).toEqual(["x86_64", "x86_64"]);
    expect(resources(json, "aws_cloudfront_distribution")).toEqual([]);
    expect(json.output.cdn_url).toBeUndefined();
  });
});

describe("local and localstack", () => {
  it("differ only in the endpoint, in labels (LocalStack's free image has none) and in the alert inbox", () => {
    const env = { DARKROOM_PORT: "4599", DARKROOM_LOCAL_LABELS: "false" };
    const withInbox = synthTarget("local", { env }).json;
    const localstack = synthTarget("localstack").json;
    // The emulator keeps delivered email in an inbox the admin reads; LocalStack has none, so
    // only the local stack subscribes that address to the three alert topics.
    const subscriptions = withInbox.resource.aws_sns_topic_subscription ?? {};
    const inbox = Object.keys(subscriptions).filter(
      (id) => subscriptions[id]?.endpoint === LOCAL_ALERT_INBOX,
    );
    expect(inbox).toHaveLength(3);
    expect(localstack.resource.aws_sns_topic_subscription ?? {}).toEqual({});
    const { aws_sns_topic_subscription: _, ...localResources } = withInbox.resource;
    const local = { ...withInbox, resource: localResources };
    // Each stack has its own state file; everything else is compared.
    const { backend: localState, ...localTerraform } = local.terraform;
    const { backend: localstackState, ...localstackTerraform } = localstack.terraform;
    expect(localState).not.toEqual(localstackState);
    const withoutState = JSON.stringify({ ...local, terraform: localTerraform });
    expect(withoutState).not.toContain("http://127.0.0.1:4566");
    const sameEndpoint = JSON.parse(
      withoutState.replaceAll("http://127.0.0.1:4599", "http://127.0.0.1:4566"),
    );
    expect(sameEndpoint).toEqual({ ...localstack, terraform: localstackTerraform });
  });
});

describe("the aws target", () => {
  const { json } = synthTarget("aws", {
    env: { DARKROOM_STATE_BUCKET: "acme-tf-state", DARKROOM_REGION: "eu-west-1" },
  });

  it("uses AWS's own endpoints and credentials, and tags everything", () => {
    const aws = provider(json);
    expect(aws.endpoints).toBeUndefined();
    expect(aws.access_key).toBeUndefined();
    expect(aws.skip_credentials_validation).toBeUndefined();
    expect(aws.region).toBe("eu-west-1");
    expect(first(aws.default_tags).tags).toEqual({
      Project: "darkroom",
      Stack: "darkroom",
      ManagedBy: "cdktf",
    });
  });

  it("pins the provider version of the prebuilt @cdktf/provider-aws", () => {
    const prebuilt = Testing.synthScope((scope) => new AwsProvider(scope, "aws", {}));
    const version = (JSON.parse(prebuilt) as TerraformJson).terraform.required_providers.aws?.version;
    expect(version).toMatch(/^\d+\.\d+\.\d+$/);
    expect(json.terraform.required_providers.aws).toEqual({ source: "aws", version });
  });

  it("keeps its state in S3, locked by DynamoDB", () => {
    expect(json.terraform.backend).toEqual({
      s3: {
        bucket: "acme-tf-state",
        key: "darkroom/terraform.tfstate",
        region: "eu-west-1",
        dynamodb_table: "darkroom-terraform-locks",
        encrypt: true,
      },
    });
  });

  it("runs arm64 zips", () => {
    expect(architectures(json)).toEqual(["arm64", "arm64"]);
  });

  it("puts CloudFront in front of the API's URL and the media bucket, read through origin access control", () => {
    const [[, distribution] = ["", {}], ...more] = resources(json, "aws_cloudfront_distribution");
    expect(more).toEqual([]);
    const [[oacName, oac] = ["", {}]] = resources(json, "aws_cloudfront_origin_access_control");
    expect(oac).toMatchObject({ origin_access_control_origin_type: "s3", signing_behavior: "always" });
    const [[mediaName] = [""]] = resources(json, "aws_s3_bucket").filter(
      ([, b]) => b.bucket === "darkroom-media",
    );
    const [[urlName] = [""]] = resources(json, "aws_lambda_function_url");
    expect(distribution.origin).toEqual([
      expect.objectContaining({
        origin_id: "api",
        domain_name: `\${element(split("/", aws_lambda_function_url.${urlName}.function_url), 2)}`,
        custom_origin_config: expect.objectContaining({ origin_protocol_policy: "https-only" }),
      }),
      {
        origin_id: "media",
        domain_name: `\${aws_s3_bucket.${mediaName}.bucket_regional_domain_name}`,
        origin_access_control_id: `\${aws_cloudfront_origin_access_control.${oacName}.id}`,
      },
    ]);
    expect(first(distribution.default_cache_behavior)).toMatchObject({ target_origin_id: "api" });
    expect(first(distribution.ordered_cache_behavior)).toMatchObject({
      path_pattern: "/variants/*",
      target_origin_id: "media",
      allowed_methods: ["GET", "HEAD"],
    });
    expect(json.output.cdn_url?.value).toMatch(
      /^https:\/\/\$\{aws_cloudfront_distribution\.[^.]+\.domain_name\}$/,
    );
  });

  it("lets only that distribution read the variants", () => {
    const [[distributionName] = [""]] = resources(json, "aws_cloudfront_distribution");
    const [[, bucketPolicy] = ["", {}], ...more] = resources(json, "aws_s3_bucket_policy");
    expect(more).toEqual([]);
    expect(JSON.parse(String(bucketPolicy.policy)).Statement).toEqual([
      expect.objectContaining({
        Principal: { Service: "cloudfront.amazonaws.com" },
        Action: ["s3:GetObject"],
        Condition: {
          StringEquals: { "AWS:SourceArn": `\${aws_cloudfront_distribution.${distributionName}.arn}` },
        },
      }),
    ]);
  });
});
