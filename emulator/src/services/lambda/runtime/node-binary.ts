import { accessSync, constants, statSync } from "node:fs";
import { delimiter, join } from "node:path";
import { nodeMajorOf, type SupportedRuntime } from "./runtimes.ts";

export interface NodeBinaryOptions {
  /** Where DARKROOM_LAMBDA_NODE_<major> and PATH are read. */
  settings: NodeJS.ProcessEnv;
  /** Told once per runtime when the host's Node stands in for another major. */
  warn: (message: string) => void;
  /** The host's Node; tests pass another. */
  hostExecPath?: string;
  hostVersion?: string;
}

/**
 * Picks the Node binary for a runtime: DARKROOM_LAMBDA_NODE_<major> when set, the
 * host's Node when its major matches, `node<major>` on PATH, and otherwise the host's
 * Node with a note (once per runtime) that the major differs from AWS's.
 */
export class NodeBinaries {
  private readonly settings: NodeJS.ProcessEnv;
  private readonly warn: (message: string) => void;
  private readonly hostExecPath: string;
  private readonly hostVersion: string;
  private readonly chosen = new Map<SupportedRuntime, string>();

  constructor(options: NodeBinaryOptions) {
    this.settings = options.settings;
    this.warn = options.warn;
    this.hostExecPath = options.hostExecPath ?? process.execPath;
    this.hostVersion = options.hostVersion ?? process.version;
  }

  /** The binary to run `runtime` with; decided once per runtime. */
  resolve(runtime: SupportedRuntime): string {
    let binary = this.chosen.get(runtime);
    if (binary === undefined) {
      binary = this.lookUp(runtime);
      this.chosen.set(runtime, binary);
    }
    return binary;
  }

  private lookUp(runtime: SupportedRuntime): string {
    const major = nodeMajorOf(runtime);
    const setting = `DARKROOM_LAMBDA_NODE_${major}`;
    const configured = this.settings[setting];
    if (configured) {
      if (isExecutableFile(configured)) return configured;
      this.warn(
        `darkroom: ${setting}=${configured} is not an executable file; looking elsewhere for Node ${major}`,
      );
    }
    if (majorOf(this.hostVersion) === major) return this.hostExecPath;
    const onPath = findOnPath(`node${major}`, this.settings.PATH ?? "");
    if (onPath) return onPath;
    this.warn(
      `darkroom: Lambda functions on ${runtime} run on this host's Node ${this.hostVersion} ` +
        `(no Node ${major} found: set ${setting} or put node${major} on PATH)`,
    );
    return this.hostExecPath;
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
