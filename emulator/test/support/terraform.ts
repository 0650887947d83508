import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** Where a filesystem mirror of the AWS provider may already be on this machine (CI images pre-install one). */
const KNOWN_MIRRORS = [
  "/opt/tf-plugins",
  "/usr/share/terraform/plugins",
  join(process.env.HOME ?? "", ".terraform.d/plugins"),
];
const PROVIDER_DIR = "registry.terraform.io/hashicorp/aws";

export interface TerraformResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Written once per test worker, not once per terraform call: each copy stays in the temp dir. */
let generated: string | undefined;

/**
 * The CLI config to run Terraform with. An existing TF_CLI_CONFIG_FILE wins; otherwise
 * DARKROOM_TF_PROVIDER_MIRROR or a known mirror directory holding the AWS provider is
 * used offline; otherwise Terraform downloads the provider as usual.
 */
export function terraformCliConfig(): string | undefined {
  generated ??= writeCliConfig();
  return generated;
}

function writeCliConfig(): string | undefined {
  const configured = process.env.TF_CLI_CONFIG_FILE;
  if (configured && existsSync(configured)) return configured;
  const candidates = [process.env.DARKROOM_TF_PROVIDER_MIRROR, ...KNOWN_MIRRORS].filter(
    (d): d is string => typeof d === "string" && d !== "",
  );
  const mirror = candidates.find((d) => existsSync(join(d, PROVIDER_DIR)));
  if (!mirror) return undefined;
  const file = join(mkdtempSync(join(tmpdir(), "darkroom-tfrc-")), "terraformrc");
  writeFileSync(
    file,
    `provider_installation {\n  filesystem_mirror {\n    path    = ${JSON.stringify(mirror)}\n    include = ["hashicorp/aws"]\n  }\n  direct {\n    exclude = ["hashicorp/aws"]\n  }\n}\n`,
  );
  return file;
}

/** Runs the real terraform binary in `dir`; never throws on a non-zero exit. */
export function terraform(
  dir: string,
  args: string[],
  env: Record<string, string> = {},
): Promise<TerraformResult> {
  const cliConfig = terraformCliConfig();
  return new Promise((resolve, reject) => {
    execFile(
      "terraform",
      args,
      {
        cwd: dir,
        env: {
          ...process.env,
          TF_IN_AUTOMATION: "1",
          TF_INPUT: "0",
          CHECKPOINT_DISABLE: "1",
          ...(cliConfig ? { TF_CLI_CONFIG_FILE: cliConfig } : {}),
          ...env,
        },
        maxBuffer: 64 * 1024 * 1024,
        timeout: 300_000,
      },
      (error, stdout, stderr) => {
        if (error && typeof error.code !== "number") {
          reject(new Error(`could not run terraform (is Terraform >= 1.5 on the PATH?): ${error.message}`));
          return;
        }
        resolve({ code: typeof error?.code === "number" ? error.code : 0, stdout, stderr });
      },
    );
  });
}
