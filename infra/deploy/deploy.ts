import { BOOTSTRAP_STACK, defaultOutdir, stackName, synthTargets } from "../../main.ts";
import { loadInfraConfig } from "../config.ts";
import { localStateDirs } from "../state-backend.ts";
import { type Target, targetSettings } from "../targets.ts";
import { errorsIn, parseTerraformEvent } from "../terraform/json-events.ts";
import { runTerraform, type TerraformResult } from "../terraform/terraform-process.ts";
import { assertAwsDeployAllowed } from "./aws-preflight.ts";
import { confirmAlertInboxStep } from "./confirm-alert-inbox.ts";
import { DeployError } from "./deploy-error.ts";
import { type DeployReporter, timedStep } from "./deploy-report.ts";
import {
  configurationFingerprint,
  readDeployedMarker,
  removeDeployedMarker,
  writeDeployedMarker,
} from "./deployed-marker.ts";
import { assertEndpointAnswers } from "./endpoint-check.ts";
import { missingResources } from "./resource-probe.ts";
import { parseOutputJson, type StackOutputs } from "./stack-outputs.ts";
import { terraformEnvironment } from "./terraform-settings.ts";

export interface DeployRequest {
  target: Target;
  /** Build the Lambda zips before synth (default true; they are reproducible). */
  build?: boolean;
  /** Skip Terraform when the configuration is unchanged and its resources answer (`npm start`). */
  reuseUnchanged?: boolean;
  /** `aws` only: the user said --yes. */
  confirmed?: boolean;
  env?: NodeJS.ProcessEnv;
  /** cdktf.out by default. */
  outdir?: string;
  reporter: DeployReporter;
}

export interface Changes {
  add: number;
  change: number;
  remove: number;
}

export interface DeployResult {
  stackDir: string;
  outputs: StackOutputs;
  /** What Terraform changed; `reused` when Terraform was skipped. */
  changes: Changes | "reused";
}

const PLAN_FILE = "darkroom.tfplan";

/**
 * `npm run deploy`: synthesizes the target, then runs the real terraform binary: init, then one
 * apply on local targets, or a saved plan applied as planned on AWS.
 */
export async function deploy(request: DeployRequest): Promise<DeployResult> {
  const { target, reporter } = request;
  const env = request.env ?? process.env;
  const prepared = await prepare(request, env);
  const { stackDir, tfEnv, stateDir, endpoint } = prepared;
  if (prepared.bootstrapDir) await bootstrapRemoteState(prepared.bootstrapDir, tfEnv, reporter);

  const fingerprint = configurationFingerprint(stackDir);
  const marker = stateDir ? readDeployedMarker(stateDir, stackName(target)) : undefined;
  if (request.reuseUnchanged && endpoint && marker?.fingerprint === fingerprint) {
    const region = loadInfraConfig(env).region;
    const missing = await missingResources(marker.outputs, { endpoint, region, s3PathStyle: true });
    if (missing.length === 0) {
      reporter.info(`unchanged since the deploy of ${marker.appliedAt}: Terraform skipped`);
      if (target === "local") await confirmAlertInboxStep(endpoint, loadInfraConfig(env), reporter);
      return { stackDir, outputs: marker.outputs, changes: "reused" };
    }
    reporter.info(`deployed before, but ${missing.join(", ")} no longer answer: running Terraform`);
  }

  await init(stackDir, tfEnv, reporter);
  const changes = endpoint
    ? await converge(stackDir, tfEnv, reporter, false)
    : await planThenApply(stackDir, tfEnv, reporter, false);
  const outputs = parseOutputJson(
    (await checked(stackDir, ["output", "-json", "-no-color"], tfEnv, "read the outputs")).stdout,
  );
  // The emulator's inbox is where the console reads alerts: its subscriptions need their click.
  if (target === "local" && endpoint) await confirmAlertInboxStep(endpoint, loadInfraConfig(env), reporter);
  if (stateDir) writeDeployedMarker(stateDir, stackName(target), fingerprint, outputs);
  return { stackDir, outputs, changes };
}

