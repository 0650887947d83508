/**
 * The functions `npm run build:lambdas` packages: one zip each, `lambdas/dist/<name>.zip`,
 * holding `handler.mjs` (the bundle), its source map and, when the bundle imports one, the
 * native packages installed for the target under `node_modules/`.
 */
export interface LambdaFunctionSource {
  /** The zip's name; the function's folder under lambdas/. */
  name: string;
  /** The module exporting `handler`, relative to the repository root. */
  entry: string;
}

export const LAMBDA_FUNCTIONS: readonly LambdaFunctionSource[] = [
  { name: "processor", entry: "lambdas/processor/src/handler.ts" },
  { name: "api", entry: "lambdas/api/src/handler.ts" },
];

/** The bundle's file name in the zip, and the Handler setting that names its export. */
export const BUNDLE_FILE = "handler.mjs";
export const HANDLER = "handler.handler";
export const RUNTIME = "nodejs22.x";

/**
 * Packages esbuild must leave alone because they load platform binaries at run time; they are
 * installed for the target's OS, CPU and libc instead (see native-modules.ts). Each names the
 * platform packages that must come with it, so a wrong-arch install fails the build, not the
 * first invocation.
 */
export const NATIVE_PACKAGES: Readonly<Record<string, (npmCpu: string) => string[]>> = {
  sharp: (cpu) => [`@img/sharp-linux-${cpu}`, `@img/sharp-libvips-linux-${cpu}`],
};
