import "reflect-metadata";
import { ConsoleLogger, type INestApplication, type LoggerService, RequestMethod } from "@nestjs/common";
import { NestFactory } from "@nestjs/core";
import type { NestExpressApplication } from "@nestjs/platform-express";
import { requestLog } from "../http/request-log.ts";
import { HttpMetrics } from "../metrics/http-metrics.ts";
import { METRICS_SERIES_PATH } from "../metrics-series/metrics-series.dto.ts";
import { adminModule } from "./admin.module.ts";
import type { AdminContext } from "./admin-context.ts";
import { serveOpenApi } from "./openapi.ts";

/** A JSON body here is a few hundred bytes (an upload request); nothing larger is accepted. */
export const MAX_JSON_BODY = "16kb";

export interface AdminAppOptions {
  /** Structured JSON lines by default; tests pass false to keep their output quiet. */
  logs?: boolean;
  /** Where the log lines go instead of JSON on stdout (`npm start` writes them to a file). */
  logger?: LoggerService;
  /** Close on SIGINT/SIGTERM (default); off when the embedder (`npm start`) stops it itself. */
  shutdownHooks?: boolean;
}

/** The Nest app for one context, configured but not listening. */
export async function createAdminApp(
  context: AdminContext,
  options: AdminAppOptions = {},
): Promise<INestApplication> {
  const logger = options.logger ?? new ConsoleLogger("darkroom-admin", { json: true, colors: false });
  const metrics = new HttpMetrics();
  const app = await NestFactory.create<NestExpressApplication>(adminModule(context, metrics), {
    bodyParser: false,
    logger: options.logs === false ? false : logger,
  });
  app.useBodyParser("json", { limit: MAX_JSON_BODY });
  app.disable("x-powered-by");
  if (options.logs !== false) app.use(requestLog(logger, metrics));
  else app.use(requestLog({ log: () => {}, error: () => {}, warn: () => {} }, metrics));
  app.enableCors({
    origin: context.settings.consoleOrigins,
    methods: ["GET", "POST", "DELETE"],
    allowedHeaders: ["authorization", "content-type"],
    exposedHeaders: ["x-request-id"],
    maxAge: 600,
  });
  // Prometheus' GET /metrics stays outside /api. An exclusion matches a route by path alone, so
  // /api/metrics (the charts' series) is declared with its prefix and excluded too.
  app.setGlobalPrefix("api", {
    exclude: [
      { path: "metrics", method: RequestMethod.GET },
      { path: METRICS_SERIES_PATH, method: RequestMethod.GET },
    ],
  });
  if (options.shutdownHooks !== false) app.enableShutdownHooks();
  serveOpenApi(app);
  return app;
}
