import type { HttpRequest, HttpResponse } from "../../gateway/http.ts";

/**
 * Function URLs speak API Gateway's payload format version 2.0: the request becomes
 * this event, and the handler's result becomes the HTTP response.
 */

export interface UrlEventContext {
  urlId: string;
  region: string;
  requestId: string;
  /** The path after the function URL's root, starting with "/". */
  path: string;
  sourceIp: string;
}

export interface UrlEvent {
  version: "2.0";
  routeKey: "$default";
  rawPath: string;
  rawQueryString: string;
  cookies?: string[];
  headers: Record<string, string>;
  queryStringParameters?: Record<string, string>;
  requestContext: {
    accountId: "anonymous";
    apiId: string;
    domainName: string;
    domainPrefix: string;
    http: { method: string; path: string; protocol: "HTTP/1.1"; sourceIp: string; userAgent: string };
    requestId: string;
    routeKey: "$default";
    stage: "$default";
    time: string;
    timeEpoch: number;
  };
  body?: string;
  isBase64Encoded: boolean;
}

/** Text bodies stay text; anything else (images, octet streams) is base64, as AWS decides by content type. */
function isText(contentType: string | undefined): boolean {
  if (!contentType) return true;
  return /^(text\/|application\/(json|xml|javascript|x-www-form-urlencoded)|[^;]*\+(json|xml))/i.test(
    contentType,
  );
}

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** requestContext.time: 12/Mar/2020:19:03:58 +0000. */
function clfTime(d: Date): string {
  const p = (n: number) => String(n).padStart(2, "0");
  return `${p(d.getUTCDate())}/${MONTHS[d.getUTCMonth()]}/${d.getUTCFullYear()}:${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())} +0000`;
}

export function urlEvent(req: HttpRequest, ctx: UrlEventContext): UrlEvent {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) if (name !== "cookie") headers[name] = value;
  const query: Record<string, string> = {};
  for (const key of new Set(req.query.keys())) query[key] = req.query.getAll(key).join(",");
  const cookies = req.headers.cookie?.split(/;\s*/).filter((c) => c !== "");
  const text = isText(req.headers["content-type"]);
  const now = new Date();
  return {
    version: "2.0",
    routeKey: "$default",
    rawPath: ctx.path,
    rawQueryString: req.rawQuery,
    ...(cookies && cookies.length > 0 ? { cookies } : {}),
    headers,
    ...(Object.keys(query).length > 0 ? { queryStringParameters: query } : {}),
    requestContext: {
      accountId: "anonymous",
      apiId: ctx.urlId,
      domainName: `${ctx.urlId}.lambda-url.${ctx.region}.on.aws`,
      domainPrefix: ctx.urlId,
      http: {
        method: req.method,
        path: ctx.path,
        protocol: "HTTP/1.1",
        sourceIp: ctx.sourceIp,
        userAgent: req.headers["user-agent"] ?? "",
      },
      requestId: ctx.requestId,
      routeKey: "$default",
      stage: "$default",
      time: clfTime(now),
      timeEpoch: now.getTime(),
    },
    ...(req.body.length > 0 ? { body: text ? req.body.toString("utf8") : req.body.toString("base64") } : {}),
    isBase64Encoded: req.body.length > 0 && !text,
  };
}

interface StructuredResult {
  statusCode: number;
  headers?: Record<string, string | number | boolean>;
  body?: string;
  isBase64Encoded?: boolean;
  cookies?: string[];
}

function isStructured(value: unknown): value is StructuredResult {
  return (
    typeof value === "object" &&
    value !== null &&
    typeof (value as { statusCode?: unknown }).statusCode === "number"
  );
}

/**
 * The HTTP response for a handler's result (its JSON text). A result with a statusCode is
 * used as given; any other value is a 200 with that JSON as the body, as AWS infers it.
 */
export function urlResponse(resultJson: string): HttpResponse {
  let result: unknown;
  try {
    result = JSON.parse(resultJson);
  } catch {
    return {
      status: 502,
      headers: { "content-type": "application/json" },
      body: '{"Message":"Internal Server Error"}',
    };
  }
  if (!isStructured(result)) {
    return {
      status: 200,
      headers: { "content-type": "application/json" },
      body: typeof result === "string" ? result : JSON.stringify(result),
    };
  }
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(result.headers ?? {})) headers[k.toLowerCase()] = String(v);
  if (result.cookies && result.cookies.length > 0) headers["set-cookie"] = result.cookies.join(", ");
  headers["content-type"] ??= "application/json";
  const raw = result.body ?? "";
  return {
    status: result.statusCode,
    headers,
    body: result.isBase64Encoded ? Buffer.from(raw, "base64") : Buffer.from(raw, "utf8"),
  };
}

/** What a function URL answers when the function failed. */
export function urlFunctionError(): HttpResponse {
  return {
    status: 502,
    headers: { "content-type": "application/json" },
    body: '{"Message":"Internal Server Error"}',
  };
}
