import { type ApiResponse, noContent } from "./responses.ts";

/**
 * CORS from CORS_ALLOWED_ORIGINS. A function URL with its own CORS config answers preflights
 * itself and replaces these headers; without one, the function does both (see README).
 * No credentials: the API uses no cookies, so "*" is safe to send as it is.
 */
export interface CorsPolicy {
  /** Lower-case origins, or ["*"]; [] turns CORS off (same-origin callers only). */
  allowedOrigins: readonly string[];
}

/** Request headers a browser may send: only the JSON body's type (the function URL's CORS too). */
export const ALLOWED_REQUEST_HEADERS = "content-type";
/** How long a browser may cache a preflight answer, in seconds (the function URL's CORS too). */
export const PREFLIGHT_MAX_AGE = "600";

/** The Access-Control-Allow-Origin value for `origin`, or undefined when it is not allowed. */
function allowOrigin(policy: CorsPolicy, origin: string | undefined): string | undefined {
  if (policy.allowedOrigins.includes("*")) return "*";
  if (origin === undefined) return undefined;
  return policy.allowedOrigins.includes(origin.toLowerCase()) ? origin : undefined;
}

/** Headers for an actual (not preflight) response. */
export function corsHeaders(policy: CorsPolicy, origin: string | undefined): Record<string, string> {
  if (policy.allowedOrigins.length === 0) return {};
  const allowed = allowOrigin(policy, origin);
  const headers: Record<string, string> = {};
  if (allowed !== undefined) headers["access-control-allow-origin"] = allowed;
  // The answer depends on Origin unless every origin gets "*": caches must key on it.
  if (allowed !== "*") headers.vary = "Origin";
  return headers;
}

/**
 * The answer to an OPTIONS request on a route whose methods are `allowed`. Permission headers
 * only when the origin and the requested method are allowed; otherwise the browser refuses.
 */
export function preflightResponse(
  policy: CorsPolicy,
  headers: Record<string, string>,
  allowed: readonly string[],
): ApiResponse {
  const allow = [...allowed, "OPTIONS"].join(", ");
  const origin = allowOrigin(policy, headers.origin);
  const method = (headers["access-control-request-method"] ?? "").toUpperCase();
  const response = noContent({ allow });
  if (policy.allowedOrigins.length > 0) response.headers.vary = "Origin, Access-Control-Request-Method";
  if (origin === undefined || !allowed.includes(method)) return response;
  response.headers["access-control-allow-origin"] = origin;
  response.headers["access-control-allow-methods"] = allowed.join(", ");
  response.headers["access-control-allow-headers"] = ALLOWED_REQUEST_HEADERS;
  response.headers["access-control-max-age"] = PREFLIGHT_MAX_AGE;
  return response;
}
