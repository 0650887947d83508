import { readFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  CloudWatchClient,
  DescribeAlarmsCommand,
  GetMetricStatisticsCommand,
  ListMetricsCommand,
} from "@aws-sdk/client-cloudwatch";
import { DynamoDBClient, ListTablesCommand } from "@aws-sdk/client-dynamodb";
import { LambdaClient, ListFunctionsCommand } from "@aws-sdk/client-lambda";
import { ListBucketsCommand, S3Client } from "@aws-sdk/client-s3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningEmulator, startEmulator } from "../../emulator/src/index.ts";
import { PROCESSOR_DEFAULTS } from "../../lambdas/processor/src/config.ts";
import { DarkroomApi, postToPresignedForm } from "../../lambdas/test/support/darkroom-api.ts";
import { emulatorClient } from "../../lambdas/test/support/emulator-clients.ts";
import { waitFor } from "../../lambdas/test/support/wait-for.ts";
import { terraformEnvironment } from "../deploy/terraform-settings.ts";
import { runTerraform } from "../terraform/terraform-process.ts";
import { npmRun, REPO } from "./support/npm-script.ts";

/**
 * Acceptance item 3: the real commands against a fresh emulator. `npm run deploy` applies the
 * local target with the real terraform binary; a second plan is empty; an image uploaded
 * through the deployed API is processed; `npm run destroy` leaves nothing behind.
 */
