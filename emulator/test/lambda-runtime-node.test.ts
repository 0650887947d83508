import { execFileSync } from "node:child_process";
import { chmod, mkdir, writeFile } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { cachedNodePath, NodeBinaries, nodeCacheDir } from "../src/services/lambda/runtime/node-binary.ts";
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

describe("nodeCacheDir", () => {
  it("finds the nearest .darkroom/node upwards from where npm ran, else names one right there", async () => {
    const project = await tempDir();
    const workspace = join(project, "admin", "web");
    await mkdir(workspace, { recursive: true });
    expect(nodeCacheDir({ INIT_CWD: workspace })).toBe(join(workspace, ".darkroom", "node"));
    await mkdir(join(project, ".darkroom", "node"), { recursive: true });
    expect(nodeCacheDir({ INIT_CWD: workspace })).toBe(join(project, ".darkroom", "node"));
    expect(nodeCacheDir({}, workspace)).toBe(join(project, ".darkroom", "node"));
    await mkdir(join(workspace, ".darkroom", "node"), { recursive: true });
    expect(nodeCacheDir({ INIT_CWD: workspace })).toBe(join(workspace, ".darkroom", "node"));
  });

  it("resolves DARKROOM_LAMBDA_NODE_DIR from where npm ran, without searching", async () => {
    const project = await tempDir();
    await mkdir(join(project, ".darkroom", "node"), { recursive: true });
    const workspace = join(project, "admin");
    expect(nodeCacheDir({ INIT_CWD: workspace, DARKROOM_LAMBDA_NODE_DIR: "bin/node" })).toBe(
      join(workspace, "bin", "node"),
    );
  });
});

