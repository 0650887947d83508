import { availableParallelism } from "node:os";
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["**/test/**/*.test.ts"],
    exclude: ["**/node_modules/**"],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Most of the suite waits on other processes (terraform and its provider, the emulator, Lambda
    // runtimes), so a worker per core and at least 3. Vitest's default, cores - 1, ran the suite
    // on one worker on a 2-core machine.
    maxWorkers: Math.max(3, availableParallelism()),
    globalSetup: ["./emulator/test/global-setup.ts"],
    // The SDK warns on every client load under Node 20; the project also runs on 22 and 24.
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true" },
  },
});