describe("npm run deploy / destroy -- --target local", () => {
  let emulator: RunningEmulator;
  let work: string;
  let env: Record<string, string>;

  beforeAll(async () => {
    emulator = await startEmulator({ port: 0, persist: false });
    work = await mkdtemp(join(tmpdir(), "darkroom-lifecycle-"));
    env = {
      DARKROOM_PORT: String(emulator.port),
      DARKROOM_STATE_DIR: join(work, "state"),
      CDKTF_OUTDIR: join(work, "cdktf.out"),
    };
  });
  afterAll(async () => {
    await emulator?.stop();
    if (work) await rm(work, { recursive: true, force: true });
  });

  const stackDir = () => join(work, "cdktf.out", "stacks", "darkroom-local");

  it("deploys, plans no changes, processes an upload, and destroys", { timeout: 600_000 }, async () => {
    const deployed = await npmRun("deploy", ["--target", "local"], env);
    expect(deployed.code, deployed.output).toBe(0);
    const added = /Deployed local in .*: (\d+) to add, 0 to change, 0 to destroy/.exec(deployed.output)?.[1];
    expect(Number(added), deployed.output).toBeGreaterThanOrEqual(20);
    // Progress counts each resource once, data sources aside: the last line is [n/n].
    expect(deployed.output).toContain(`[${added}/${added}]`);
    expect(deployed.output).not.toContain(`[${Number(added) + 1}/`);
    // The local stack's Terraform state lives with the emulator's state.
    expect(readFileSync(join(work, "state", "terraform", "darkroom-local.tfstate"), "utf8")).toContain(
      "aws_lambda_function",
    );

    const tf = terraformEnvironment(stackDir(), { ...process.env, ...env });
    const plan = await runTerraform({
      cwd: stackDir(),
      args: ["plan", "-input=false", "-no-color", "-detailed-exitcode"],
      env: tf.env,
    });
    expect(plan.code, `${plan.stdout}\n${plan.stderr}`).toBe(0);
    expect(plan.stdout).toContain("No changes.");

    const apiLine = /^ {2}API +(\S+)$/m.exec(deployed.output);
    expect(apiLine?.[1], deployed.output).toMatch(
      /^http:\/\/[a-z0-9]+\.lambda-url\.us-east-1\.localhost:\d+\/$/,
    );
    const urlId = new URL(apiLine?.[1] ?? "http://x").hostname.split(".")[0];
    const api = new DarkroomApi(`${emulator.url}/_lambda-url/${urlId}/`);
    const png = readFileSync(join(REPO, "lambdas", "test-fixtures", "chelsea.png"));
    const upload = await api.createUpload({
      fileName: "chelsea.png",
      contentType: "image/png",
      bytes: png.length,
    });
    const posted = await postToPresignedForm(upload, { bytes: png, name: "chelsea.png", type: "image/png" });
    expect(posted.status, await posted.text()).toBe(204);
    const processed = await waitFor(
      `image ${upload.imageId} to be processed`,
      async () => {
        const { detail } = await api.getImage(upload.imageId);
        return detail.status === "PROCESSED" || detail.status === "FAILED" ? detail : undefined;
      },
      { timeoutMs: 60_000 },
    );
    expect(processed.status, JSON.stringify(processed.failure)).toBe("PROCESSED");
    expect(processed.variants?.map((v) => v.name).sort()).toEqual([
      "compressed",
      "low",
      "png",
      "thumbnail",
      "webp",
    ]);
    // Labelled by the emulator's Rekognition: chelsea.png is a cat.
    expect(processed.labels?.map((l) => l.name)).toContain("Cat");
    await expectMonitoringSaw(emulator.url);

    const destroyed = await npmRun("destroy", ["--target", "local"], env);
    expect(destroyed.code, destroyed.output).toBe(0);
    expect(destroyed.output).toMatch(
      new RegExp(`Destroyed local in .*: 0 to add, 0 to change, ${added} to destroy`),
    );
    const s3 = emulatorClient(S3Client, emulator.url);
    const lambda = emulatorClient(LambdaClient, emulator.url);
    const dynamodb = emulatorClient(DynamoDBClient, emulator.url);
    expect((await s3.send(new ListBucketsCommand({}))).Buckets ?? []).toEqual([]);
    expect((await lambda.send(new ListFunctionsCommand({}))).Functions ?? []).toEqual([]);
    expect((await dynamodb.send(new ListTablesCommand({}))).TableNames ?? []).toEqual([]);
  });

  /** The deployed alarms watch the processor, whose Powertools metrics reached CloudWatch through its logs. */
  async function expectMonitoringSaw(endpoint: string): Promise<void> {
    const cloudwatch = emulatorClient(CloudWatchClient, endpoint);
    const [processed] =
      (
        await cloudwatch.send(
          new ListMetricsCommand({
            Namespace: PROCESSOR_DEFAULTS.metricsNamespace,
            MetricName: "ImagesProcessed",
          }),
        )
      ).Metrics ?? [];
    expect(processed?.Dimensions?.map((d) => d.Name)).toContain("service");
    const now = Date.now();
    const stats = await cloudwatch.send(
      new GetMetricStatisticsCommand({
        ...processed,
        Namespace: PROCESSOR_DEFAULTS.metricsNamespace,
        MetricName: "ImagesProcessed",
        StartTime: new Date(now - 15 * 60_000),
        EndTime: new Date(now + 60_000),
        Period: 60 * 16,
        Statistics: ["Sum"],
      }),
    );
    expect(stats.Datapoints?.map((d) => d.Sum)).toEqual([1]);
    const evaluated = await fetch(`${endpoint}/_darkroom/cloudwatch/evaluate`, { method: "POST" });
    expect(evaluated.status).toBe(200);
    const alarms = (await cloudwatch.send(new DescribeAlarmsCommand({ AlarmNamePrefix: "darkroom-" })))
      .MetricAlarms;
    expect(alarms?.map((a) => `${a.AlarmName} ${a.StateValue}`)).toEqual(
      alarms?.map((a) => `${a.AlarmName} OK`),
    );
    expect(alarms).toHaveLength(12);
    cloudwatch.destroy();
  }

  it("refuses to deploy when nothing answers at the local endpoint, and says what to do", async () => {
    const result = await npmRun("deploy", ["--target", "local", "--skip-build"], {
      ...env,
      DARKROOM_PORT: "1",
    });
    expect(result.code).toBe(1);
    expect(result.output).toContain("nothing answers at http://127.0.0.1:1");
    expect(result.output).toContain("npm start");
  });

  it("refuses to deploy to AWS without --yes", async () => {
    const result = await npmRun("deploy", ["--target", "aws", "--skip-build"], env);
    expect(result.code).toBe(1);
    expect(result.output).toContain("run again with --yes");
  });
});
