import { execFile } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { distDirFor, readLambdaBundles } from "../lambda-bundles.ts";
import { fixtureDist } from "./support/synth.ts";

describe("the built zips a stack is synthesized from", () => {
  it("are read with their manifest entries", () => {
    const dir = fixtureDist("arm64");
    const bundles = readLambdaBundles(dir, "arm64");
    expect(bundles.processor).toMatchObject({ zipPath: join(dir, "processor.zip"), architecture: "arm64" });
    expect(bundles.api.sha256).toMatch(/^[A-Za-z0-9+/]{43}=$/);
  });

  it("must exist: the error names the build command", () => {
    const empty = mkdtempSync(join(tmpdir(), "darkroom-no-build-"));
    expect(() => readLambdaBundles(empty, "x86_64")).toThrow(
      /no Lambda build .* run npm run build:lambdas -- --arch x86_64/,
    );
  });

  it("must be built for the target's architecture", () => {
    expect(() => readLambdaBundles(fixtureDist("x86_64"), "arm64")).toThrow(
      /built for x86_64, this target needs arm64/,
    );
  });

  it("for AWS (arm64) live beside the local ones", () => {
    expect(distDirFor("arm64")).toBe(join(distDirFor("x86_64"), "arm64"));
  });
});

describe("npm run synth", () => {
  it("refuses an unknown target, naming it", async () => {
    const run = promisify(execFile)(
      "node",
      ["--import", "tsx", "main.ts", "--target", "staging", "--skip-build"],
      {
        cwd: join(import.meta.dirname, "../.."),
      },
    );
    await expect(run).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringContaining("unknown target staging"),
    });
  });
});
