import { mkdirSync } from "node:fs";
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { App, TerraformOutput, TerraformStack } from "cdktf";
import type { Construct } from "constructs";
import { Alerts, LOCAL_ALERT_INBOX } from "./infra/alerts.ts";
import { Api } from "./infra/api.ts";
import { Cdn } from "./infra/cdn.ts";
import { type InfraConfig, loadInfraConfig } from "./infra/config.ts";
import { distDirFor, readLambdaBundles } from "./infra/lambda-bundles.ts";
import { Metadata } from "./infra/metadata.ts";
import { Monitoring } from "./infra/monitoring.ts";
import { Processing } from "./infra/processing.ts";
import { awsProvider } from "./infra/provider.ts";
import { LOCAL_STATE_DIR, localStateDirs, useLocalState, useRemoteState } from "./infra/state-backend.ts";
import { StateBootstrap } from "./infra/state-bootstrap.ts";
import { Storage } from "./infra/storage.ts";
import { isTarget, TARGETS, type Target, type TargetSettings, targetSettings } from "./infra/targets.ts";
import { buildLambdas } from "./lambdas/build/build-lambdas.ts";

export interface DarkroomStackProps {
  target: Target;
  config: InfraConfig;
  /** Where the built zips are: lambdas/dist (x86_64) or lambdas/dist/arm64 by default. */
  lambdaDistDir?: string;
  /** Overrides the target's default (the tests check the alarms on `local` too). */
  monitoring?: boolean;
  /** Local targets' state files: .darkroom/terraform by default. */
  localStateDir?: string;
}

/** The Terraform stack a target is deployed from: `npm run synth` writes one per target. */
export function stackName(target: Target): string {
  return `darkroom-${target}`;
}

/**
 * Darkroom on one target: the buckets, the table, the processor on uploads, the API behind a
 * function URL, then what the target can run of monitoring (alarms, dashboard, SNS) and, on
 * AWS only, remote state and CloudFront.
 */
export class DarkroomStack extends TerraformStack {
  readonly settings: TargetSettings;

  constructor(scope: Construct, id: string, props: DarkroomStackProps) {
    super(scope, id);
    const { config } = props;
    const settings = { ...targetSettings(props.target, config) };
    if (props.monitoring !== undefined) settings.monitoring = props.monitoring;
    this.settings = settings;
    // Terraform runs in cdktf.out/stacks/<id>: paths are relative to it, not to this machine.
    const stackDir = resolve(App.of(this).outdir, "stacks", id);
    awsProvider(this, config, settings);
    if (settings.aws) useRemoteState(this, config);
    else useLocalState(this, stackDir, props.localStateDir ?? LOCAL_STATE_DIR);

    const distDir = props.lambdaDistDir ?? distDirFor(settings.architecture);
    const bundles = readLambdaBundles(distDir, settings.architecture);
    const prefix = config.namePrefix;
    const names = { processor: `${prefix}-processor`, api: `${prefix}-api` };

    const storage = new Storage(this, "storage", {
      namePrefix: prefix,
      consoleOrigins: config.consoleOrigins,
      forceDestroy: settings.disposable,
    });
    const metadata = new Metadata(this, "metadata", { namePrefix: prefix });
    const processing = new Processing(this, "processing", {
      functionName: names.processor,
      bundle: bundles.processor,
      stackDir,
      memoryMb: config.processor.memoryMb,
      timeoutSeconds: config.processor.timeoutSeconds,
      maxUploadBytes: config.maxUploadBytes,
      labels: settings.labels,
      // A 10 or 30 s alarm only sees a minute's datapoint during that minute's first period.
      highResolutionMetrics: settings.monitoring && config.alarms.periodSeconds < 60,
      logRetentionDays: config.logRetentionDays,
      storage,
      metadata,
    });
    const api = new Api(this, "api", {
      functionName: names.api,
      bundle: bundles.api,
      stackDir,
      maxUploadBytes: config.maxUploadBytes,
      consoleOrigins: config.consoleOrigins,
      publicS3Endpoint: settings.endpoint,
      logRetentionDays: config.logRetentionDays,
      storage,
      metadata,
    });

    if (settings.monitoring) {
      const alerts = new Alerts(this, "alerts", {
        namePrefix: prefix,
        emails: config.alertEmails,
        // Only the emulator keeps what SNS sends in an inbox the console can read.
        ...(props.target === "local" ? { inbox: LOCAL_ALERT_INBOX } : {}),
      });
      new Monitoring(this, "monitoring", {
        namePrefix: prefix,
        region: config.region,
        processor: processing.processor,
        processorName: names.processor,
        apiName: names.api,
        timeoutSeconds: config.processor.timeoutSeconds,
        thresholds: config.alarms,
        topics: alerts.topics,
      });
      // The admin backend reads the topics by ARN; on AWS it cannot guess the account.
      new TerraformOutput(this, "alert_topic_arns", {
        value: Object.fromEntries(Object.entries(alerts.topics).map(([name, topic]) => [name, topic.arn])),
      });
    }
    if (settings.aws) {
      const cdn = new Cdn(this, "cdn", { namePrefix: prefix, apiUrl: api.url, media: storage.media });
      new TerraformOutput(this, "cdn_url", { value: `https://${cdn.distribution.domainName}` });
    }

    new TerraformOutput(this, "api_url", { value: api.url.functionUrl });
    new TerraformOutput(this, "uploads_bucket", { value: storage.uploads.bucket });
    new TerraformOutput(this, "media_bucket", { value: storage.media.bucket });
    new TerraformOutput(this, "images_table", { value: metadata.table.name });
    new TerraformOutput(this, "processor_function", { value: names.processor });
    new TerraformOutput(this, "api_function", { value: names.api });
    // What the admin backend derives alarm, topic and dashboard names from, and where it all
    // runs: from the stack itself, not from whatever the backend's shell has set.
    new TerraformOutput(this, "name_prefix", { value: prefix });
    new TerraformOutput(this, "region", { value: config.region });
    // The console checks files against the limit the stack enforces, before uploading them.
    new TerraformOutput(this, "max_upload_bytes", { value: config.maxUploadBytes });
    new TerraformOutput(this, "log_groups", {
      value: { processor: processing.processor.logGroup.name, api: api.api.logGroup.name },
    });
  }
}

