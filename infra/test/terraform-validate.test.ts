import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { App } from "cdktf";
import { describe, expect, it } from "vitest";
import { type TerraformResult, terraform } from "../../emulator/test/support/terraform.ts";
import { BOOTSTRAP_STACK, DarkroomStack, StateBootstrapStack, stackName } from "../../main.ts";
import { loadInfraConfig } from "../config.ts";
import { TARGETS } from "../targets.ts";
import { architectureOf, fixtureDist, resources, type TerraformJson } from "./support/synth.ts";

function explain(step: string, r: TerraformResult): string {
  return `terraform ${step} exited ${r.code}\n--- stdout ---\n${r.stdout}\n--- stderr ---\n${r.stderr}`;
}

/**
 * Acceptance item 2: what `npm run synth` writes for each target is valid Terraform, checked by
 * Terraform itself with the pinned AWS provider (from a local mirror when there is one).
 */
describe.each(TARGETS)("the %s target's synthesized Terraform", (target) => {
  it("passes terraform validate", { timeout: 180_000 }, async () => {
    const app = new App({ outdir: mkdtempSync(join(tmpdir(), "darkroom-synth-")) });
    const distDir = fixtureDist(architectureOf(target));
    new DarkroomStack(app, stackName(target), {
      target,
      config: loadInfraConfig({}),
      lambdaDistDir: distDir,
    });
    app.synth();
    const dir = join(app.outdir, "stacks", stackName(target));
    const json = JSON.parse(readFileSync(join(dir, "cdk.tf.json"), "utf8")) as TerraformJson;
    // The zips are found from where Terraform runs.
    for (const [, fn] of resources(json, "aws_lambda_function")) {
      expect(existsSync(resolve(dir, String(fn.filename))), String(fn.filename)).toBe(true);
    }

    const init = await terraform(dir, ["init", "-backend=false", "-input=false", "-no-color"]);
    expect(init.code, explain("init", init)).toBe(0);
    const validate = await terraform(dir, ["validate", "-no-color"]);
    expect(validate.code, explain("validate", validate)).toBe(0);
    expect(validate.stdout).toContain("The configuration is valid");
  });
});

describe("the aws target's state bootstrap", () => {
  it("passes terraform validate, with its own state on this machine", { timeout: 180_000 }, async () => {
    const app = new App({ outdir: mkdtempSync(join(tmpdir(), "darkroom-synth-")) });
    new StateBootstrapStack(app, BOOTSTRAP_STACK, { config: loadInfraConfig({}) });
    app.synth();
    const dir = join(app.outdir, "stacks", BOOTSTRAP_STACK);
    const json = JSON.parse(readFileSync(join(dir, "cdk.tf.json"), "utf8")) as TerraformJson;
    expect(json.terraform).toMatchObject({
      backend: { local: { path: expect.stringMatching(/darkroom-aws-bootstrap\.tfstate$/) } },
    });
    expect(resources(json, "aws_s3_bucket").map(([, b]) => b.bucket)).toEqual(["darkroom-terraform-state"]);

    const init = await terraform(dir, ["init", "-backend=false", "-input=false", "-no-color"]);
    expect(init.code, explain("init", init)).toBe(0);
    const validate = await terraform(dir, ["validate", "-no-color"]);
    expect(validate.code, explain("validate", validate)).toBe(0);
  });
});
