import type { APIGatewayProxyEventV2 } from "aws-lambda";

/** What the router and controllers read of a payload format 2.0 event. */
export interface ApiRequest {
  /** Upper case: GET, POST, OPTIONS, ... */
  method: string;
  /** The route path as sent (still percent-encoded), without a `/_lambda-url/<id>` prefix or trailing slash. */
  path: string;
  /** Query parameters; a repeated one arrives comma-joined, as Lambda joins them. */
  query: Record<string, string>;
  /** Header names in lower case. */
  headers: Record<string, string>;
  /** The body as text, base64 decoded when the event says so. */
  body: string | undefined;
}

/** The emulator's path form of a function URL; it strips it, but a proxy in front may not. */
const LAMBDA_URL_PREFIX = /^\/_lambda-url\/[^/]+(?=\/|$)/;

function routePath(rawPath: string): string {
  return rawPath.replace(LAMBDA_URL_PREFIX, "").replace(/\/+$/, "") || "/";
}

function lowerCaseKeys(record: Record<string, string | undefined> | undefined): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [name, value] of Object.entries(record ?? {})) {
    if (value !== undefined) result[name.toLowerCase()] = value;
  }
  return result;
}

function definedValues(record: Record<string, string | undefined> | undefined): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [name, value] of Object.entries(record ?? {})) if (value !== undefined) result[name] = value;
  return result;
}

export function toApiRequest(event: APIGatewayProxyEventV2): ApiRequest {
  const body =
    event.body === undefined
      ? undefined
      : event.isBase64Encoded
        ? Buffer.from(event.body, "base64").toString("utf8")
        : event.body;
  return {
    method: event.requestContext.http.method.toUpperCase(),
    path: routePath(event.rawPath ?? event.requestContext.http.path),
    query: definedValues(event.queryStringParameters),
    headers: lowerCaseKeys(event.headers),
    body,
  };
}
