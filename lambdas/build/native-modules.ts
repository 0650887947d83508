import { execFile } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, rename, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";
import { installedClosure } from "./installed-packages.ts";
import { NATIVE_PACKAGES } from "./lambda-functions.ts";
import { LAMBDA_ARCHITECTURES, type LambdaArchitecture } from "./target-arch.ts";

const run = promisify(execFile);

export interface StagedNativePackages {
  /** A node_modules folder holding the packages and their dependencies, built for the target. */
  nodeModulesDir: string;
  /** name → version of everything in it but the platform binaries. */
  versions: Record<string, string>;
}

export interface StageOptions {
  /** Where staged trees are kept, one folder per target and pinned set. */
  cacheDir: string;
  /** The folder whose installed packages give the versions (the lambdas workspace). */
  resolveFrom: string;
}

/**
 * Installs `names` (native packages, see NATIVE_PACKAGES) for Linux, glibc and the target's CPU
 * with npm's --os/--cpu/--libc, at the versions installed here, into a cached node_modules. No
 * Docker: npm picks the prebuilt platform packages (for sharp, @img/sharp-linux-<cpu> and
 * @img/sharp-libvips-linux-<cpu>) by those flags. A cached tree is reused without the network.
 */
export async function stageNativePackages(
  names: readonly string[],
  arch: LambdaArchitecture,
  options: StageOptions,
): Promise<StagedNativePackages> {
  const cpu = LAMBDA_ARCHITECTURES[arch].npmCpu;
  const versions = installedClosure([...names].sort(), options.resolveFrom);
  const packageJson = `${JSON.stringify({ name: "darkroom-lambda-native", private: true, dependencies: versions }, null, 2)}\n`;
  const key = createHash("sha256").update(`linux ${cpu} glibc\n${packageJson}`).digest("hex").slice(0, 16);
  const label = names.map((name) => `${name.replace(/[^A-Za-z0-9.-]/g, "_")}@${versions[name]}`).join("+");
  const dir = join(options.cacheDir, `linux-${cpu}-glibc`, `${label}-${key}`);
  const nodeModulesDir = join(dir, "node_modules");
  if (existsSync(nodeModulesDir)) return { nodeModulesDir, versions };

  // Installed beside the final folder and renamed into place: a concurrent or interrupted build
  // never sees half a tree.
  const staging = `${dir}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`;
  await mkdir(staging, { recursive: true });
  try {
    await writeFile(join(staging, "package.json"), packageJson);
    await npmInstall(staging, cpu);
    for (const name of names) {
      for (const required of NATIVE_PACKAGES[name]?.(cpu) ?? []) {
        if (!existsSync(join(staging, "node_modules", required, "package.json"))) {
          throw new Error(`npm installed ${name} for linux-${cpu} without ${required}`);
        }
      }
    }
    await rename(staging, dir).catch(async (err: NodeJS.ErrnoException) => {
      // Another build staged the same tree first; theirs is identical.
      if (!existsSync(nodeModulesDir)) throw err;
    });
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
  return { nodeModulesDir, versions };
}

async function npmInstall(prefix: string, cpu: string): Promise<void> {
  const args = [
    "install",
    "--prefix",
    prefix,
    "--os=linux",
    `--cpu=${cpu}`,
    "--libc=glibc",
    "--omit=dev",
    "--omit=peer",
    "--ignore-scripts",
    "--no-package-lock",
    "--no-audit",
    "--no-fund",
    "--workspaces=false",
    "--loglevel=error",
  ];
  // Under `npm run`, the npm that runs us; otherwise the one on PATH.
  const npmCli = process.env.npm_execpath;
  const [command, prefixArgs] = npmCli ? [process.execPath, [npmCli]] : ["npm", []];
  try {
    await run(command, [...prefixArgs, ...args], {
      cwd: prefix,
      env: npmEnvironment(),
      maxBuffer: 16 * 1024 * 1024,
      shell: command === "npm" && process.platform === "win32",
    });
  } catch (err) {
    const { stderr = "", message } = err as { stderr?: string; message: string };
    throw new Error(
      `npm could not install the native packages for linux-${cpu}: ${stderr.trim() || message}`,
    );
  }
}

/**
 * `npm run` exports its settings as npm_config_*; the ones naming a prefix, workspace or
 * platform would redirect this install, so only registry and network settings pass through.
 */
function npmEnvironment(): NodeJS.ProcessEnv {
  const passed =
    /^npm_config_(registry|cache|userconfig|globalconfig|proxy|https_proxy|noproxy|strict_ssl|cafile|ca)$/i;
  return Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !/^npm_config_/i.test(name) || passed.test(name)),
  );
}
