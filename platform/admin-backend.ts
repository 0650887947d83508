import { readSettings } from "@darkroom/aws-clients";
import { z } from "zod";
import { type RunningAdminServer, startAdminServer } from "../admin/server/src/server.ts";
import { type AdminSettings, loadAdminSettings } from "../admin/server/src/settings/admin-settings.ts";
import { flag } from "../infra/config.ts";
import type { StackOutputs } from "../infra/deploy/stack-outputs.ts";
import { type AdminToken, adminToken } from "./admin-token.ts";
import { JsonLineLogger } from "./json-line-logger.ts";

const platformSettings = z.object({
  /** `false` starts only the emulator and the stack, without the admin backend. */
  DARKROOM_ADMIN: flag.default(true),
});

/** What `npm start` will run the admin backend with, settled before anything starts. */
export interface AdminPlan {
  token: AdminToken;
  settings: AdminSettings;
  env: NodeJS.ProcessEnv;
}

/**
 * The admin backend's token and settings, read (and checked) before the emulator starts, so a
 * bad setting fails in a second instead of after the deploy; undefined with DARKROOM_ADMIN=false.
 */
export function planAdmin(env: NodeJS.ProcessEnv, stateDir: string): AdminPlan | undefined {
  if (!readSettings(platformSettings, env, "npm start settings").DARKROOM_ADMIN) return undefined;
  const token = adminToken(env, stateDir);
  const adminEnv = { ...env, DARKROOM_STATE_DIR: stateDir, DARKROOM_ADMIN_TOKEN: token.token };
  return { token, settings: loadAdminSettings(adminEnv), env: adminEnv };
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