/** `npm run destroy`: the same stack, planned with -destroy and applied. */
export async function destroy(request: DeployRequest): Promise<{ stackDir: string; changes: Changes }> {
  const { target, reporter } = request;
  const env = request.env ?? process.env;
  const { stackDir, tfEnv, stateDir, endpoint } = await prepare(request, env);
  await init(stackDir, tfEnv, reporter);
  const changes = endpoint
    ? await converge(stackDir, tfEnv, reporter, true)
    : await planThenApply(stackDir, tfEnv, reporter, true);
  if (stateDir) removeDeployedMarker(stateDir, stackName(target));
  return { stackDir, changes };
}

async function prepare(request: DeployRequest, env: NodeJS.ProcessEnv) {
  const { target, reporter } = request;
  const config = loadInfraConfig(env);
  const settings = targetSettings(target, config);
  if (target === "aws") {
    await assertAwsDeployAllowed({
      confirmed: request.confirmed === true,
      env,
      reporter,
      region: config.region,
    });
  } else if (settings.endpoint) {
    await assertEndpointAnswers(target, settings.endpoint);
  }
  const stateDirs = localStateDirs(env);
  const stateDir = target === "aws" ? undefined : stateDirs[target];
  const dirs = await timedStep(reporter, `synthesized ${stackName(target)}`, () =>
    synthTargets({
      targets: [target],
      config,
      build: request.build !== false,
      outdir: request.outdir ?? defaultOutdir(env),
      localStateDirs: stateDirs,
    }),
  );
  const stackDir = dirs[stackName(target)];
  if (!stackDir) throw new DeployError(`synth wrote no stack for ${target}`);
  const terraform = terraformEnvironment(stackDir, env);
  reporter.info(terraform.description);
  return {
    stackDir,
    bootstrapDir: dirs[BOOTSTRAP_STACK],
    tfEnv: terraform.env,
    stateDir,
    endpoint: settings.endpoint,
  };
}

/**
 * The `aws` stack's backend bucket and lock table, applied first (a no-op plan once they
 * exist): `terraform init` of the main stack fails without them.
 */
async function bootstrapRemoteState(dir: string, tfEnv: Record<string, string>, reporter: DeployReporter) {
  await init(dir, tfEnv, reporter);
  await planThenApply(dir, tfEnv, reporter, false, "the state bucket and lock table: ");
}

const NO_CHANGES: Changes = { add: 0, change: 0, remove: 0 };

/**
 * AWS: a saved plan, its summary printed, then exactly that plan applied: what was reported
 * is what happens to a real account.
 */
async function planThenApply(
  dir: string,
  tfEnv: Record<string, string>,
  reporter: DeployReporter,
  destroying: boolean,
  what = destroying ? "the destroy: " : "",
): Promise<Changes> {
  const changes = await timedStep(
    reporter,
    (c) => `planned ${what}${describeChanges(c)}`,
    () => plan(dir, tfEnv, destroying),
  );
  if (changes === "none") return NO_CHANGES;
  await apply(dir, tfEnv, reporter, changes);
  return changes;
}

/**
 * Local targets: one `apply -auto-approve` that plans and applies in a single run, which saves
 * the seconds a separate plan spends starting the provider again (a throwaway stack).
 */