describe("NodeBinaries", () => {
  it("prefers DARKROOM_LAMBDA_NODE_<major>, then the host's Node of that major, then node<major> on PATH", async () => {
    const dir = await tempDir();
    const configured = await nodeWrapper(dir, "my-node", "setting");
    const onPath = await nodeWrapper(dir, "node24", "path");
    const warnings: string[] = [];
    const nodes = new NodeBinaries({
      settings: {
        DARKROOM_LAMBDA_NODE_20: configured,
        DARKROOM_LAMBDA_NODE_DIR: await tempDir(),
        PATH: `/nonexistent:${dir}`,
      },
      warn: (m) => warnings.push(m),
      hostExecPath: "/host/node",
      hostVersion: "v22.11.0",
    });
    expect(nodes.resolve("nodejs20.x")).toEqual({ path: configured, olderHostStandsIn: false });
    expect(nodes.resolve("nodejs22.x")).toEqual({ path: "/host/node", olderHostStandsIn: false });
    expect(nodes.resolve("nodejs24.x")).toEqual({ path: onPath, olderHostStandsIn: false });
    expect(warnings).toEqual([]);
  });

  it("falls back to the host's Node and says so once per runtime", async () => {
    const warnings: string[] = [];
    const nodes = new NodeBinaries({
      settings: {
        PATH: "/nonexistent",
        DARKROOM_LAMBDA_NODE_24: "/no/such/node",
        DARKROOM_LAMBDA_NODE_DIR: await tempDir(),
      },
      warn: (m) => warnings.push(m),
      hostExecPath: "/host/node",
      hostVersion: "v20.19.0",
    });
    const standIn = { path: "/host/node", olderHostStandsIn: true };
    expect(nodes.resolve("nodejs24.x")).toEqual(standIn);
    expect(nodes.resolve("nodejs24.x")).toEqual(standIn);
    expect(nodes.resolve("nodejs22.x")).toEqual(standIn);
    expect(warnings).toEqual([
      expect.stringContaining("DARKROOM_LAMBDA_NODE_24=/no/such/node is not an executable file"),
      expect.stringMatching(
        /nodejs24\.x run on this host's Node v20\.19\.0 .*lambda:node -- 24.*DARKROOM_LAMBDA_NODE_24/,
      ),
      expect.stringMatching(
        /nodejs22\.x run on this host's Node v20\.19\.0 .*lambda:node -- 22.*DARKROOM_LAMBDA_NODE_22/,
      ),
    ]);
  });

  it("does not call a newer host Node standing in for an older runtime older", async () => {
    const nodes = new NodeBinaries({
      settings: { PATH: "/nonexistent", DARKROOM_LAMBDA_NODE_DIR: await tempDir() },
      warn: () => {},
      hostExecPath: "/host/node",
      hostVersion: "v24.1.0",
    });
    expect(nodes.resolve("nodejs20.x")).toEqual({ path: "/host/node", olderHostStandsIn: false });
  });

  it("finds what `npm run lambda:node` cached, before node<major> on PATH", async () => {
    const cache = await tempDir();
    const pathDir = await tempDir();
    await nodeWrapper(pathDir, "node24", "path");
    await mkdir(dirname(cachedNodePath(cache, 24)), { recursive: true });
    const cached = await nodeWrapper(dirname(cachedNodePath(cache, 24)), "node", "cache");
    const settings = { DARKROOM_LAMBDA_NODE_DIR: cache, PATH: pathDir };
    const nodes = new NodeBinaries({ settings, warn: () => {}, hostVersion: "v20.19.0" });
    expect(nodes.resolve("nodejs24.x")).toEqual({ path: cached, olderHostStandsIn: false });
    // A relative setting resolves from where npm was run, as the script writes it.
    const relative = new NodeBinaries({
      settings: { DARKROOM_LAMBDA_NODE_DIR: basename(cache), INIT_CWD: dirname(cache) },
      warn: () => {},
      hostVersion: "v20.19.0",
    });
    expect(relative.resolve("nodejs24.x").path).toBe(cached);
    const rt = await runtimeUnderTest({ settings });
    const probe = (await rt.invoke(snapshot(fixture("probe"), { runtime: "nodejs24.x" }))).body as {
      env: Record<string, string>;
    };
    expect(probe.env.WRAPPED_BY).toBe("cache");
  });

  it("runs functions on the configured binary", async () => {
    const dir = await tempDir();
    const major = Number(process.versions.node.split(".")[0]);
    const other = major === 22 ? 24 : 22;
    const wrapper = await nodeWrapper(dir, "node-other", "configured");
    const rt = await runtimeUnderTest({
      settings: { [`DARKROOM_LAMBDA_NODE_${other}`]: wrapper, DARKROOM_LAMBDA_NODE_DIR: await tempDir() },
    });
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

const HOST_MAJOR = Number(process.versions.node.split(".")[0]);

/** The majors of real binaries `npm run lambda:node` fetched into this checkout's cache, other than the host's. */
function fetchedMajors(): number[] {
  return [20, 22, 24].filter((major) => {
    if (major === HOST_MAJOR) return false;
    try {
      const version = execFileSync(cachedNodePath(nodeCacheDir(process.env), major), ["--version"], {
        encoding: "utf8",
      });
      return version.startsWith(`v${major}.`);
    } catch {
      return false;
    }
  });
}

describe("real Node binaries from `npm run lambda:node`", () => {
  it("runs each runtime on the fetched Node of its major", async (ctx) => {
    const majors = fetchedMajors();
    if (majors.length === 0) {
      ctx.skip(
        `no Node binary other than the host's v${HOST_MAJOR} in ${nodeCacheDir(process.env)}: run \`npm run lambda:node\` first`,
      );
    }
    const rt = await runtimeUnderTest({ settings: process.env });
    for (const major of majors) {
      const fn = snapshot(fixture("sdk-client"), { runtime: `nodejs${major}.x` });
      const out = await rt.invoke(fn);
      expect(out.functionError, out.payload.toString()).toBeUndefined();
      expect(out.body).toMatchObject({ node: expect.stringMatching(new RegExp(`^v${major}\\.`)) });
      expect(rt.logs.messages(fn.logGroup)[0]).toMatch(
        new RegExp(`^INIT_START Runtime Version: nodejs:${major}\\.v`),
      );
    }
    expect(rt.warnings).toEqual([]);
  });
});

describe("the host's Node standing in for a newer runtime", () => {
  /** A runtime of a newer major than the host's, with no binary of its own to be found. */
  const newer = [22, 24].find((major) => major > HOST_MAJOR);

  it("keeps the AWS SDK's NodeVersionSupportWarning out of the function's log", async (ctx) => {
    if (newer === undefined) ctx.skip(`no supported runtime is newer than the host's Node v${HOST_MAJOR}`);
    const rt = await runtimeUnderTest({
      settings: { PATH: "/nonexistent", DARKROOM_LAMBDA_NODE_DIR: await tempDir() },
    });
    const fn = snapshot(fixture("sdk-client"), { runtime: `nodejs${newer}.x` });
    const out = await rt.invoke(fn);
    expect(out.functionError, out.payload.toString()).toBeUndefined();
    expect(out.body).toEqual({ node: process.version, region: "us-east-1", warningDisabled: "true" });
    expect(rt.warnings).toEqual([expect.stringContaining(`nodejs${newer}.x run on this host's Node`)]);
    expect(rt.logs.messages(fn.logGroup).join("")).not.toContain("NodeVersionSupportWarning");
  });

  it("leaves the warning alone where the runtime's own Node runs", async (ctx) => {
    if (!supportedRuntime(`nodejs${HOST_MAJOR}.x`))
      ctx.skip(`no Lambda runtime names the host's Node ${HOST_MAJOR}`);
    const rt = await runtimeUnderTest({
      settings: { PATH: "/nonexistent", DARKROOM_LAMBDA_NODE_DIR: await tempDir() },
    });
    const fn = snapshot(fixture("sdk-client"), { runtime: `nodejs${HOST_MAJOR}.x` });
    const out = await rt.invoke(fn);
    expect(out.functionError, out.payload.toString()).toBeUndefined();
    expect(out.body).toMatchObject({ node: process.version, warningDisabled: null });
    // Below Node 22 the SDK warns, on AWS too: the case above is only quiet because it is handled.
    const log = rt.logs.messages(fn.logGroup).join("");
    if (HOST_MAJOR < 22) expect(log).toContain("NodeVersionSupportWarning");
    else expect(log).not.toContain("NodeVersionSupportWarning");
  });
});
