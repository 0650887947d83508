import { type AdminClient, createAdminClient } from "@darkroom/admin-client";
import { test as base } from "@playwright/test";
import { type PlatformRun, readRun } from "./platform.ts";

export { expect } from "@playwright/test";

interface Fixtures {
  /** The platform's current start, as global setup or the last restart recorded it. */
  run: PlatformRun;
  /** The admin API with the token npm start printed: the test's view beside the console's. */
  admin: AdminClient;
}

/** Playwright's test with the running platform: pages open on its console. */
export const test = base.extend<Fixtures>({
  // biome-ignore lint/correctness/noEmptyPattern: Playwright reads a fixture's dependencies from this pattern.
  run: async ({}, use) => {
    await use(readRun());
  },
  baseURL: async ({ run }, use) => {
    await use(run.ready.consoleUrl);
  },
  admin: async ({ run }, use) => {
    await use(createAdminClient({ baseUrl: run.ready.adminUrl, token: run.ready.token }));
  },
});