async function converge(
  dir: string,
  tfEnv: Record<string, string>,
  reporter: DeployReporter,
  destroying: boolean,
): Promise<Changes> {
  const planned = new Set<string>();
  let done = 0;
  let summary: Changes = NO_CHANGES;
  await timedStep(
    reporter,
    () => `applied ${describeChanges(summary)}`,
    async () => {
      const args = ["apply", "-input=false", "-json", "-auto-approve"];
      if (destroying) args.push("-destroy");
      const result = await runTerraform({
        cwd: dir,
        args,
        env: tfEnv,
        onLine: (line) => {
          const event = parseTerraformEvent(line);
          if (!event) return;
          // Data sources are read, not changed: they count in neither the total nor the progress.
          if (event.type === "planned_change" && event.change && event.change.action !== "read") {
            planned.add(event.change.resource.addr);
          }
          if (event.type === "change_summary" && event.changes) {
            summary = { add: event.changes.add, change: event.changes.change, remove: event.changes.remove };
          }
          if (event.type === "apply_complete" && event.hook?.resource && event.hook.action !== "read") {
            done += 1;
            reporter.resource?.(
              done,
              planned.size,
              event.hook.resource.addr,
              event.hook.action ?? "",
              event.hook.elapsed_seconds ?? 0,
            );
          }
        },
      });
      if (result.code !== 0) throw failure(destroying ? "destroy" : "apply", result);
    },
  );
  return summary;
}

async function init(
  stackDir: string,
  tfEnv: Record<string, string>,
  reporter: DeployReporter,
): Promise<void> {
  // -reconfigure: a moved state folder (another DARKROOM_STATE_DIR) is a new backend, not a migration.
  await timedStep(reporter, "terraform init", () =>
    checked(stackDir, ["init", "-input=false", "-no-color", "-reconfigure"], tfEnv, "initialise"),
  );
}

/** The plan's summary, or "none" when there is nothing to do (exit code 0). */
async function plan(
  stackDir: string,
  tfEnv: Record<string, string>,
  destroying: boolean,
): Promise<Changes | "none"> {
  const args = ["plan", "-input=false", "-json", "-detailed-exitcode", `-out=${PLAN_FILE}`];
  if (destroying) args.push("-destroy");
  const result = await runTerraform({ cwd: stackDir, args, env: tfEnv });
  if (result.code === 0) return "none";
  if (result.code !== 2) throw failure("plan", result);
  for (const line of result.stdout.split("\n")) {
    const changes = parseTerraformEvent(line)?.changes;
    if (changes) return { add: changes.add, change: changes.change, remove: changes.remove };
  }
  throw new DeployError("terraform plan reported changes but no change summary");
}

async function apply(
  stackDir: string,
  tfEnv: Record<string, string>,
  reporter: DeployReporter,
  changes: Changes,
): Promise<void> {
  const total = changes.add + changes.change + changes.remove;
  let done = 0;
  await timedStep(reporter, `applied ${describeChanges(changes)}`, async () => {
    const result = await runTerraform({
      cwd: stackDir,
      args: ["apply", "-input=false", "-json", "-auto-approve", PLAN_FILE],
      env: tfEnv,
      onLine: (line) => {
        const event = parseTerraformEvent(line);
        if (event?.type !== "apply_complete" || !event.hook?.resource) return;
        done += 1;
        reporter.resource?.(
          done,
          total,
          event.hook.resource.addr,
          event.hook.action ?? "",
          event.hook.elapsed_seconds ?? 0,
        );
      },
    });
    if (result.code !== 0) throw failure("apply", result);
  });
}

async function checked(
  stackDir: string,
  args: string[],
  tfEnv: Record<string, string>,
  purpose: string,
): Promise<TerraformResult> {
  const result = await runTerraform({ cwd: stackDir, args, env: tfEnv });
  if (result.code !== 0) throw failure(purpose, result);
  return result;
}

function failure(step: string, result: TerraformResult): DeployError {
  const errors = errorsIn(result.stdout);
  const said =
    errors.length > 0 ? errors.join("\n  ") : `${result.stderr.trim()}\n${result.stdout.trim()}`.trim();
  return new DeployError(`terraform ${step} failed (exit ${result.code}):\n  ${said}`);
}

export function describeChanges(changes: Changes | "none"): string {
  if (changes === "none") return "no changes";
  return `${changes.add} to add, ${changes.change} to change, ${changes.remove} to destroy`;
}
