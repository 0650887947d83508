import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CreateTableCommand } from "@aws-sdk/client-dynamodb";
import { CreateBucketCommand } from "@aws-sdk/client-s3";
import { imageTableCreateInput } from "@darkroom/image-record";
import { type RunningEmulator, startEmulator } from "../../../emulator/src/index.ts";
import type { StackOutputs } from "../../../infra/deploy/stack-outputs.ts";
import { type AwsClients, awsClients, destroyAwsClients } from "../src/repositories/aws-clients.ts";
import { type RunningAdminServer, startAdminServer } from "../src/server.ts";
import { type AdminSettings, loadAdminSettings } from "../src/settings/admin-settings.ts";

/** What the listing benches run on: the emulator in this process, the table and buckets, the backend. */
export interface ListingStack {
  emulator: RunningEmulator;
  settings: AdminSettings;
  outputs: StackOutputs;
  clients: AwsClients;
  server: RunningAdminServer;
  stop(): Promise<void>;
}

/**
 * The emulator without persistence, only the image table and the two buckets (a listing needs
 * nothing else, so nothing is deployed), and the admin backend on them with `token`. `env` adds
 * backend settings (the console's origin, for one).
 */
export async function startListingStack(
  token: string,
  env: Record<string, string> = {},
): Promise<ListingStack> {
  const emulator = await startEmulator({ port: 0, persist: false });
  const work = await mkdtemp(join(tmpdir(), "darkroom-bench-"));
  const fullEnv = {
    ...process.env,
    DARKROOM_PORT: String(emulator.port),
    DARKROOM_STATE_DIR: join(work, "state"),
    DARKROOM_ADMIN_TOKEN: token,
    DARKROOM_API_PORT: "0",
    DARKROOM_TARGET: "local",
    ...env,
  };
  const settings = loadAdminSettings(fullEnv);
  const prefix = settings.infra.namePrefix;
  const outputs: StackOutputs = {
    api_url: `http://bench.lambda-url.${settings.endpoint.region}.localhost:${emulator.port}/`,
    uploads_bucket: `${prefix}-uploads`,
    media_bucket: `${prefix}-media`,
    images_table: `${prefix}-images`,
    processor_function: `${prefix}-processor`,
    api_function: `${prefix}-api`,
  };
  const clients = awsClients(settings);
  await clients.dynamodbTables.send(new CreateTableCommand(imageTableCreateInput(outputs.images_table)));
  for (const bucket of [outputs.uploads_bucket, outputs.media_bucket]) {
    await clients.s3.send(new CreateBucketCommand({ Bucket: bucket }));
  }
  const server = await startAdminServer({ env: fullEnv, outputs, logs: false });
  return {
    emulator,
    settings,
    outputs,
    clients,
    server,
    stop: async () => {
      destroyAwsClients(clients);
      await server.stop();
      await emulator.stop();
      await rm(work, { recursive: true, force: true });
    },
  };
}
