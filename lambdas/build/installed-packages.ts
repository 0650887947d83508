import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { z } from "zod";

const packageJsonSchema = z.object({
  name: z.string(),
  version: z.string(),
  dependencies: z.record(z.string(), z.string()).optional(),
});

interface InstalledPackage {
  dir: string;
  version: string;
  dependencies: string[];
}

/** Node's lookup: `<dir>/node_modules/<name>` from `fromDir` up to the file system's root. */
function findInstalled(name: string, fromDir: string): InstalledPackage {
  for (let dir = fromDir; ; dir = dirname(dir)) {
    const candidate = join(dir, "node_modules", name);
    const file = join(candidate, "package.json");
    if (existsSync(file)) {
      const pkg = packageJsonSchema.parse(JSON.parse(readFileSync(file, "utf8")));
      return { dir: candidate, version: pkg.version, dependencies: Object.keys(pkg.dependencies ?? {}) };
    }
    if (dirname(dir) === dir) throw new Error(`${name} is not installed (looked up from ${fromDir})`);
  }
}

/**
 * The exact versions installed here (so, by package-lock.json) of `names` and everything they
 * depend on, not counting optional dependencies: those are the platform binaries, which the
 * packages pin exactly themselves. Pinning the closure makes a target install the same tree.
 */
export function installedClosure(names: readonly string[], fromDir: string): Record<string, string> {
  const versions: Record<string, string> = {};
  const visit = (name: string, from: string): void => {
    const found = findInstalled(name, from);
    const seen = versions[name];
    if (seen !== undefined) {
      if (seen !== found.version) {
        throw new Error(`${name} is installed as ${seen} and ${found.version}; cannot pin one version`);
      }
      return;
    }
    versions[name] = found.version;
    for (const dependency of found.dependencies) visit(dependency, found.dir);
  };
  for (const name of names) visit(name, fromDir);
  return Object.fromEntries(Object.entries(versions).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
