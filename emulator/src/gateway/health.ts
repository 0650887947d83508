import packageJson from "../../package.json" with { type: "json" };
import type { EmulatorRuntime } from "./context.ts";
import type { HttpRequest, HttpResponse } from "./http.ts";
import { type InternalRoute, methodNotAllowed } from "./internal-routes.ts";
import type { Service } from "./service.ts";

export const EMULATOR_VERSION = packageJson.version;

/**
 * Answers the internal endpoints: LocalStack's /_localstack/health (so tools that
 * wait for LocalStack work unchanged) and its Darkroom alias. Null for anything else.
 */
export function healthResponse(
  req: HttpRequest,
  services: Service[],
  runtime: EmulatorRuntime,
): HttpResponse | null {
  if (req.rawPath !== "/_localstack/health" && req.rawPath !== "/_darkroom/health") return null;
  if (req.method !== "GET" && req.method !== "HEAD") return methodNotAllowed("GET, HEAD");
  const body = {
    services: Object.fromEntries(services.map((s) => [s.name, "running"])),
    edition: "community",
    version: `darkroom-${EMULATOR_VERSION}`,
    persistence: runtime.config.persist,
  };
  return {
    status: 200,
    headers: { "content-type": "application/json", "access-control-allow-origin": "*" },
    body: JSON.stringify(body),
  };
}

/** The health endpoint as an internal route; it stays out of the request log. */
export function healthRoute(services: Service[], runtime: EmulatorRuntime): InternalRoute {
  return async (req) => {
    const response = healthResponse(req, services, runtime);
    return response ? { response } : null;
  };
}
