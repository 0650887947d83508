import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { readFile, rm } from "node:fs/promises";
import { homedir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { promisify } from "node:util";
import { unzipSync } from "fflate";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type BuildResult, buildLambdas } from "../../build/build-lambdas.ts";
import { LAMBDA_FUNCTIONS } from "../../build/lambda-functions.ts";
import { REPO_ROOT } from "../../build/repo-paths.ts";
import { apiEnvironment, processorEnvironment } from "../support/function-environment.ts";
import { lambdaNode22 } from "../support/lambda-node.ts";
import { tempDir } from "../support/temp-dir.ts";
import { unzipTo } from "../support/unzip-to.ts";
import { elfMachine, zipEntries } from "../support/zip-entries.ts";

const run = promisify(execFile);

/**
 * `npm run build:lambdas` on the real functions: two builds of the same source, in different
 * folders and time zones, give the same bytes; the zips hold what Lambda needs for their
 * architecture; and each bundle loads from an unzipped copy on Node 22.
 */
const builds = new Map<"first" | "second" | "arm", BuildResult>();
const dirs: string[] = [];

function built(which: "first" | "second" | "arm"): BuildResult {
  const result = builds.get(which);
  if (!result) throw new Error(`the ${which} build did not run`);
  return result;
}

async function build(label: string, arch: "x86_64" | "arm64", timeZone?: string): Promise<BuildResult> {
  const outDir = await tempDir(label);
  dirs.push(outDir);
  const zone = process.env.TZ;
  if (timeZone) process.env.TZ = timeZone;
  try {
    return await buildLambdas({ outDir, arch });
  } finally {
    if (zone === undefined) delete process.env.TZ;
    else process.env.TZ = zone;
  }
}

const zipOf = (result: BuildResult, fn: string) => readFile(join(result.outDir, `${fn}.zip`));

beforeAll(async () => {
  builds.set("first", await build("build-a", "x86_64", "UTC"));
  builds.set("second", await build("build-b", "x86_64", "Pacific/Kiritimati"));
  builds.set("arm", await build("build-arm", "arm64"));
}, 600_000);

