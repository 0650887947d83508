import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { emulatorUrl, uniqueName } from "./support/clients.ts";
import { explain, terraform, writeFixture } from "./support/terraform.ts";

const FIXTURE = fileURLToPath(new URL("./fixtures/terraform/main.tf", import.meta.url));

/** The real Terraform binary and AWS provider 5.100.0 against the emulator: apply, a clean plan, destroy. */
describe("Terraform AWS provider 5.100.0", () => {
  const dir = mkdtempSync(join(tmpdir(), "darkroom-tf-"));
  const vars = ["-var", `endpoint=${emulatorUrl()}`, "-var", `name=${uniqueName("darkroom-tf")}`];

  beforeAll(() => {
    writeFixture(dir, FIXTURE, ["iam", "s3", "sts"], { s3PathStyle: true });
  });

  afterAll(async () => {
    // Leave nothing behind even when an assertion failed midway.
    await terraform(dir, ["destroy", "-auto-approve", "-no-color", ...vars]);
    rmSync(dir, { recursive: true, force: true });
  });

  it("applies, then plans no changes, then destroys", { timeout: 600_000 }, async () => {
    const init = await terraform(dir, ["init", "-no-color", "-input=false"]);
    expect(init.code, explain("init", init)).toBe(0);

    const apply = await terraform(dir, ["apply", "-auto-approve", "-no-color", ...vars]);
    expect(apply.code, explain("apply", apply)).toBe(0);
    expect(apply.stdout).toMatch(/Apply complete! Resources: 12 added, 0 changed, 0 destroyed/);

    const plan = await terraform(dir, ["plan", "-detailed-exitcode", "-no-color", ...vars]);
    // -detailed-exitcode: 0 means no changes, 2 means the state drifted from what was applied.
    expect(plan.code, explain("plan", plan)).toBe(0);

    const destroy = await terraform(dir, ["destroy", "-auto-approve", "-no-color", ...vars]);
    expect(destroy.code, explain("destroy", destroy)).toBe(0);
    expect(destroy.stdout).toMatch(/Destroy complete! Resources: 12 destroyed/);
  });
});
