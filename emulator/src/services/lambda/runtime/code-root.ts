import { createHash, randomBytes } from "node:crypto";
import { statSync } from "node:fs";
import { constants, cp, mkdir, rm, stat, symlink, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { FunctionSnapshot } from "./contract.ts";

/**
 * One revision's code as its environments see it:
 *
 *   <dir>/task/          a copy of fn.codeDir (LAMBDA_TASK_ROOT)
 *   <dir>/package.json   `{}`, so no package.json above <dir> decides how task/*.js loads
 *   <dir>/node_modules/  @aws-sdk and @smithy linked to the emulator's own install
 *
 * Module resolution walks up from the handler's real path, so CommonJS and ES modules
 * alike find the SDK in <dir>/node_modules when the package does not bundle it, as
 * they find AWS's copy on Lambda. A copy (not a link) keeps that walk inside <dir>
 * and fn.codeDir untouched.
 */
export interface CodeRoot {
  dir: string;
  taskRoot: string;
  nodeModules: string;
}

/** One environment's use of a code root. */
export interface CodeRootLease {
  root: Promise<CodeRoot>;
  /** Idempotent. */
  release(): void;
}

interface Entry {
  root: Promise<CodeRoot>;
  users: number;
}

export class CodeRoots {
  private readonly workDir: () => Promise<string>;
  private readonly sdkScopes: readonly string[];
  private readonly entries = new Map<string, Entry>();

  constructor(workDir: () => Promise<string>, sdkScopes: readonly string[]) {
    this.workDir = workDir;
    this.sdkScopes = sdkScopes;
  }

  /** The code root for `fn`'s revision, prepared on first use, held until the lease is released. */
  acquire(fn: FunctionSnapshot): CodeRootLease {
    const key = revisionKey(fn);
    let entry = this.entries.get(key);
    if (!entry) {
      const root = this.prepare(fn);
      const created: Entry = { root, users: 0 };
      this.entries.set(key, created);
      // A failed copy is not cached: the next invocation tries again.
      root.catch(() => {
        if (this.entries.get(key) === created) this.entries.delete(key);
      });
      entry = created;
    }
    entry.users++;
    const held = entry;
    let released = false;
    return {
      root: held.root,
      release: () => {
        if (released) return;
        released = true;
        this.drop(key, held);
      },
    };
  }

  /** The copy is deleted when its last environment is gone. */
  private drop(key: string, entry: Entry): void {
    entry.users--;
    if (entry.users > 0) return;
    if (this.entries.get(key) === entry) this.entries.delete(key);
    entry.root.then(
      (root) => rm(root.dir, { recursive: true, force: true }).catch(() => {}),
      () => {},
    );
  }

  private async prepare(fn: FunctionSnapshot): Promise<CodeRoot> {
    if (!(await stat(fn.codeDir).catch(() => null))?.isDirectory()) {
      throw new Error(`the code of ${fn.functionArn} (${fn.codeDir}) is not a directory`);
    }
    const base = await this.workDir();
    // Unique per preparation, so a copy being deleted is never handed out again.
    const dir = join(base, `code-${revisionKey(fn).slice(0, 12)}-${randomBytes(4).toString("hex")}`);
    const taskRoot = join(dir, "task");
    const nodeModules = join(dir, "node_modules");
    await mkdir(nodeModules, { recursive: true });
    await writeFile(join(dir, "package.json"), "{}\n");
    // Reflinks where the file system has them, plain copies elsewhere.
    await cp(fn.codeDir, taskRoot, {
      recursive: true,
      verbatimSymlinks: true,
      mode: constants.COPYFILE_FICLONE,
    });
    for (const scope of this.sdkScopes) {
      await symlink(
        scope,
        join(nodeModules, scopeName(scope)),
        process.platform === "win32" ? "junction" : "dir",
      );
    }
    return { dir, taskRoot, nodeModules };
  }
}

function revisionKey(fn: FunctionSnapshot): string {
  return createHash("sha256")
    .update([fn.functionArn, fn.version, fn.revisionId, fn.codeSha256].join("\0"))
    .digest("hex");
}

function scopeName(scopeDir: string): string {
  return scopeDir.split(/[\\/]/).pop()!;
}

/**
 * The @aws-sdk and @smithy folders of the node_modules nearest to the emulator's
 * sources that holds the AWS SDK: what functions get in place of AWS's bundled SDK.
 */
export function emulatorSdkScopes(from = dirname(fileURLToPath(import.meta.url))): string[] {
  let dir = from;
  for (;;) {
    const sdk = join(dir, "node_modules", "@aws-sdk");
    if (isDirectory(sdk)) {
      const smithy = join(dir, "node_modules", "@smithy");
      return isDirectory(smithy) ? [sdk, smithy] : [sdk];
    }
    const parent = dirname(dir);
    if (parent === dir) return [];
    dir = parent;
  }
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}
