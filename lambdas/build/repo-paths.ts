import { fileURLToPath } from "node:url";

/** The repository root: bundles name their sources relative to it, never by absolute path. */
export const REPO_ROOT = fileURLToPath(new URL("../../", import.meta.url));

/** Where `npm run build:lambdas` writes the zips and manifest.json (git-ignored). */
export const DEFAULT_DIST_DIR = fileURLToPath(new URL("../dist/", import.meta.url));

/** Native packages staged per target, reused across builds (git-ignored with all of .darkroom). */
export const NATIVE_CACHE_DIR = fileURLToPath(new URL("../../.darkroom/lambda-native/", import.meta.url));
