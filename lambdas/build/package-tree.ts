import { readdir, readFile, stat } from "node:fs/promises";
import { join } from "node:path";

/**
 * What a function never reads at run time: type declarations, and C/C++ sources and headers
 * (sharp ships its binding's, for building from source). Licences and READMEs (libvips's
 * names the licences of the libraries inside it) stay.
 */
const NOT_SHIPPED = [/\.d\.[cm]?ts$/, /\.(cc|cpp|h|hpp|gyp|gypi)$/];

/** npm's bookkeeping: symlinks to bin scripts and the hidden lockfile, which names URLs. */
const NPM_BOOKKEEPING = new Set([".bin", ".package-lock.json"]);

/** Every file under `dir` that a function needs, as zip path (forward slashes) → contents. */
export async function readPackageTree(dir: string): Promise<Map<string, Uint8Array>> {
  const files = new Map<string, Uint8Array>();
  const walk = async (folder: string, prefix: string): Promise<void> => {
    for (const entry of await readdir(folder, { withFileTypes: true })) {
      if (prefix === "" && NPM_BOOKKEEPING.has(entry.name)) continue;
      const path = join(folder, entry.name);
      const zipPath = `${prefix}${entry.name}`;
      // A symlinked file goes in as its target's contents: zips for Lambda hold no links.
      const isDir = entry.isDirectory() || (entry.isSymbolicLink() && (await stat(path)).isDirectory());
      if (isDir) await walk(path, `${zipPath}/`);
      else if (!NOT_SHIPPED.some((pattern) => pattern.test(zipPath)))
        files.set(zipPath, await readFile(path));
    }
  };
  await walk(dir, "");
  return files;
}
