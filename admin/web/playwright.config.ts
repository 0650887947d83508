import { defineConfig } from "@playwright/test";
import { freePort } from "../../platform/ports.ts";
import { chromiumLaunch, sharedPlaywrightConfig } from "../../scripts/playwright-shared.ts";
import { webPort } from "./test/support/stack-info.ts";

/**
 * The console's browser tests (issue 9): headless Debian Chromium against the real backend and
 * emulator with the deployed local stack, all started by test/support/console-stack.ts.
 * Specs are *.spec.ts so vitest (which runs **\/test/**\/*.test.ts) leaves them alone.
 */
// A free port, chosen once here: the workers and the stack inherit it, and two runs on one
// machine (a developer's and CI's) never talk to each other's stack.
process.env.DARKROOM_TEST_WEB_PORT ??= String(await freePort());
const consoleUrl = `http://127.0.0.1:${webPort()}`;
// The tests' own AWS SDK clients (seeding) run on Node 20 here too; the project supports it.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";

export default defineConfig({
  ...sharedPlaywrightConfig,
  testDir: "test/browser",
  testMatch: "**/*.spec.ts",
  outputDir: "test-results",
  // One stack, shared: the tests run one after another on the 2-core machine.
  timeout: 120_000,
  use: {
    baseURL: consoleUrl,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: chromiumLaunch,
  },
  webServer: {
    // From the repository's root: tsx then compiles the backend with the root tsconfig (decorators).
    command: "node --import tsx admin/web/test/support/console-stack.ts",
    cwd: "../..",
    url: consoleUrl,
    // Deploying the stack with terraform takes a minute or two on a busy machine.
    timeout: 600_000,
    reuseExistingServer: false,
    stdout: "pipe",
    stderr: "pipe",
    gracefulShutdown: { signal: "SIGTERM", timeout: 30_000 },
  },
});
