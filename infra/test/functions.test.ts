import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { MAX_ATTEMPTS, UPLOAD_PREFIX } from "@darkroom/image-record";
import { describe, expect, it } from "vitest";
import { loadConfig as loadApiConfig } from "../../lambdas/api/src/config.ts";
import type { ImagesController } from "../../lambdas/api/src/controllers/images.controller.ts";
import type { UploadsController } from "../../lambdas/api/src/controllers/uploads.controller.ts";
import { apiRoutes } from "../../lambdas/api/src/router.ts";
import { buildManifestSchema } from "../../lambdas/build/manifest.ts";
import { loadConfig as loadProcessorConfig } from "../../lambdas/processor/src/config.ts";
import { MAX_PROCESSOR_TIMEOUT_SECONDS } from "../config.ts";
import {
  type Block,
  block,
  first,
  ref,
  resolveRefs,
  resources,
  resourceWhere,
  type Synthesized,
  synthTarget,
  type TerraformJson,
} from "./support/synth.ts";

function lambdaFunction(json: TerraformJson, functionName: string): [string, Block] {
  return resourceWhere(json, "aws_lambda_function", "function_name", functionName);
}

/** The function's variables as Terraform will set them, references resolved to the names. */
function environmentOf(json: TerraformJson, functionName: string): Record<string, string> {
  const [, fn] = lambdaFunction(json, functionName);
  const variables = block(first(fn.environment).variables);
  return Object.fromEntries(
    Object.entries(variables).map(([name, value]) => [name, resolveRefs(json, String(value))]),
  );
}

describe.each(["local", "aws"] as const)("the functions on %s", (target) => {
  const synthesized: Synthesized = synthTarget(target);
  const { json, stackDir, distDir } = synthesized;
  const manifest = buildManifestSchema.parse(
    JSON.parse(readFileSync(join(distDir, "manifest.json"), "utf8")),
  );

  it.each(["processor", "api"] as const)("%s: nodejs22.x from the built zip, with its hash", (name) => {
    const [, fn] = lambdaFunction(json, `darkroom-${name}`);
    expect(fn).toMatchObject({
      runtime: "nodejs22.x",
      handler: manifest[name]?.handler,
      source_code_hash: manifest[name]?.sha256,
      architectures: [target === "aws" ? "arm64" : "x86_64"],
    });
    // Terraform runs in the stack's folder: the relative path must reach the zip from there.
    expect(resolve(stackDir, String(fn.filename))).toBe(join(distDir, `${name}.zip`));
  });

  it("sizes the processor for 100 MP images, with a timeout the abandoned-claim rule allows", () => {
    const [, fn] = lambdaFunction(json, "darkroom-processor");
    expect(fn).toMatchObject({ memory_size: 3008, timeout: 45 });
    expect(fn.timeout).toBeLessThanOrEqual(MAX_PROCESSOR_TIMEOUT_SECONDS);
    const [, api] = lambdaFunction(json, "darkroom-api");
    expect(api).toMatchObject({ memory_size: 512, timeout: 10 });
  });

  it("gives the processor the variables its config reads, naming the stack's buckets and table", () => {
    const config = loadProcessorConfig(environmentOf(json, "darkroom-processor"));
    expect(config).toMatchObject({
      uploadsBucket: "darkroom-uploads",
      mediaBucket: "darkroom-media",
      imagesTable: "darkroom-images",
      maxUploadBytes: 5 * 1024 * 1024,
      labelsEnabled: true,
      serviceName: "darkroom-processor",
    });
  });

  it("gives the API the variables its config reads", () => {
    const config = loadApiConfig(environmentOf(json, "darkroom-api"));
    expect(config).toMatchObject({
      uploadsBucket: "darkroom-uploads",
      mediaBucket: "darkroom-media",
      imagesTable: "darkroom-images",
      corsAllowedOrigins: ["http://localhost:5173", "http://127.0.0.1:5173"],
      publicS3Endpoint: target === "aws" ? undefined : "http://127.0.0.1:4566",
    });
  });

  it("creates each log group, with its retention, before its function", () => {
    for (const name of ["darkroom-processor", "darkroom-api"]) {
      const [group, body] = resourceWhere(json, "aws_cloudwatch_log_group", "name", `/aws/lambda/${name}`);
      expect(body.retention_in_days).toBe(14);
      expect(lambdaFunction(json, name)[1].depends_on).toContain(`aws_cloudwatch_log_group.${group}`);
    }
  });

  it("lets only S3 invoke the processor, for the uploads bucket of this account", () => {
    const [processor] = lambdaFunction(json, "darkroom-processor");
    const [uploads] = resourceWhere(json, "aws_s3_bucket", "bucket", "darkroom-uploads");
    const [, permission] = resourceWhere(json, "aws_lambda_permission", "principal", "s3.amazonaws.com");
    expect(permission).toMatchObject({
      action: "lambda:InvokeFunction",
      function_name: ref("aws_lambda_function", processor, "function_name"),
      source_arn: ref("aws_s3_bucket", uploads, "arn"),
    });
    expect(permission.source_account).toMatch(/^\$\{data\.aws_caller_identity\.[^.]+\.account_id\}$/);
  });

  it("notifies the processor of objects created under uploads/, once S3 may invoke it", () => {
    const [processor] = lambdaFunction(json, "darkroom-processor");
    const [uploads] = resourceWhere(json, "aws_s3_bucket", "bucket", "darkroom-uploads");
    const [permission] = resourceWhere(json, "aws_lambda_permission", "principal", "s3.amazonaws.com");
    const notifications = resources(json, "aws_s3_bucket_notification");
    expect(notifications).toHaveLength(1);
    const notification = notifications[0]?.[1];
    expect(notification).toMatchObject({
      bucket: ref("aws_s3_bucket", uploads, "id"),
      lambda_function: [
        {
          events: ["s3:ObjectCreated:*"],
          filter_prefix: UPLOAD_PREFIX,
          lambda_function_arn: ref("aws_lambda_function", processor, "arn"),
        },
      ],
    });
    expect(notification?.depends_on).toEqual([`aws_lambda_permission.${permission}`]);
  });

  it("retries a failed upload event as often as the processor's claim expects", () => {
    const [processor] = lambdaFunction(json, "darkroom-processor");
    const [[, invokeConfig] = ["", {}]] = resources(json, "aws_lambda_function_event_invoke_config");
    expect(invokeConfig).toMatchObject({
      function_name: ref("aws_lambda_function", processor, "function_name"),
      maximum_retry_attempts: MAX_ATTEMPTS,
    });
  });

  it("publishes the API at a function URL without auth, with the API's CORS", () => {
    const [api] = lambdaFunction(json, "darkroom-api");
    const [[, url] = ["", {}]] = resources(json, "aws_lambda_function_url");
    const notCalled = async () => {
      throw new Error("not called");
    };
    const routes = apiRoutes(
      { create: notCalled } satisfies UploadsController,
      { list: notCalled, get: notCalled } satisfies ImagesController,
    );
    expect(url).toMatchObject({
      function_name: ref("aws_lambda_function", api, "function_name"),
      authorization_type: "NONE",
    });
    expect(first(url.cors)).toEqual({
      allow_origins: ["http://localhost:5173", "http://127.0.0.1:5173"],
      allow_methods: [...new Set(routes.map((route) => route.method))].sort(),
      allow_headers: ["content-type"],
      max_age: 600,
    });
    const [, permission] = resourceWhere(json, "aws_lambda_permission", "action", "lambda:InvokeFunctionUrl");
    expect(permission).toMatchObject({ principal: "*", function_url_auth_type: "NONE" });
  });
});

