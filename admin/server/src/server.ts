import type { INestApplication } from "@nestjs/common";
import type { StackOutputs } from "../../../infra/deploy/stack-outputs.ts";
import { assertPortFree } from "../../../platform/ports.ts";
import { type AdminAppOptions, createAdminApp } from "./app/create-app.ts";
import { awsClients, destroyAwsClients } from "./repositories/aws-clients.ts";
import { awsRepositories } from "./repositories/aws-repositories.ts";
import { type AdminSettings, loadAdminSettings } from "./settings/admin-settings.ts";
import { readStackOutputs, stackResources } from "./settings/stack-resources.ts";

export interface StartOptions extends AdminAppOptions {
  env?: NodeJS.ProcessEnv;
  /** What a deploy just returned (`npm start`); otherwise DARKROOM_STACK_OUTPUTS or the local deploy's record. */
  outputs?: StackOutputs;
}

export interface RunningAdminServer {
  app: INestApplication;
  settings: AdminSettings;
  /** http://host:port, without a trailing slash; the API is under /api. */
  url: string;
  stop(): Promise<void>;
}

/** Reads the settings and the stack, checks the port, and listens. */
export async function startAdminServer(options: StartOptions = {}): Promise<RunningAdminServer> {
  const env = options.env ?? process.env;
  const settings = loadAdminSettings(env);
  const stack = stackResources(options.outputs ?? readStackOutputs(settings, env), settings.infra);
  if (settings.port !== 0) {
    await assertPortFree({
      port: settings.port,
      host: settings.host,
      setting: "DARKROOM_API_PORT",
      what: "the admin backend",
    });
  }
  const clients = awsClients(settings);
  const app = await createAdminApp(
    { settings, stack, repositories: awsRepositories(settings, stack, clients) },
    options,
  );
  await app.listen(settings.port, settings.host);
  const address = app.getHttpServer().address() as { port: number };
  return {
    app,
    settings,
    url: `http://${settings.host}:${address.port}`,
    stop: async () => {
      await app.close();
      destroyAwsClients(clients);
    },
  };
}
