import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { errorsIn, parseTerraformEvent } from "../terraform/json-events.ts";
import { holdsAwsProvider, providerSource, writeMirrorCliConfig } from "../terraform/provider-mirror.ts";

function mirrorWith(layout: "unpacked" | "packed" | "empty"): string {
  const dir = mkdtempSync(join(tmpdir(), "darkroom-mirror-"));
  const provider = join(dir, "registry.terraform.io", "hashicorp", "aws");
  if (layout === "unpacked") {
    mkdirSync(join(provider, "5.100.0", "linux_amd64"), { recursive: true });
    writeFileSync(join(provider, "5.100.0", "linux_amd64", "terraform-provider-aws_v5.100.0_x5"), "");
  } else if (layout === "packed") {
    mkdirSync(provider, { recursive: true });
    writeFileSync(join(provider, "terraform-provider-aws_5.100.0_linux_amd64.zip"), "");
  } else {
    mkdirSync(join(provider, "5.99.0", "linux_amd64"), { recursive: true });
  }
  return dir;
}

describe("where Terraform gets the AWS provider", () => {
  const home = mkdtempSync(join(tmpdir(), "darkroom-home-"));

  it("reads both mirror layouts, and only the pinned version", () => {
    expect(holdsAwsProvider(mirrorWith("unpacked"))).toBe(true);
    expect(holdsAwsProvider(mirrorWith("packed"))).toBe(true);
    expect(holdsAwsProvider(mirrorWith("empty"))).toBe(false);
  });

  it("uses DARKROOM_TF_PLUGIN_DIR first, and refuses one without the provider", () => {
    const mirror = mirrorWith("unpacked");
    expect(
      providerSource({ HOME: home, DARKROOM_TF_PLUGIN_DIR: mirror, TF_CLI_CONFIG_FILE: "/etc/hosts" }),
    ).toEqual({
      kind: "plugin-dir",
      dir: mirror,
      setting: true,
    });
    const empty = mirrorWith("empty");
    expect(() => providerSource({ HOME: home, DARKROOM_TF_PLUGIN_DIR: empty })).toThrow(
      /DARKROOM_TF_PLUGIN_DIR=.* holds no registry.terraform.io\/hashicorp\/aws 5.100.0/,
    );
  });

  it("keeps the user's TF_CLI_CONFIG_FILE, then looks in Terraform's own plugin folders", () => {
    const config = join(home, "terraformrc");
    writeFileSync(config, "");
    expect(providerSource({ HOME: home, TF_CLI_CONFIG_FILE: config })).toEqual({
      kind: "cli-config",
      file: config,
    });
    const userHome = mkdtempSync(join(tmpdir(), "darkroom-home-"));
    const plugins = join(userHome, ".terraform.d", "plugins");
    // A mirror in ~/.terraform.d/plugins is found without any setting.
    const target = join(plugins, "registry.terraform.io", "hashicorp", "aws", "5.100.0", "linux_amd64");
    mkdirSync(target, { recursive: true });
    writeFileSync(join(target, "terraform-provider-aws_v5.100.0_x5"), "");
    expect(providerSource({ HOME: userHome })).toMatchObject({
      kind: "plugin-dir",
      dir: plugins,
      setting: false,
    });
  });

  it("writes a CLI config that takes only the AWS provider from the mirror", () => {
    const file = writeMirrorCliConfig("/opt/my mirror", mkdtempSync(join(tmpdir(), "darkroom-rc-")));
    const text = readFileSync(file, "utf8");
    expect(text).toContain('path    = "/opt/my mirror"');
    expect(text).toMatch(/filesystem_mirror \{[^}]*include = \["registry.terraform.io\/hashicorp\/aws"\]/);
    expect(text).toMatch(/direct \{[^}]*exclude = \["registry.terraform.io\/hashicorp\/aws"\]/);
  });
});

describe("Terraform's -json output", () => {
  it("reads the change summary, and the errors with their resource", () => {
    const summary = parseTerraformEvent(
      '{"@level":"info","@message":"Plan: 2 to add, 0 to change, 1 to destroy.","type":"change_summary","changes":{"add":2,"change":0,"import":0,"remove":1,"operation":"plan"}}',
    );
    expect(summary?.changes).toEqual({ add: 2, change: 0, remove: 1, operation: "plan" });
    const stdout = [
      "not json",
      '{"@level":"error","type":"diagnostic","diagnostic":{"severity":"error","summary":"creating S3 Bucket","detail":"AccessDenied","address":"aws_s3_bucket.uploads"}}',
      '{"@level":"warn","type":"diagnostic","diagnostic":{"severity":"warning","summary":"deprecated"}}',
    ].join("\n");
    expect(errorsIn(stdout)).toEqual(["creating S3 Bucket (aws_s3_bucket.uploads): AccessDenied"]);
  });
});
