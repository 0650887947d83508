import type { INestApplication } from "@nestjs/common";
import { DocumentBuilder, type OpenAPIObject, SwaggerModule } from "@nestjs/swagger";
import { cleanupOpenApiDoc } from "nestjs-zod";
import { restoreZodTypeLists } from "./openapi-type-lists.ts";

/** The OpenAPI document, generated from the controllers and their zod DTOs. */
export function openApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle("Darkroom admin API")
    .setDescription(
      "Images, health and (later) labels, alarms, alerts, logs, metrics and costs of a Darkroom stack",
    )
    .setVersion("0.1.0")
    .addBearerAuth({ type: "http", scheme: "bearer", description: "DARKROOM_ADMIN_TOKEN" })
    .build();
  restoreZodTypeLists(app);
  return cleanupOpenApiDoc(SwaggerModule.createDocument(app, config));
}

/**
 * `/api/openapi.json` and the interactive docs at `/api/docs`. Both are served without the
 * token: they describe the API and hold no data, and a browser cannot send a bearer header
 * when it opens the docs page; every call made from it needs the token ("Authorize").
 */
export function serveOpenApi(app: INestApplication): OpenAPIObject {
  const document = openApiDocument(app);
  SwaggerModule.setup("api/docs", app, document, {
    jsonDocumentUrl: "api/openapi.json",
    yamlDocumentUrl: "api/openapi.yaml",
    swaggerOptions: { persistAuthorization: false },
  });
  return document;
}