describe("function settings from the config", () => {
  it("sizes the processor, sets the upload limit and the retention", () => {
    const { json } = synthTarget("local", {
      env: {
        DARKROOM_PROCESSOR_MEMORY_MB: "2048",
        DARKROOM_PROCESSOR_TIMEOUT_SECONDS: "30",
        DARKROOM_MAX_UPLOAD_BYTES: "1048576",
        DARKROOM_LOG_RETENTION_DAYS: "90",
      },
    });
    expect(lambdaFunction(json, "darkroom-processor")[1]).toMatchObject({ memory_size: 2048, timeout: 30 });
    expect(loadProcessorConfig(environmentOf(json, "darkroom-processor")).maxUploadBytes).toBe(1_048_576);
    expect(loadApiConfig(environmentOf(json, "darkroom-api")).maxUploadBytes).toBe(1_048_576);
    expect(resources(json, "aws_cloudwatch_log_group").map(([, body]) => body.retention_in_days)).toEqual([
      90, 90,
    ]);
  });

  it("labels locally with the emulator's Rekognition unless DARKROOM_LOCAL_LABELS=false, never on LocalStack", () => {
    const off = { DARKROOM_LOCAL_LABELS: "false" };
    const local = synthTarget("local").json;
    const localOff = synthTarget("local", { env: off }).json;
    const localstack = synthTarget("localstack").json;
    expect(loadProcessorConfig(environmentOf(local, "darkroom-processor")).labelsEnabled).toBe(true);
    expect(loadProcessorConfig(environmentOf(localOff, "darkroom-processor")).labelsEnabled).toBe(false);
    expect(loadProcessorConfig(environmentOf(localstack, "darkroom-processor")).labelsEnabled).toBe(false);
  });

  it("publishes per-second metrics only when the alarms run on 10 or 30 s periods", () => {
    const highResolution = (env: Record<string, string>, monitoring?: boolean) =>
      loadProcessorConfig(environmentOf(synthTarget("local", { env, monitoring }).json, "darkroom-processor"))
        .highResolutionMetrics;
    expect(highResolution({ DARKROOM_ALARM_PERIOD_SECONDS: "10" }, true)).toBe(true);
    expect(highResolution({ DARKROOM_ALARM_PERIOD_SECONDS: "30" }, true)).toBe(true);
    expect(highResolution({ DARKROOM_ALARM_PERIOD_SECONDS: "60" }, true)).toBe(false);
    expect(highResolution({}, true)).toBe(false);
    expect(highResolution({ DARKROOM_ALARM_PERIOD_SECONDS: "10" }, false)).toBe(false);
  });
});
