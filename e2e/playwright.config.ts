import { defineConfig, devices } from "@playwright/test";
import { videoRecording } from "./support/video.ts";

/**
 * The end-to-end journeys (issue 10): headless Debian Chromium against the platform as a user
 * runs it, `npm start` (started once by support/global-setup.ts, restarted by the journeys that
 * need to). Specs are *.spec.ts, which vitest (**\/test/**\/*.test.ts) leaves alone.
 */
// The tests' own AWS SDK clients run on Node 20 here too; the project supports it.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";

export default defineConfig({
  testDir: "journeys",
  testMatch: "**/*.spec.ts",
  outputDir: "test-results",
  globalSetup: "./support/global-setup.ts",
  // One platform, shared and restarted by some journeys: one test at a time, in file order.
  workers: 1,
  fullyParallel: false,
  forbidOnly: Boolean(process.env.CI),
  retries: 0,
  timeout: 300_000,
  expect: { timeout: 60_000 },
  reporter: [
    ["list"],
    ["html", { outputFolder: "playwright-report", open: "never" }],
    // npm test reads the counts from it (scripts/test-all.ts).
    ...(process.env.DARKROOM_PLAYWRIGHT_JSON
      ? [["json", { outputFile: process.env.DARKROOM_PLAYWRIGHT_JSON }] as const]
      : []),
  ],
  use: {
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    video: videoRecording(),
    launchOptions: { executablePath: process.env.DARKROOM_CHROMIUM ?? "/usr/bin/chromium" },
  },
  projects: [{ name: "chromium", use: { ...devices["Desktop Chrome"], channel: undefined } }],
});
