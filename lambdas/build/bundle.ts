import { existsSync } from "node:fs";
import { join, relative, sep } from "node:path";
import { build } from "esbuild";
import { BUNDLE_FILE, type LambdaFunctionSource, NATIVE_PACKAGES } from "./lambda-functions.ts";
import { REPO_ROOT } from "./repo-paths.ts";

export interface FunctionBundle {
  /** Zip path → contents: the bundle and its source map. */
  files: Map<string, Uint8Array>;
  /** The native packages the bundle imports, left for node_modules. */
  nativeImports: string[];
}

const SHIM = join(import.meta.dirname, "shims", "commonjs-paths.ts");

/**
 * CommonJS packages inside an ES module bundle still call require() for Node's built-ins; an
 * ES module has none, so the bundle makes one. The alias keeps it from clashing with imports.
 */
const REQUIRE_BANNER =
  'import { createRequire as __darkroomCreateRequire } from "node:module";\n' +
  "const require = __darkroomCreateRequire(import.meta.url);";

/**
 * One ES module for Node 22 with everything but the native packages inside, the AWS SDK too
 * (the runtime's copy changes under us). Minified for cold starts, with a linked source map for
 * stack traces under NODE_OPTIONS=--enable-source-maps. Paths in the output are relative to the
 * repository (absWorkingDir), so the bytes do not depend on where it is checked out.
 */
export async function bundleFunction(fn: LambdaFunctionSource): Promise<FunctionBundle> {
  if (!existsSync(join(REPO_ROOT, fn.entry))) throw new Error(`${fn.name}: ${fn.entry} does not exist`);
  // Virtual (write: false): its folder decides the relative source paths in the map.
  const outfile = join(REPO_ROOT, "lambdas", "dist", fn.name, BUNDLE_FILE);
  const result = await build({
    absWorkingDir: REPO_ROOT,
    entryPoints: [join(REPO_ROOT, fn.entry)],
    outfile,
    write: false,
    bundle: true,
    format: "esm",
    platform: "node",
    target: "node22",
    // The AWS SDK's ES module builds tree-shake better than its CommonJS ones.
    mainFields: ["module", "main"],
    external: Object.keys(NATIVE_PACKAGES),
    inject: [SHIM],
    banner: { js: REQUIRE_BANNER },
    minify: true,
    sourcemap: "linked",
    sourcesContent: false,
    legalComments: "eof",
    metafile: true,
    logLevel: "silent",
  });
  for (const warning of result.warnings) {
    process.emitWarning(`${fn.name}: ${warning.text}`, { code: "DARKROOM_BUNDLE" });
  }
  const files = new Map<string, Uint8Array>();
  for (const file of result.outputFiles) {
    files.set(relative(join(outfile, ".."), file.path).split(sep).join("/"), file.contents);
  }
  const nativeImports = new Set<string>();
  for (const output of Object.values(result.metafile.outputs)) {
    for (const imported of output.imports) {
      const name = packageName(imported.path);
      if (imported.external && Object.hasOwn(NATIVE_PACKAGES, name)) nativeImports.add(name);
    }
  }
  return { files, nativeImports: [...nativeImports].sort() };
}

/** "sharp" for "sharp" and "sharp/x"; "@scope/name" for "@scope/name/x". */
function packageName(specifier: string): string {
  const parts = specifier.split("/");
  return (specifier.startsWith("@") ? parts.slice(0, 2) : parts.slice(0, 1)).join("/");
}
