import type { Principal } from "../../gateway/context.ts";
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
  /** The signed caller of an AWS_IAM URL; absent for AuthType NONE, whose events say "anonymous". */
  caller?: Principal;
  /** X-Amzn-Trace-Id, which Lambda adds to the request headers. */
  traceId?: string;
}

/** requestContext.authorizer.iam, for AWS_IAM URLs. */
export interface UrlIamAuthorizer {
  accessKey: string;
  accountId: string;
  callerId: string;
  cognitoIdentity: null;
  principalOrgId: null;
  userArn: string;
  userId: string;
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
    /** "anonymous" for AuthType NONE, else the caller's account. */
    accountId: string;
    apiId: string;
    authorizer?: { iam: UrlIamAuthorizer };
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

/** The port the client addressed, from the Host header (80 when it names none). */
function hostPort(req: HttpRequest): string {
  return /:(\d+)$/.exec(req.headers.host ?? "")?.[1] ?? "80";
}

function iamAuthorizer(caller: Principal): UrlIamAuthorizer {
  return {
    accessKey: caller.accessKeyId ?? "",
    accountId: caller.accountId,
    callerId: caller.userId,
    cognitoIdentity: null,
    principalOrgId: null,
    userArn: caller.arn,
    userId: caller.userId,
  };
}

export function urlEvent(req: HttpRequest, ctx: UrlEventContext): UrlEvent {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) if (name !== "cookie") headers[name] = value;
  // What Lambda's front end adds, as a load balancer would.
  headers["x-forwarded-for"] = ctx.sourceIp;
  headers["x-forwarded-proto"] = "http";
  headers["x-forwarded-port"] = hostPort(req);
  if (ctx.traceId !== undefined) headers["x-amzn-trace-id"] = ctx.traceId;
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
      accountId: ctx.caller ? ctx.caller.accountId : "anonymous",
      apiId: ctx.urlId,
      ...(ctx.caller ? { authorizer: { iam: iamAuthorizer(ctx.caller) } } : {}),
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
  headers?: Record<string, unknown>;
  body?: unknown;
  isBase64Encoded?: boolean;
  cookies?: unknown;
}

function isStructured(value: unknown): value is StructuredResult {
  return (
    typeof value === "object" &&
    value !== null &&
    typeof (value as { statusCode?: unknown }).statusCode === "number"
  );
}

/** A structured result Lambda cannot turn into a response (bad status, a body that is not text). */
function isMalformed(result: StructuredResult): boolean {
  const { statusCode, body, cookies } = result;
  if (!Number.isInteger(statusCode) || statusCode < 100 || statusCode > 599) return true;
  if (body !== undefined && body !== null && typeof body !== "string") return true;
  return cookies !== undefined && cookies !== null && !Array.isArray(cookies);
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
    return urlFunctionError();
  }
  if (!isStructured(result)) {
    return {
      status: 200,
      headers: { "content-type": "application/json" },
      body: typeof result === "string" ? result : JSON.stringify(result),
    };
  }
  if (isMalformed(result)) return urlFunctionError();
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(result.headers ?? {})) {
    if (v !== null && v !== undefined) headers[k.toLowerCase()] = String(v);
  }
  headers["content-type"] ??= "application/json";
  const raw = typeof result.body === "string" ? result.body : "";
  const cookies = Array.isArray(result.cookies) ? result.cookies.map(String) : [];
  return {
    status: result.statusCode,
    headers,
    body: result.isBase64Encoded ? Buffer.from(raw, "base64") : Buffer.from(raw, "utf8"),
    // One Set-Cookie line per cookie, as Lambda sends them: joined, their Expires dates would split them.
    ...(cookies.length > 0 ? { setCookies: cookies } : {}),
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
