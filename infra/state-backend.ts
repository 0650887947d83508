import { join, relative } from "node:path";
import { LocalBackend, S3Backend, type TerraformStack } from "cdktf";
import { configFromEnv, resolveStateDir } from "../emulator/src/config.ts";
import { REPO_ROOT } from "../lambdas/build/repo-paths.ts";
import type { InfraConfig } from "./config.ts";

/**
 * Local targets' state, one file per stack, beside the emulator's state (git-ignored). Not in
 * cdktf.out: a fresh synth or a deleted output folder must not forget what was deployed.
 */
export const LOCAL_STATE_DIR = join(REPO_ROOT, ".darkroom", "terraform");

/**
 * Where each local target's state file goes. The `local` stack describes what the emulator
 * holds, so its state lives in the emulator's state folder: a fresh DARKROOM_STATE_DIR starts
 * both afresh, and deleting one without the other cannot happen by accident.
 */
export function localStateDirs(env: NodeJS.ProcessEnv = process.env): Record<"local" | "localstack", string> {
  return {
    local: join(resolveStateDir(configFromEnv(env).stateDir, env), "terraform"),
    localstack: LOCAL_STATE_DIR,
  };
}

/** Where the `aws` target's state lives, and the table that locks it during a run. */
export function remoteStateSettings(config: InfraConfig) {
  return {
    bucket: config.state.bucket,
    key: `${config.namePrefix}/terraform.tfstate`,
    region: config.region,
    dynamodbTable: config.state.lockTable,
    encrypt: true,
  };
}

/**
 * The `aws` target keeps its state in S3 with DynamoDB locking, so a team or CI share one
 * state; the bucket and table must exist before `terraform init` (state-bootstrap.ts).
 */
export function useRemoteState(stack: TerraformStack, config: InfraConfig): S3Backend {
  return new S3Backend(stack, remoteStateSettings(config));
}

/**
 * A local file, named relative to the folder Terraform runs in (`stackDir`), so the JSON holds
 * no path of this machine (CDKTF's default would be an absolute path in the current folder).
 */
export function useLocalState(stack: TerraformStack, stackDir: string, stateDir: string): LocalBackend {
  return new LocalBackend(stack, { path: relative(stackDir, join(stateDir, `${stack.node.id}.tfstate`)) });
}
