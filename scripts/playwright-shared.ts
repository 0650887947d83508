import { devices, type PlaywrightTestConfig } from "@playwright/test";

/**
 * What the console's and the end-to-end Playwright suites share: Debian's Chromium (no browser
 * download), one worker on one shared stack, no retries (nothing may be flaky), and the reports,
 * among them the JSON that `npm test` reads its counts from (scripts/test-all.ts).
 */
export const sharedPlaywrightConfig = {
  workers: 1,
  fullyParallel: false,
  forbidOnly: Boolean(process.env.CI),
  retries: 0,
  expect: { timeout: 60_000 },
  reporter: [
    ["list"],
    ["html", { outputFolder: "playwright-report", open: "never" }],
    ...(process.env.DARKROOM_PLAYWRIGHT_JSON
      ? [["json", { outputFile: process.env.DARKROOM_PLAYWRIGHT_JSON }] as const]
      : []),
  ],
  projects: [{ name: "chromium", use: { ...devices["Desktop Chrome"], channel: undefined } }],
} satisfies PlaywrightTestConfig;

/** Debian's Chromium, or DARKROOM_CHROMIUM. */
export const chromiumLaunch = { executablePath: process.env.DARKROOM_CHROMIUM ?? "/usr/bin/chromium" };
