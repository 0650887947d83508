import type { HttpRequest, HttpResponse } from "../../gateway/http.ts";
import type { CorsConfig } from "./model.ts";

/**
 * CORS for function URLs, from the URL config's Cors: Lambda answers preflights itself and
 * adds the headers to the function's responses, overriding the function's own CORS headers.
 */

/** The Access-Control-Allow-Origin value for `origin`, or undefined when the config does not allow it. */
function allowedOrigin(cors: CorsConfig, origin: string): string | undefined {
  const origins = cors.AllowOrigins ?? [];
  // Browsers refuse "*" on credentialed requests, so the origin itself is named then.
  if (origins.includes("*")) return cors.AllowCredentials ? origin : "*";
  const wanted = origin.toLowerCase();
  return origins.some((o) => o.toLowerCase() === wanted) ? origin : undefined;
}

/** "*" in a list, which browsers take literally on credentialed requests: then echo what was asked. */
function listOrEcho(values: string[], asked: string | undefined, credentials: boolean): string {
  if (values.includes("*") && credentials) return asked ?? "*";
  return values.join(",");
}

/** A browser's preflight, which Lambda answers only when the URL has a CORS config. */
export function isPreflight(req: HttpRequest, cors: CorsConfig | undefined): cors is CorsConfig {
  return (
    cors !== undefined &&
    req.method === "OPTIONS" &&
    req.headers.origin !== undefined &&
    req.headers["access-control-request-method"] !== undefined
  );
}

/** The preflight answer: the configured headers when origin and method are allowed, none otherwise. */
export function preflightResponse(req: HttpRequest, cors: CorsConfig): HttpResponse {
  const headers: Record<string, string> = {};
  const origin = allowedOrigin(cors, req.headers.origin ?? "");
  const method = (req.headers["access-control-request-method"] ?? "").toUpperCase();
  const methods = cors.AllowMethods ?? [];
  const methodAllowed = methods.includes("*") || methods.some((m) => m.toUpperCase() === method);
  const credentials = cors.AllowCredentials === true;
  if (origin !== undefined && methodAllowed) {
    headers["access-control-allow-origin"] = origin;
    headers["access-control-allow-methods"] = listOrEcho(methods, method, credentials);
    if (cors.AllowHeaders && cors.AllowHeaders.length > 0) {
      headers["access-control-allow-headers"] = listOrEcho(
        cors.AllowHeaders,
        req.headers["access-control-request-headers"],
        credentials,
      );
    }
    if (cors.ExposeHeaders && cors.ExposeHeaders.length > 0) {
      headers["access-control-expose-headers"] = cors.ExposeHeaders.join(",");
    }
    if (cors.MaxAge !== undefined) headers["access-control-max-age"] = String(cors.MaxAge);
    if (credentials) headers["access-control-allow-credentials"] = "true";
  }
  if (origin !== "*") headers.vary = "Origin";
  return { status: 200, headers, body: "" };
}

/** Adds the configured CORS headers to a function's response to an allowed origin. */
export function addCorsHeaders(response: HttpResponse, req: HttpRequest, cors: CorsConfig | undefined): void {
  const requestOrigin = req.headers.origin;
  if (!cors || requestOrigin === undefined) return;
  const origin = allowedOrigin(cors, requestOrigin);
  if (origin === undefined) return;
  const h = response.headers;
  h["access-control-allow-origin"] = origin;
  if (cors.ExposeHeaders && cors.ExposeHeaders.length > 0) {
    h["access-control-expose-headers"] = cors.ExposeHeaders.join(",");
  }
  if (cors.AllowCredentials) h["access-control-allow-credentials"] = "true";
  if (origin !== "*") h.vary = h.vary ? `${h.vary}, Origin` : "Origin";
}