afterAll(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

describe("reproducible zips", () => {
  it.each(LAMBDA_FUNCTIONS.map((fn) => fn.name))("%s: two builds give the same bytes", async (fn) => {
    const [a, b] = await Promise.all([zipOf(built("first"), fn), zipOf(built("second"), fn)]);
    expect(a.length).toBeGreaterThan(0);
    expect(a.equals(b)).toBe(true);
  });

  it("the manifests agree, and give each zip's SHA-256 (base64), size and architecture", async () => {
    expect(built("second").manifest).toEqual(built("first").manifest);
    for (const fn of LAMBDA_FUNCTIONS) {
      const zip = await zipOf(built("first"), fn.name);
      expect(built("first").manifest[fn.name]).toMatchObject({
        file: `${fn.name}.zip`,
        sha256: createHash("sha256").update(zip).digest("base64"),
        size: zip.length,
        architecture: "x86_64",
        runtime: "nodejs22.x",
        handler: "handler.handler",
      });
      const written = JSON.parse(await readFile(join(built("first").outDir, "manifest.json"), "utf8"));
      expect(written).toEqual(built("first").manifest);
    }
  });

  it.each(LAMBDA_FUNCTIONS.map((fn) => fn.name))(
    "%s: entries sorted, files only, dated 1980-01-01, rw-r--r--",
    async (fn) => {
      const entries = zipEntries(await zipOf(built("first"), fn));
      const names = entries.map((e) => e.name);
      expect(names).toEqual([...names].sort((x, y) => (x < y ? -1 : x > y ? 1 : 0)));
      expect(names.filter((name) => name.endsWith("/"))).toEqual([]);
      for (const entry of entries) {
        expect(entry, entry.name).toMatchObject({
          madeBy: 3,
          unixMode: 0o100644,
          modified: "1980-01-01 00:00:00",
        });
      }
    },
  );

  it.each(LAMBDA_FUNCTIONS.map((fn) => fn.name))(
    "%s: no absolute path of the build machine in the bundle or its source map",
    async (fn) => {
      const files = unzipSync(await zipOf(built("first"), fn));
      const bundle = new TextDecoder().decode(files["handler.mjs"]);
      const map = new TextDecoder().decode(files["handler.mjs.map"]);
      expect(bundle).toMatch(/\/\/# sourceMappingURL=handler\.mjs\.map\s*$/);
      // The checkout, the home folder, and the folder the zip was built into.
      for (const path of [REPO_ROOT.replace(/\/$/, ""), homedir(), built("first").outDir]) {
        expect(bundle.includes(path), `${path} in handler.mjs`).toBe(false);
        expect(map.includes(path), `${path} in handler.mjs.map`).toBe(false);
      }
      const sources: string[] = JSON.parse(map).sources;
      expect(sources).toContain(
        LAMBDA_FUNCTIONS.find((f) => f.name === fn)!.entry.replace(/^lambdas\//, "../../"),
      );
    },
  );
});

describe("native packages for the target architecture", () => {
  const nativeFiles = (files: Record<string, Uint8Array>) =>
    Object.keys(files).filter((name) => /\.(node|so(\.\d+)*)$/.test(name));

  it.each([
    ["x86_64", "x64", "first"],
    ["arm64", "arm64", "arm"],
  ] as const)("the processor's zip holds sharp for %s", async (arch, cpu, which) => {
    const files = unzipSync(await zipOf(built(which), "processor"));
    expect(Object.keys(files)).toEqual(
      expect.arrayContaining([
        "handler.mjs",
        "handler.mjs.map",
        "node_modules/sharp/package.json",
        `node_modules/@img/sharp-linux-${cpu}/package.json`,
        `node_modules/@img/sharp-libvips-linux-${cpu}/package.json`,
      ]),
    );
    const binaries = nativeFiles(files);
    expect(binaries.some((name) => name.startsWith(`node_modules/@img/sharp-linux-${cpu}/`))).toBe(true);
    expect(binaries.some((name) => name.startsWith(`node_modules/@img/sharp-libvips-linux-${cpu}/`))).toBe(
      true,
    );
    for (const name of binaries) expect(elfMachine(files[name]!), name).toBe(arch);
    expect(built(which).manifest.processor).toMatchObject({
      architecture: arch,
      nativePackages: { sharp: expect.any(String) },
    });
  });

  it("the API's zip is its bundle alone", async () => {
    const files = unzipSync(await zipOf(built("first"), "api"));
    expect(Object.keys(files).sort()).toEqual(["handler.mjs", "handler.mjs.map"]);
    expect(built("first").manifest.api?.nativePackages).toEqual({});
  });
});

describe("the bundle loads from an unzipped copy", () => {
  const resources = {
    uploadsBucket: "probe-uploads",
    mediaBucket: "probe-media",
    imagesTable: "probe-images",
  };
  const environments: Record<string, Record<string, string>> = {
    processor: processorEnvironment(resources),
    api: apiEnvironment(resources),
  };

  it.each(LAMBDA_FUNCTIONS.map((fn) => fn.name))("%s: imports on Node 22 and exports handler", async (fn) => {
    const dir = await tempDir(`unzipped-${fn}`);
    dirs.push(dir);
    await unzipTo(await zipOf(built("first"), fn), dir);
    // As the Lambda runtime loads it: an ES module by file URL, with the function's settings.
    const script = `const m = await import(${JSON.stringify(pathToFileURL(join(dir, "handler.mjs")).href)});
      process.stdout.write(JSON.stringify({ handler: typeof m.handler, node: process.versions.node }));`;
    const { stdout } = await run(
      lambdaNode22(),
      ["--enable-source-maps", "--input-type=module", "-e", script],
      {
        cwd: dir,
        env: { PATH: process.env.PATH, AWS_REGION: "us-east-1", ...environments[fn] },
      },
    );
    expect(JSON.parse(stdout)).toMatchObject({ handler: "function" });
  });
});
