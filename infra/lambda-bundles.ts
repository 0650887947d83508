import { existsSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { type BuiltFunction, buildManifestSchema, MANIFEST_FILE } from "../lambdas/build/manifest.ts";
import { DEFAULT_DIST_DIR, REPO_ROOT } from "../lambdas/build/repo-paths.ts";
import type { LambdaArchitecture } from "../lambdas/build/target-arch.ts";

/** A built function: its manifest entry and where its zip is. */
export interface LambdaBundle extends BuiltFunction {
  zipPath: string;
}

export type FunctionName = "processor" | "api";

/** x86_64 zips stay where `npm run build:lambdas` puts them; arm64 ones (AWS) beside them. */
export function distDirFor(architecture: LambdaArchitecture): string {
  return architecture === "arm64" ? join(DEFAULT_DIST_DIR, "arm64") : DEFAULT_DIST_DIR;
}

/** The command that builds what `distDir` should hold. */
export function buildCommand(architecture: LambdaArchitecture, distDir: string): string {
  const out = relative(REPO_ROOT, distDir) || ".";
  return `npm run build:lambdas -- --arch ${architecture} --out-dir ${out}`;
}

/**
 * The processor's and the API's bundles from `<distDir>/manifest.json`. Synth reads the
 * manifest, so `source_code_hash` is the built zip's and a deploy changes code only when the
 * zip changed; a missing build or one for the wrong architecture stops the synth.
 */
export function readLambdaBundles(
  distDir: string,
  architecture: LambdaArchitecture,
): Record<FunctionName, LambdaBundle> {
  const manifestPath = join(distDir, MANIFEST_FILE);
  const rebuild = buildCommand(architecture, distDir);
  if (!existsSync(manifestPath)) throw new Error(`no Lambda build at ${manifestPath}: run ${rebuild}`);
  const manifest = buildManifestSchema.parse(JSON.parse(readFileSync(manifestPath, "utf8")));
  const bundle = (name: FunctionName): LambdaBundle => {
    const built = manifest[name];
    if (!built) throw new Error(`${manifestPath} has no "${name}": run ${rebuild}`);
    if (built.architecture !== architecture) {
      throw new Error(
        `${manifestPath}: "${name}" is built for ${built.architecture}, this target needs ${architecture}: run ${rebuild}`,
      );
    }
    const zipPath = join(distDir, built.file);
    if (!existsSync(zipPath)) throw new Error(`${zipPath} is missing: run ${rebuild}`);
    return { ...built, zipPath };
  };
  return { processor: bundle("processor"), api: bundle("api") };
}
