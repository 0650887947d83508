import { relative } from "node:path";
import { parseArgs } from "node:util";
import { buildLambdas } from "./build-lambdas.ts";
import { targetArchitecture } from "./target-arch.ts";

/**
 * `npm run build:lambdas [-- --arch x64|arm64] [--out-dir <dir>]`: one reproducible zip per
 * function in lambdas/dist, and manifest.json. The architecture defaults to
 * DARKROOM_LAMBDA_ARCH, else x64 (the emulator and LocalStack); AWS deployments use arm64.
 */
const { values } = parseArgs({
  options: { arch: { type: "string" }, "out-dir": { type: "string" } },
  strict: true,
});

try {
  const started = Date.now();
  const { outDir, manifest } = await buildLambdas({
    arch: targetArchitecture(values.arch),
    ...(values["out-dir"] !== undefined ? { outDir: values["out-dir"] } : {}),
  });
  for (const [name, fn] of Object.entries(manifest)) {
    const mib = (fn.size / 1024 / 1024).toFixed(1);
    console.log(
      `${name.padEnd(10)} ${fn.architecture.padEnd(6)} ${mib.padStart(5)} MiB  sha256 ${fn.sha256}`,
    );
  }
  console.log(`wrote ${relative(process.cwd(), outDir) || "."} in ${Date.now() - started} ms`);
} catch (err) {
  console.error(`build:lambdas: ${(err as Error).message}`);
  process.exitCode = 1;
}
