import { defineConfig } from "@playwright/test";
import { chromiumLaunch, sharedPlaywrightConfig } from "../scripts/playwright-shared.ts";
import { videoRecording } from "./support/video.ts";

/**
 * The end-to-end journeys (issue 10): headless Debian Chromium against the platform as a user
 * runs it, `npm start` (started once by support/global-setup.ts, restarted by the journeys that
 * need to). Specs are *.spec.ts, which vitest (**\/test/**\/*.test.ts) leaves alone.
 */
// The tests' own AWS SDK clients run on Node 20 here too; the project supports it.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";

export default defineConfig({
  ...sharedPlaywrightConfig,
  testDir: "journeys",
  testMatch: "**/*.spec.ts",
  outputDir: "test-results",
  globalSetup: "./support/global-setup.ts",
  // One platform, shared and restarted by some journeys: one test at a time, in file order.
  timeout: 300_000,
  use: {
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    video: videoRecording(),
    launchOptions: chromiumLaunch,
  },
});
