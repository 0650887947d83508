import { DEFAULT_MAX_UPLOAD_BYTES } from "@darkroom/image-record";
import type { AdminContext } from "../../src/app/admin-context.ts";
import { loadAdminSettings } from "../../src/settings/admin-settings.ts";
import { stackResources } from "../../src/settings/stack-resources.ts";
import { fakeRepositories } from "./fakes.ts";

export const TOKEN = "test-admin-token-0123456789";
export const CONSOLE_ORIGIN = "http://localhost:5173";

export const STACK = stackResources(
  {
    api_url: "http://abc123.lambda-url.us-east-1.localhost:4566/",
    uploads_bucket: "darkroom-uploads",
    media_bucket: "darkroom-media",
    images_table: "darkroom-images",
    processor_function: "darkroom-processor",
    api_function: "darkroom-api",
  },
  { namePrefix: "darkroom", maxUploadBytes: DEFAULT_MAX_UPLOAD_BYTES },
);

/** A context over fakes, with the settings read as in production from a test environment. */
export function fakeContext() {
  const repositories = fakeRepositories();
  const settings = loadAdminSettings({ DARKROOM_ADMIN_TOKEN: TOKEN, DARKROOM_API_PORT: "0" });
  return { context: { settings, stack: STACK, repositories } satisfies AdminContext, repositories };
}
