import { existsSync, mkdirSync, readdirSync, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";

/** The provider version the synthesized JSON pins (@cdktf/provider-aws 20.1.0 targets it). */
export const AWS_PROVIDER_VERSION = "5.100.0";
const PROVIDER_PATH = join("registry.terraform.io", "hashicorp", "aws");

/**
 * Plugin directories to look in when DARKROOM_TF_PLUGIN_DIR is unset: Terraform's own implicit
 * local mirrors, then places CI images put a mirror. A hit is announced, so nothing is hidden.
 */
export function knownPluginDirs(home = homedir()): string[] {
  return [
    join(home, ".terraform.d", "plugins"),
    join(home, ".local", "share", "terraform", "plugins"),
    "/usr/local/share/terraform/plugins",
    "/usr/share/terraform/plugins",
    "/opt/tf-plugins",
  ];
}

/**
 * True if `dir` is a mirror holding the AWS provider in either layout Terraform reads:
 * unpacked (`<dir>/registry.terraform.io/hashicorp/aws/<version>/<os_arch>/`) or packed (`.zip`).
 */
export function holdsAwsProvider(dir: string, version = AWS_PROVIDER_VERSION): boolean {
  const providerDir = join(dir, PROVIDER_PATH);
  if (!existsSync(providerDir)) return false;
  if (readdirSync(providerDir).some((file) => file.startsWith(`terraform-provider-aws_${version}_`)))
    return true;
  const versionDir = join(providerDir, version);
  if (!existsSync(versionDir)) return false;
  return readdirSync(versionDir).some((platform) =>
    readdirSync(join(versionDir, platform)).some((file) => file.startsWith("terraform-provider-aws")),
  );
}

/** How Terraform gets the AWS provider: from a mirror, from the user's CLI config, or downloaded. */
export type ProviderSource =
  | { kind: "plugin-dir"; dir: string; setting: boolean }
  | { kind: "cli-config"; file: string }
  | { kind: "registry" };

/**
 * DARKROOM_TF_PLUGIN_DIR wins and must hold the provider; then the user's TF_CLI_CONFIG_FILE;
 * then a known plugin directory holding it; otherwise Terraform downloads it as usual.
 */
export function providerSource(env: Record<string, string | undefined> = process.env): ProviderSource {
  const setting = env.DARKROOM_TF_PLUGIN_DIR;
  if (setting) {
    if (!holdsAwsProvider(setting)) {
      throw new Error(
        `DARKROOM_TF_PLUGIN_DIR=${setting} holds no ${PROVIDER_PATH} ${AWS_PROVIDER_VERSION}: ` +
          `fill it with \`terraform providers mirror ${setting}\` on a machine with network, or unset it`,
      );
    }
    return { kind: "plugin-dir", dir: setting, setting: true };
  }
  const cliConfig = env.TF_CLI_CONFIG_FILE;
  if (cliConfig && existsSync(cliConfig)) return { kind: "cli-config", file: cliConfig };
  const found = knownPluginDirs(env.HOME ?? homedir()).find((dir) => holdsAwsProvider(dir));
  return found ? { kind: "plugin-dir", dir: found, setting: false } : { kind: "registry" };
}

/** One line for the user: where the provider comes from. */
export function describeProviderSource(source: ProviderSource): string {
  switch (source.kind) {
    case "plugin-dir":
      return source.setting
        ? `AWS provider from DARKROOM_TF_PLUGIN_DIR=${source.dir}`
        : `AWS provider from the mirror found at ${source.dir} (set DARKROOM_TF_PLUGIN_DIR to choose)`;
    case "cli-config":
      return `AWS provider as TF_CLI_CONFIG_FILE=${source.file} says`;
    case "registry":
      return "AWS provider from registry.terraform.io (offline? set DARKROOM_TF_PLUGIN_DIR to a mirror)";
  }
}

/**
 * A CLI config that installs the AWS provider from `mirror` and anything else as usual, for
 * commands that take no -plugin-dir (tests running plan/apply in their own folders).
 */
export function writeMirrorCliConfig(mirror: string, dir: string): string {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, "terraformrc");
  writeFileSync(
    file,
    [
      "provider_installation {",
      "  filesystem_mirror {",
      `    path    = ${JSON.stringify(mirror)}`,
      '    include = ["registry.terraform.io/hashicorp/aws"]',
      "  }",
      "  direct {",
      '    exclude = ["registry.terraform.io/hashicorp/aws"]',
      "  }",
      "}",
      "",
    ].join("\n"),
  );
  return file;
}