/** The stack that creates the `aws` target's state bucket and lock table, with local state. */
export const BOOTSTRAP_STACK = "darkroom-aws-bootstrap";

/**
 * Applied once per account before the `aws` stack's first `terraform init`, whose S3 backend
 * needs the bucket and table to exist. Its own state stays on this machine (it holds two
 * resources that are never deleted by Darkroom).
 */
export class StateBootstrapStack extends TerraformStack {
  constructor(scope: Construct, id: string, props: { config: InfraConfig; stateDir?: string }) {
    super(scope, id);
    awsProvider(this, props.config, targetSettings("aws", props.config));
    useLocalState(this, resolve(App.of(this).outdir, "stacks", id), props.stateDir ?? LOCAL_STATE_DIR);
    new StateBootstrap(this, "state", props.config);
  }
}

const USAGE = "usage: node --import tsx main.ts [--target local|localstack|aws]... [--skip-build]";

export interface SynthOptions {
  targets: readonly Target[];
  config: InfraConfig;
  /** Build the zips each target needs first (reproducible: unchanged code, unchanged hash). */
  build: boolean;
  /** cdktf.out by default (CDKTF_OUTDIR overrides). */
  outdir?: string;
  /** Per target: the folder of its local Terraform state (local targets only). */
  localStateDirs?: Partial<Record<Target, string>>;
  log?: (line: string) => void;
}

/** The folder `npm run synth` writes to, unless CDKTF_OUTDIR names another. */
export function defaultOutdir(env: Record<string, string | undefined> = process.env): string {
  return env.CDKTF_OUTDIR || fileURLToPath(new URL("cdktf.out", import.meta.url));
}

/**
 * Writes <outdir>/stacks/<stack>/cdk.tf.json for each target (and, with `aws`, its state
 * bootstrap); returns those folders by stack name.
 */
export async function synthTargets(options: SynthOptions): Promise<Record<string, string>> {
  const { targets, config } = options;
  const log = options.log ?? (() => {});
  if (options.build) {
    const architectures = new Set(targets.map((target) => targetSettings(target, config).architecture));
    for (const arch of architectures) {
      const { outDir } = await buildLambdas({ arch, outDir: distDirFor(arch) });
      log(`built the ${arch} Lambda zips in ${outDir}`);
    }
  }
  const outdir = options.outdir ?? defaultOutdir();
  mkdirSync(outdir, { recursive: true });
  const app = new App({ outdir });
  const stacks: string[] = [];
  for (const target of targets) {
    const localStateDir = options.localStateDirs?.[target];
    new DarkroomStack(app, stackName(target), {
      target,
      config,
      ...(localStateDir ? { localStateDir } : {}),
    });
    stacks.push(stackName(target));
  }
  if (targets.includes("aws")) {
    new StateBootstrapStack(app, BOOTSTRAP_STACK, { config });
    stacks.push(BOOTSTRAP_STACK);
  }
  app.synth();
  const dirs: Record<string, string> = {};
  for (const stack of stacks) {
    dirs[stack] = resolve(app.outdir, "stacks", stack);
    log(`wrote ${dirs[stack]}/cdk.tf.json`);
  }
  return dirs;
}

/** `npm run synth`: the Terraform JSON of each target asked for (all three by default). */
async function main(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: { target: { type: "string", multiple: true }, "skip-build": { type: "boolean" } },
  });
  const requested = values.target ?? [...TARGETS];
  const targets = requested.filter(isTarget);
  const unknown = requested.filter((target) => !isTarget(target));
  if (unknown.length > 0) throw new Error(`unknown target ${unknown.join(", ")}\n${USAGE}`);
  await synthTargets({
    targets,
    config: loadInfraConfig(),
    build: !values["skip-build"],
    localStateDirs: localStateDirs(),
    log: (line) => console.log(line),
  });
}

const invokedPath = process.argv[1];
if (invokedPath !== undefined && resolve(invokedPath) === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2)).catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  });
}
