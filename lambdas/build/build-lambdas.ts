import { createHash, randomBytes } from "node:crypto";
import { mkdir, rename, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { bundleFunction } from "./bundle.ts";
import { HANDLER, LAMBDA_FUNCTIONS, type LambdaFunctionSource, RUNTIME } from "./lambda-functions.ts";
import { type BuildManifest, type BuiltFunction, MANIFEST_FILE } from "./manifest.ts";
import { stageNativePackages } from "./native-modules.ts";
import { readPackageTree } from "./package-tree.ts";
import { DEFAULT_DIST_DIR, NATIVE_CACHE_DIR, REPO_ROOT } from "./repo-paths.ts";
import { reproducibleZip } from "./reproducible-zip.ts";
import { DEFAULT_ARCHITECTURE, type LambdaArchitecture } from "./target-arch.ts";

/** Lambda's limit on a function's unzipped code. */
const MAX_UNZIPPED_BYTES = 262_144_000;

export interface BuildOptions {
  arch?: LambdaArchitecture;
  /** Where the zips and manifest.json go; lambdas/dist by default. */
  outDir?: string;
  /** LAMBDA_FUNCTIONS by default. */
  functions?: readonly LambdaFunctionSource[];
  /** Where staged native packages are cached; .darkroom/lambda-native by default. */
  nativeCacheDir?: string;
}

export interface BuildResult {
  outDir: string;
  manifest: BuildManifest;
}

/** Bundles each function and writes `<outDir>/<name>.zip` and `<outDir>/manifest.json`. */
export async function buildLambdas(options: BuildOptions = {}): Promise<BuildResult> {
  const arch = options.arch ?? DEFAULT_ARCHITECTURE;
  const outDir = options.outDir ?? DEFAULT_DIST_DIR;
  await mkdir(outDir, { recursive: true });
  const manifest: BuildManifest = {};
  for (const fn of options.functions ?? LAMBDA_FUNCTIONS) {
    manifest[fn.name] = await buildFunction(fn, arch, outDir, options.nativeCacheDir ?? NATIVE_CACHE_DIR);
  }
  await writeAtomically(join(outDir, MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`);
  return { outDir, manifest };
}

async function buildFunction(
  fn: LambdaFunctionSource,
  arch: LambdaArchitecture,
  outDir: string,
  nativeCacheDir: string,
): Promise<BuiltFunction> {
  const bundle = await bundleFunction(fn);
  const files = new Map(bundle.files);
  const nativePackages: Record<string, string> = {};
  if (bundle.nativeImports.length > 0) {
    const staged = await stageNativePackages(bundle.nativeImports, arch, {
      cacheDir: nativeCacheDir,
      resolveFrom: join(REPO_ROOT, "lambdas"),
    });
    for (const [path, data] of await readPackageTree(staged.nodeModulesDir)) {
      files.set(`node_modules/${path}`, data);
    }
    for (const name of bundle.nativeImports) nativePackages[name] = staged.versions[name]!;
  }
  let unzipped = 0;
  for (const data of files.values()) unzipped += data.length;
  if (unzipped > MAX_UNZIPPED_BYTES) {
    throw new Error(`${fn.name}: ${unzipped} bytes unzipped, over Lambda's limit of ${MAX_UNZIPPED_BYTES}`);
  }
  const zip = reproducibleZip(files);
  const file = `${fn.name}.zip`;
  await writeAtomically(join(outDir, file), zip);
  return {
    file,
    sha256: createHash("sha256").update(zip).digest("base64"),
    size: zip.length,
    architecture: arch,
    runtime: RUNTIME,
    handler: HANDLER,
    nativePackages,
  };
}

/** Written beside and renamed over: a reader (a deploy, a concurrent test) never sees half a zip. */
async function writeAtomically(path: string, data: Uint8Array | string): Promise<void> {
  const temporary = `${path}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`;
  await writeFile(temporary, data);
  await rename(temporary, path);
}
