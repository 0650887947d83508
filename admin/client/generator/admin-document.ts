import type { OpenAPIObject } from "@nestjs/swagger";
import { createAdminApp } from "../../server/src/app/create-app.ts";
import { openApiDocument } from "../../server/src/app/openapi.ts";
import { awsClients, destroyAwsClients } from "../../server/src/repositories/aws-clients.ts";
import { awsRepositories } from "../../server/src/repositories/aws-repositories.ts";
import { loadAdminSettings } from "../../server/src/settings/admin-settings.ts";
import { stackResources } from "../../server/src/settings/stack-resources.ts";

/**
 * Stand-in names: the document describes the controllers and their DTOs, never a stack, so
 * any well-formed outputs do (nothing below calls AWS, or listens).
 */
const PLACEHOLDER_OUTPUTS = {
  api_url: "http://placeholder.lambda-url.us-east-1.localhost:4566/",
  uploads_bucket: "darkroom-uploads",
  media_bucket: "darkroom-media",
  images_table: "darkroom-images",
  processor_function: "darkroom-processor",
  api_function: "darkroom-api",
};

/**
 * The admin API's OpenAPI document, exactly as `/api/openapi.json` serves it: the real app
 * (its module, controllers, DTOs), created but never initialized or listening, so no job runs
 * and no port or AWS account is needed. The settings come from a fixed environment, not this
 * shell's, so the document does not depend on who generates it.
 */
export async function adminOpenApiDocument(): Promise<OpenAPIObject> {
  const settings = loadAdminSettings({
    DARKROOM_ADMIN_TOKEN: "openapi-generator-placeholder-token",
    DARKROOM_API_PORT: "0",
  });
  const stack = stackResources(PLACEHOLDER_OUTPUTS, settings.infra);
  const clients = awsClients(settings);
  try {
    const app = await createAdminApp(
      { settings, stack, repositories: awsRepositories(settings, stack, clients) },
      { logs: false, shutdownHooks: false },
    );
    try {
      return openApiDocument(app);
    } finally {
      await app.close();
    }
  } finally {
    destroyAwsClients(clients);
  }
}
