import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { request } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { DescribeMetricFiltersCommand, FilterLogEventsCommand } from "@aws-sdk/client-cloudwatch-logs";
import {
  DescribeContinuousBackupsCommand,
  DescribeTableCommand,
  DescribeTimeToLiveCommand,
} from "@aws-sdk/client-dynamodb";
import {
  GetFunctionConfigurationCommand,
  GetFunctionEventInvokeConfigCommand,
  InvokeCommand,
  type LambdaClient,
} from "@aws-sdk/client-lambda";
import { GetBucketNotificationConfigurationCommand, PutObjectCommand } from "@aws-sdk/client-s3";
import { afterAll, describe, expect, it } from "vitest";
import { emulatorUrl, s3Client, uniqueName } from "./support/clients.ts";
import { dynamoClient } from "./support/dynamodb-client.ts";
import { eventually, lambdaClient, zipOf } from "./support/lambda.ts";
import { logsClient } from "./support/logs-client.ts";
import { explain, output, terraform, writeFixture } from "./support/terraform.ts";

const FIXTURE = fileURLToPath(new URL("./fixtures/terraform/lambda-stack/main.tf", import.meta.url));

/** Table, role, policy attachment, bucket, log group, metric filter, function, permission, notification, URL, invoke config. */
const RESOURCES = 11;

/**
 * The thumbnailer, as deployment `revision`: logs one line per event (at ERROR when told
 * to fail) and answers with its settings, in the shape a function URL turns into HTTP.
 */
function thumbnailer(revision: string): Uint8Array {
  return zipOf({
    "index.js": `exports.handler = async (event) => {
  const key = event.key ?? event.Records?.[0]?.s3.object.key ?? event.rawPath;
  if (event.fail) console.error("thumbnail failed:", key);
  else console.log("thumbnail made:", key);
  return {
    statusCode: 200,
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ revision: ${JSON.stringify(revision)}, key, table: process.env.TABLE_NAME, stage: process.env.STAGE }),
  };
};
`,
  });
}

/** The value of a Terraform output of this run. */
/** The function's answer (its body, parsed) to a RequestResponse invocation with `event`. */
async function invokeBody(lambda: LambdaClient, functionName: string, event: object): Promise<unknown> {
  const out = await lambda.send(
    new InvokeCommand({ FunctionName: functionName, Payload: Buffer.from(JSON.stringify(event)) }),
  );
  expect(out.FunctionError, Buffer.from(out.Payload ?? []).toString()).toBeUndefined();
  const answer = JSON.parse(Buffer.from(out.Payload ?? []).toString()) as { body: string };
  return JSON.parse(answer.body);
}

/**
 * GET `url` with its own Host header but connected to the emulator's address: the
 * `*.localhost` name a function URL has does not resolve everywhere.
 */
function getByHost(url: string): Promise<{ status: number; body: string }> {
  const target = new URL(url);
  const emulator = new URL(emulatorUrl());
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: emulator.hostname,
        port: emulator.port,
        path: `${target.pathname}${target.search}`,
        headers: { host: target.host },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString() }));
        res.on("error", reject);
      },
    );
    req.on("error", reject);
    req.end();
  });
}

/**
 * Issue 3's stack through the real Terraform binary and AWS provider 5.100.0: a table, a
 * role, a bucket whose uploads trigger a function, the function with its URL, permission,
 * async settings, log group and metric filter. Apply, check it works, a clean plan, a new
 * package, a clean plan, destroy.
 */
