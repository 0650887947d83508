import { copyFileSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect } from "vitest";
import { providerSource, writeMirrorCliConfig } from "../../../infra/terraform/provider-mirror.ts";
import { runTerraform, type TerraformResult } from "../../../infra/terraform/terraform-process.ts";

export type { TerraformResult };

/** Written once per test worker, not once per terraform call: each copy stays in the temp dir. */
let generated: { file: string | undefined } | undefined;

/**
 * The CLI config to run Terraform with, from the same settings a deploy reads
 * (infra/terraform/provider-mirror.ts): DARKROOM_TF_PLUGIN_DIR, the user's TF_CLI_CONFIG_FILE,
 * or a known mirror directory; otherwise Terraform downloads the provider as usual.
 */
export function terraformCliConfig(): string | undefined {
  generated ??= { file: cliConfigFile() };
  return generated.file;
}

function cliConfigFile(): string | undefined {
  const source = providerSource(process.env);
  switch (source.kind) {
    case "plugin-dir":
      return writeMirrorCliConfig(source.dir, mkdtempSync(join(tmpdir(), "darkroom-tfrc-")));
    case "cli-config":
      return source.file;
    case "registry":
      return undefined;
  }
}

/** Runs the real terraform binary in `dir` with that config; never throws on a non-zero exit. */
export function terraform(
  dir: string,
  args: string[],
  env: Record<string, string> = {},
): Promise<TerraformResult> {
  const cliConfig = terraformCliConfig();
  return runTerraform({
    cwd: dir,
    args,
    env: { ...(cliConfig ? { TF_CLI_CONFIG_FILE: cliConfig } : {}), ...env },
    timeoutMs: 300_000,
  });
}

/** The message a failed step's assertion shows: its exit code and both outputs. */
export function explain(step: string, r: TerraformResult): string {
  return `terraform ${step} exited ${r.code}\n--- stdout ---\n${r.stdout}\n--- stderr ---\n${r.stderr}`;
}

/** `terraform output -raw name` in `dir`, which must succeed. */
export async function output(dir: string, name: string): Promise<string> {
  const r = await terraform(dir, ["output", "-raw", "-no-color", name]);
  expect(r.code, explain(`output ${name}`, r)).toBe(0);
  return r.stdout.trim();
}

/**
 * Puts a fixture in `dir` as main.tf, with localProviderHcl's head beside it as
 * provider.tf: the fixtures hold only their resources (and any variables of their own).
 */
export function writeFixture(
  dir: string,
  fixture: string,
  services: readonly string[],
  options: { s3PathStyle?: boolean } = {},
): void {
  writeFileSync(join(dir, "provider.tf"), localProviderHcl(services, options));
  copyFileSync(fixture, join(dir, "main.tf"));
}

/**
 * The head of an inline test configuration: the pinned provider, `endpoint` and `name`
 * variables, and a provider that sends the given services to `var.endpoint` with test keys
 * (credentials are validated: the emulator's STS answers).
 */
export function localProviderHcl(
  services: readonly string[],
  options: { s3PathStyle?: boolean } = {},
): string {
  const width = Math.max(...services.map((service) => service.length));
  const endpoints = [...services]
    .sort()
    .map((service) => `    ${service.padEnd(width)} = var.endpoint`)
    .join("\n");
  const pathStyle = options.s3PathStyle ? "  s3_use_path_style           = true\n" : "";
  return `terraform {
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "5.100.0"
    }
  }
}

variable "endpoint" {
  type = string
}

variable "name" {
  type = string
}

provider "aws" {
  region                      = "us-east-1"
  access_key                  = "test"
  secret_key                  = "test"
${pathStyle}  skip_metadata_api_check     = true
  skip_region_validation      = true
  skip_credentials_validation = false

  endpoints {
${endpoints}
  }
}
`;
}
