import { accessSync, constants, existsSync, statSync } from "node:fs";
import { delimiter, dirname, join, resolve } from "node:path";
import { nodeMajorOf, type SupportedRuntime } from "./runtimes.ts";

/** Where `npm run lambda:node` keeps Node binaries, relative to the directory npm was run from. */
export const DEFAULT_NODE_CACHE_DIR = ".darkroom/node";

/**
 * The folder holding one Node binary per major (<dir>/<major>/bin/node): the setting
 * DARKROOM_LAMBDA_NODE_DIR, resolved from where the user ran npm (INIT_CWD; npm runs workspace
 * scripts inside the workspace) or `cwd`. Unset, the nearest existing .darkroom/node from there
 * upwards, as node_modules is found, so a command run in a workspace (admin/web's tests) finds
 * the project's binaries; with none, .darkroom/node right there.
 */
export function nodeCacheDir(settings: NodeJS.ProcessEnv, cwd = process.cwd()): string {
  const start = resolve(settings.INIT_CWD ?? cwd);
  if (settings.DARKROOM_LAMBDA_NODE_DIR) return resolve(start, settings.DARKROOM_LAMBDA_NODE_DIR);
  for (let dir = start; ; dir = dirname(dir)) {
    const candidate = join(dir, DEFAULT_NODE_CACHE_DIR);
    if (existsSync(candidate)) return candidate;
    if (dirname(dir) === dir) return join(start, DEFAULT_NODE_CACHE_DIR);
  }
}

/** Where the cached binary of one major lives. */
export function cachedNodePath(cacheDir: string, major: number, platform = process.platform): string {
  return join(cacheDir, String(major), "bin", platform === "win32" ? "node.exe" : "node");
}

export interface NodeBinaryOptions {
  /** Where DARKROOM_LAMBDA_NODE_<major>, DARKROOM_LAMBDA_NODE_DIR, INIT_CWD and PATH are read. */
  settings: NodeJS.ProcessEnv;
  /** Told once per runtime when the host's Node stands in for another major. */
  warn: (message: string) => void;
  /** The host's Node; tests pass another. */
  hostExecPath?: string;
  hostVersion?: string;
  /** Against which a relative cache dir resolves when INIT_CWD is not set; process.cwd() unless set. */
  cwd?: string;
}

/** The binary chosen for a runtime. */
export interface NodeBinary {
  path: string;
  /**
   * The host's Node runs the function although it is older than the runtime's major
   * (no binary of that major was found), so the function sees a Node AWS would not give it.
   */
  olderHostStandsIn: boolean;
}

/**
 * Picks the Node binary for a runtime: DARKROOM_LAMBDA_NODE_<major> when set, the
 * host's Node when its major matches, the binary `npm run lambda:node` cached,
 * `node<major>` on PATH, and otherwise the host's Node with a note (once per runtime)
 * that the major differs from AWS's.
 */
export class NodeBinaries {
  private readonly settings: NodeJS.ProcessEnv;
  private readonly warn: (message: string) => void;
  private readonly hostExecPath: string;
  private readonly hostVersion: string;
  private readonly cacheDir: string;
  private readonly chosen = new Map<SupportedRuntime, NodeBinary>();

  constructor(options: NodeBinaryOptions) {
    this.settings = options.settings;
    this.warn = options.warn;
    this.hostExecPath = options.hostExecPath ?? process.execPath;
    this.hostVersion = options.hostVersion ?? process.version;
    this.cacheDir = nodeCacheDir(options.settings, options.cwd);
  }

  /** The binary to run `runtime` with; decided once per runtime. */
  resolve(runtime: SupportedRuntime): NodeBinary {
    let binary = this.chosen.get(runtime);
    if (binary === undefined) {
      binary = this.lookUp(runtime);
      this.chosen.set(runtime, binary);
    }
    return binary;
  }

  private lookUp(runtime: SupportedRuntime): NodeBinary {
    const major = nodeMajorOf(runtime);
    const found = (path: string): NodeBinary => ({ path, olderHostStandsIn: false });
    const setting = `DARKROOM_LAMBDA_NODE_${major}`;
    const configured = this.settings[setting];
    if (configured) {
      if (isExecutableFile(configured)) return found(configured);
      this.warn(
        `darkroom: ${setting}=${configured} is not an executable file; looking elsewhere for Node ${major}`,
      );
    }
    const hostMajor = majorOf(this.hostVersion);
    if (hostMajor === major) return found(this.hostExecPath);
    const cached = cachedNodePath(this.cacheDir, major);
    if (isExecutableFile(cached)) return found(cached);
    const onPath = findOnPath(`node${major}`, this.settings.PATH ?? "");
    if (onPath) return found(onPath);
    this.warn(
      `darkroom: Lambda functions on ${runtime} run on this host's Node ${this.hostVersion} ` +
        `(no Node ${major} found: run \`npm run lambda:node -- ${major}\` to fetch it into ${this.cacheDir}, ` +
        `set ${setting}, or put node${major} on PATH)`,
    );
    return { path: this.hostExecPath, olderHostStandsIn: hostMajor < major };
  }
}

function majorOf(version: string): number {
  return Number(/^v?(\d+)/.exec(version)?.[1] ?? Number.NaN);
}

function findOnPath(name: string, path: string): string | undefined {
  for (const dir of path.split(delimiter)) {
    if (dir === "") continue;
    const candidate = join(dir, name);
    if (isExecutableFile(candidate)) return candidate;
  }
  return undefined;
}

function isExecutableFile(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return statSync(file).isFile();
  } catch {
    return false;
  }
}
