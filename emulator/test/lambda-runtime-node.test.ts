import { chmod, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { NodeBinaries } from "../src/services/lambda/runtime/node-binary.ts";
import { SUPPORTED_RUNTIMES, supportedRuntime } from "../src/services/lambda/runtime/runtimes.ts";
import { fixture, runtimeUnderTest, snapshot } from "./support/lambda-runtime.ts";
import { tempDir } from "./support/temp-dir.ts";

/** An executable that runs the host's Node, marking the environment so a test can tell it was used. */
async function nodeWrapper(dir: string, name: string, marker: string): Promise<string> {
  const file = join(dir, name);
  await writeFile(file, `#!/bin/sh\nexport WRAPPED_BY=${marker}\nexec "${process.execPath}" "$@"\n`);
  await chmod(file, 0o755);
  return file;
}

describe("supportedRuntime", () => {
  it("accepts Node.js 20, 22 and 24 only", () => {
    expect(SUPPORTED_RUNTIMES).toEqual(["nodejs20.x", "nodejs22.x", "nodejs24.x"]);
    expect(SUPPORTED_RUNTIMES.every(supportedRuntime)).toBe(true);
    for (const other of ["nodejs18.x", "python3.12", "provided.al2023", "java21", ""]) {
      expect(supportedRuntime(other)).toBe(false);
    }
  });
});

describe("NodeBinaries", () => {
  it("prefers DARKROOM_LAMBDA_NODE_<major>, then the host's Node of that major, then node<major> on PATH", async () => {
    const dir = await tempDir();
    const configured = await nodeWrapper(dir, "my-node", "setting");
    const onPath = await nodeWrapper(dir, "node24", "path");
    const warnings: string[] = [];
    const nodes = new NodeBinaries({
      settings: { DARKROOM_LAMBDA_NODE_20: configured, PATH: `/nonexistent:${dir}` },
      warn: (m) => warnings.push(m),
      hostExecPath: "/host/node",
      hostVersion: "v22.11.0",
    });
    expect(nodes.resolve("nodejs20.x")).toBe(configured);
    expect(nodes.resolve("nodejs22.x")).toBe("/host/node");
    expect(nodes.resolve("nodejs24.x")).toBe(onPath);
    expect(warnings).toEqual([]);
  });

  it("falls back to the host's Node and says so once per runtime", () => {
    const warnings: string[] = [];
    const nodes = new NodeBinaries({
      settings: { PATH: "/nonexistent", DARKROOM_LAMBDA_NODE_24: "/no/such/node" },
      warn: (m) => warnings.push(m),
      hostExecPath: "/host/node",
      hostVersion: "v20.19.0",
    });
    expect(nodes.resolve("nodejs24.x")).toBe("/host/node");
    expect(nodes.resolve("nodejs24.x")).toBe("/host/node");
    expect(nodes.resolve("nodejs22.x")).toBe("/host/node");
    expect(warnings).toEqual([
      expect.stringContaining("DARKROOM_LAMBDA_NODE_24=/no/such/node is not an executable file"),
      expect.stringMatching(/nodejs24\.x run on this host's Node v20\.19\.0 .*DARKROOM_LAMBDA_NODE_24/),
      expect.stringMatching(/nodejs22\.x run on this host's Node v20\.19\.0 .*DARKROOM_LAMBDA_NODE_22/),
    ]);
  });

  it("runs functions on the configured binary", async () => {
    const dir = await tempDir();
    const major = Number(process.versions.node.split(".")[0]);
    const other = major === 22 ? 24 : 22;
    const wrapper = await nodeWrapper(dir, "node-other", "configured");
    const rt = await runtimeUnderTest({ settings: { [`DARKROOM_LAMBDA_NODE_${other}`]: wrapper } });
    const probe = (await rt.invoke(snapshot(fixture("probe"), { runtime: `nodejs${other}.x` }))).body as {
      env: Record<string, string>;
    };
    expect(probe.env.WRAPPED_BY).toBe("configured");
    expect(rt.warnings).toEqual([]);
  });

  it("reports a binary that exits at once as the runtime exiting during init", async () => {
    const dir = await tempDir();
    const broken = join(dir, "not-node");
    await writeFile(broken, "#!/bin/sh\nexit 7\n");
    await chmod(broken, 0o755);
    const rt = await runtimeUnderTest({ settings: { DARKROOM_LAMBDA_NODE_22: broken } });
    const fn = snapshot(fixture("probe"));
    const out = await rt.invoke(fn);
    expect(out.functionError).toBe("Unhandled");
    expect(out.body).toEqual({
      errorType: "Runtime.ExitError",
      errorMessage: `RequestId: ${out.requestId} Error: Runtime exited with error: exit status 7`,
    });
    expect(rt.logs.messages(fn.logGroup).at(-1)).toMatch(
      /\tStatus: error\tError Type: Runtime\.ExitError\t\n$/,
    );
    expect(rt.envs.list()).toEqual([]);
  });
});