describe("Terraform AWS provider 5.100.0 with Lambda", () => {
  const dir = mkdtempSync(join(tmpdir(), "darkroom-tf-lambda-"));
  const name = uniqueName("darkroom-tf");
  const functionName = `${name}-thumbnailer`;
  const logGroup = `/aws/lambda/${functionName}`;
  const zipPath = join(dir, "thumbnailer.zip");
  const vars = ["-var", `endpoint=${emulatorUrl()}`, "-var", `name=${name}`, "-var", `zip_path=${zipPath}`];
  const lambda = lambdaClient();
  const logs = logsClient();
  const dynamo = dynamoClient();
  const s3 = s3Client();

  afterAll(async () => {
    // Leave nothing behind even when an assertion failed midway.
    await terraform(dir, ["destroy", "-auto-approve", "-no-color", ...vars]);
    rmSync(dir, { recursive: true, force: true });
    for (const client of [lambda, logs, dynamo, s3]) client.destroy();
  });

  it("applies, the stack works, plans no changes, redeploys new code, destroys", {
    timeout: 600_000,
  }, async () => {
    writeFixture(dir, FIXTURE, ["dynamodb", "iam", "lambda", "logs", "s3", "sts"], { s3PathStyle: true });
    writeFileSync(zipPath, thumbnailer("r1"));

    const init = await terraform(dir, ["init", "-no-color", "-input=false"]);
    expect(init.code, explain("init", init)).toBe(0);

    const apply = await terraform(dir, ["apply", "-auto-approve", "-no-color", ...vars]);
    expect(apply.code, explain("apply", apply)).toBe(0);
    expect(apply.stdout).toMatch(new RegExp(`Apply complete! Resources: ${RESOURCES} added, 0 changed`));

    const config = await lambda.send(new GetFunctionConfigurationCommand({ FunctionName: functionName }));
    expect(config).toMatchObject({ MemorySize: 512, Timeout: 10, State: "Active", Runtime: "nodejs22.x" });
    expect(config.Role).toBe(`arn:aws:iam::000000000000:role/${name}-thumbnailer`);

    // The function runs with the environment Terraform gave it, and logs to its group.
    for (const key of ["incoming/a.jpg", "incoming/b.jpg"]) {
      const body = await invokeBody(lambda, functionName, { key, fail: key.endsWith("b.jpg") });
      expect(body).toEqual({ revision: "r1", key, table: name, stage: "test" });
    }
    // The metric filter's pattern picks out the failure line and nothing else.
    const filters = await logs.send(new DescribeMetricFiltersCommand({ logGroupName: logGroup }));
    expect(filters.metricFilters).toMatchObject([
      {
        filterName: `${name}-errors`,
        filterPattern: "ERROR",
        metricTransformations: [
          {
            metricName: "ThumbnailErrors",
            metricNamespace: `Darkroom/${name}`,
            metricValue: "1",
            defaultValue: 0,
          },
        ],
      },
    ]);
    await eventually(async () => {
      const found = await logs.send(
        new FilterLogEventsCommand({
          logGroupName: logGroup,
          filterPattern: filters.metricFilters?.[0]?.filterPattern,
        }),
      );
      expect(found.events?.map((e) => e.message?.split("\t").slice(2))).toEqual([
        ["ERROR", "thumbnail failed: incoming/b.jpg\n"],
      ]);
    });

    // The function URL Terraform reports answers through the function.
    const url = await output(dir, "function_url");
    const viaUrl = await getByHost(`${url}incoming/c.jpg`);
    expect(viaUrl.status, viaUrl.body).toBe(200);
    expect(JSON.parse(viaUrl.body)).toEqual({
      revision: "r1",
      key: "/incoming/c.jpg",
      table: name,
      stage: "test",
    });

    const invokeConfig = await lambda.send(
      new GetFunctionEventInvokeConfigCommand({ FunctionName: functionName }),
    );
    expect(invokeConfig).toMatchObject({
      MaximumRetryAttempts: 1,
      MaximumEventAgeInSeconds: 3600,
      DestinationConfig: { OnFailure: { Destination: `arn:aws:sqs:us-east-1:000000000000:${name}-failed` } },
    });

    const notification = await s3.send(
      new GetBucketNotificationConfigurationCommand({ Bucket: `${name}-uploads` }),
    );
    expect(notification.LambdaFunctionConfigurations).toMatchObject([
      {
        LambdaFunctionArn: config.FunctionArn,
        Events: ["s3:ObjectCreated:*"],
        Filter: {
          Key: {
            FilterRules: [
              { Name: "Prefix", Value: "incoming/" },
              { Name: "Suffix", Value: ".jpg" },
            ],
          },
        },
      },
    ]);

    // An upload that matches the notification's filter reaches the function.
    await s3.send(new PutObjectCommand({ Bucket: `${name}-uploads`, Key: "incoming/e.jpg", Body: "jpeg" }));
    await eventually(async () => {
      const found = await logs.send(
        new FilterLogEventsCommand({ logGroupName: logGroup, filterPattern: '"incoming/e.jpg"' }),
      );
      expect(found.events?.map((e) => e.message?.split("\t").slice(2))).toEqual([
        ["INFO", "thumbnail made: incoming/e.jpg\n"],
      ]);
    }, 30_000);

    const { Table } = await dynamo.send(new DescribeTableCommand({ TableName: name }));
    expect(Table?.GlobalSecondaryIndexes?.map((i) => i.IndexName)).toEqual(["byStatus"]);
    const ttl = await dynamo.send(new DescribeTimeToLiveCommand({ TableName: name }));
    expect(ttl.TimeToLiveDescription).toEqual({ TimeToLiveStatus: "ENABLED", AttributeName: "expiresAt" });
    const backups = await dynamo.send(new DescribeContinuousBackupsCommand({ TableName: name }));
    expect(
      backups.ContinuousBackupsDescription?.PointInTimeRecoveryDescription?.PointInTimeRecoveryStatus,
    ).toBe("ENABLED");

    // -detailed-exitcode: 0 means no changes, 2 means the state drifted from what was applied.
    const plan = await terraform(dir, ["plan", "-detailed-exitcode", "-no-color", ...vars]);
    expect(plan.code, explain("plan", plan)).toBe(0);

    // A new package changes source_code_hash: the function is updated in place and runs the new code.
    writeFileSync(zipPath, thumbnailer("r2"));
    const redeploy = await terraform(dir, ["apply", "-auto-approve", "-no-color", ...vars]);
    expect(redeploy.code, explain("apply (new code)", redeploy)).toBe(0);
    expect(redeploy.stdout).toMatch(/Apply complete! Resources: 0 added, 1 changed, 0 destroyed/);
    expect(await invokeBody(lambda, functionName, { key: "incoming/d.jpg" })).toMatchObject({
      revision: "r2",
    });
    const replan = await terraform(dir, ["plan", "-detailed-exitcode", "-no-color", ...vars]);
    expect(replan.code, explain("plan (new code)", replan)).toBe(0);

    const destroy = await terraform(dir, ["destroy", "-auto-approve", "-no-color", ...vars]);
    expect(destroy.code, explain("destroy", destroy)).toBe(0);
    expect(destroy.stdout).toMatch(new RegExp(`Destroy complete! Resources: ${RESOURCES} destroyed`));
  });
});
