import { readSettings } from "@darkroom/aws-clients";
import { z } from "zod";
import { type RunningAdminServer, startAdminServer } from "../admin/server/src/server.ts";
import { type AdminSettings, loadAdminSettings } from "../admin/server/src/settings/admin-settings.ts";
import { flag } from "../infra/config.ts";
import type { StackOutputs } from "../infra/deploy/stack-outputs.ts";
import { type AdminToken, adminToken } from "./admin-token.ts";
import { JsonLineLogger } from "./json-line-logger.ts";

const platformSettings = z.object({
  /** `false` starts only the emulator and the stack, without the admin backend (nor the console). */
  DARKROOM_ADMIN: flag.default(true),
  /** `false` leaves the console's port to `npm run console` (Vite's dev server). */
  DARKROOM_CONSOLE: flag.default(true),
});

/** What `npm start` will run the admin backend with, settled before anything starts. */
export interface AdminPlan {
  token: AdminToken;
  settings: AdminSettings;
  env: NodeJS.ProcessEnv;
  /** Where the console's build is served, /api passed to the backend; undefined with DARKROOM_CONSOLE=false. */
  console: { host: string; port: number } | undefined;
}

/**
 * The admin backend's token and settings, read (and checked) before the emulator starts, so a
 * bad setting fails in a second instead of after the deploy; undefined with DARKROOM_ADMIN=false.
 */
export function planAdmin(env: NodeJS.ProcessEnv, stateDir: string): AdminPlan | undefined {
  const own = readSettings(platformSettings, env, "npm start settings");
  if (!own.DARKROOM_ADMIN) return undefined;
  const token = adminToken(env, stateDir);
  const adminEnv = { ...env, DARKROOM_STATE_DIR: stateDir, DARKROOM_ADMIN_TOKEN: token.token };
  const settings = loadAdminSettings(adminEnv);
  // The port the buckets' and the backend's CORS admit by default (DARKROOM_WEB_PORT).
  const site = own.DARKROOM_CONSOLE ? { host: settings.host, port: settings.infra.webPort } : undefined;
  return { token, settings, env: adminEnv, console: site };
}

export interface EmbeddedAdmin {
  server: RunningAdminServer;
  stop(): Promise<void>;
}

/** The backend in this process, on the outputs the deploy returned, logging to `logFile`. */
export async function startAdmin(
  plan: AdminPlan,
  outputs: StackOutputs,
  logFile: string,
): Promise<EmbeddedAdmin> {
  const logger = new JsonLineLogger(logFile);
  try {
    const server = await startAdminServer({ env: plan.env, outputs, logger, shutdownHooks: false });
    return {
      server,
      stop: async () => {
        await server.stop();
        await logger.close();
      },
    };
  } catch (error) {
    await logger.close();
    throw error;
  }
}
