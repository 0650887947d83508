import type { APIGatewayProxyEventV2 } from "aws-lambda";
import { imagesController } from "./controllers/images.controller.ts";
import { uploadsController } from "./controllers/uploads.controller.ts";
import { type CorsPolicy, corsHeaders, preflightResponse } from "./http/cors.ts";
import { mapError } from "./http/error-response.ts";
import { MethodNotAllowedError, NotFoundError } from "./http/errors.ts";
import { type ApiRequest, toApiRequest } from "./http/request.ts";
import type { ApiResponse } from "./http/responses.ts";
import type { ApiLogger, ApiMetrics } from "./observability.ts";
import type { ImageRepository } from "./repositories/image-repository.ts";
import type { ObjectPresigner } from "./repositories/object-presigner.ts";
import { apiRoutes, type RouteMatch, Router } from "./router.ts";
import { DetailService } from "./services/detail.service.ts";
import { ImageViews } from "./services/image-views.ts";
import { ListingService } from "./services/listing.service.ts";
import { UploadService } from "./services/upload.service.ts";

/** Everything the API talks to; handler.ts passes the real ones, tests may pass fakes. */
export interface ApiDeps {
  maxUploadBytes: number;
  cors: CorsPolicy;
  images: ImageRepository;
  presigner: ObjectPresigner;
  metrics: ApiMetrics;
  logger: ApiLogger;
  now?: () => Date;
}

export interface Api {
  /** One request: route, run, map errors, add CORS, count failures, log one line. */
  handle(event: APIGatewayProxyEventV2, requestId: string): Promise<ApiResponse>;
}

/** The metric and log name of requests that match no route. */
const UNMATCHED = "unmatched";

export function createApi(deps: ApiDeps): Api {
  const { images, presigner, metrics, logger, maxUploadBytes } = deps;
  const views = new ImageViews(presigner, deps.now);
  const router = new Router(
    apiRoutes(
      uploadsController(
        new UploadService({ images, presigner, metrics, maxUploadBytes, now: deps.now }),
        maxUploadBytes,
      ),
      imagesController(new ListingService(images, views), new DetailService(images, views)),
    ),
  );

  /** The response to a request that matched `match`; errors are thrown for mapError. */
  async function respond(request: ApiRequest, match: RouteMatch): Promise<ApiResponse> {
    switch (match.kind) {
      case "found":
        return match.route.handle({ request, params: match.params });
      case "wrong-method":
        // OPTIONS reaches us when the function URL has no CORS config of its own.
        if (request.method === "OPTIONS") return preflightResponse(deps.cors, request.headers, match.allowed);
        throw new MethodNotAllowedError(request.method, request.path, match.allowed);
      case "not-found":
        throw new NotFoundError(`no route for ${request.method} ${request.path}`);
    }
  }

  return {
    async handle(event, requestId) {
      let route = UNMATCHED;
      let origin: string | undefined;
      let preflight = false;
      let response: ApiResponse;
      try {
        const request = toApiRequest(event);
        origin = request.headers.origin;
        const match = router.match(request.method, request.path);
        route = routeName(request.method, match);
        preflight = match.kind === "wrong-method" && request.method === "OPTIONS";
        response = await respond(request, match);
      } catch (error) {
        const mapped = mapError(error, requestId);
        response = mapped.response;
        // Ours to fix: the details go to the log, never to the client.
        if (mapped.internal) logger.error("request failed", { route, error });
      }
      if (response.statusCode >= 400) metrics.requestFailed(route, response.statusCode);
      if (!preflight) response.headers = { ...corsHeaders(deps.cors, origin), ...response.headers };
      logger.info("request", {
        method: event.requestContext.http.method,
        path: event.rawPath,
        route,
        status: response.statusCode,
      });
      return response;
    },
  };
}

/** Methods named in metric dimensions; any other becomes OTHER, so callers cannot add series. */
const KNOWN_METHODS = new Set(["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]);

/** The route a request is counted and logged under: "GET /images/{id}", or "unmatched". */
function routeName(method: string, match: RouteMatch): string {
  if (match.kind === "found") return `${match.route.method} ${match.route.path}`;
  if (match.kind === "wrong-method") return `${KNOWN_METHODS.has(method) ? method : "OTHER"} ${match.path}`;
  return UNMATCHED;
}
