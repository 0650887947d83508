import type { APIGatewayProxyEventV2, Context } from "aws-lambda";

export interface EventOptions {
  query?: Record<string, string>;
  headers?: Record<string, string>;
  /** Sent as JSON with content-type application/json unless `rawBody` is given. */
  json?: unknown;
  rawBody?: string;
  base64?: boolean;
}

/** A function URL event (payload format 2.0) as Lambda builds it for `method path`. */
export function urlEvent(method: string, path: string, options: EventOptions = {}): APIGatewayProxyEventV2 {
  const text = options.rawBody ?? (options.json === undefined ? undefined : JSON.stringify(options.json));
  const headers = {
    host: "abc123.lambda-url.us-east-1.on.aws",
    ...(options.json !== undefined ? { "content-type": "application/json" } : {}),
    ...options.headers,
  };
  const rawQueryString = new URLSearchParams(options.query ?? {}).toString();
  return {
    version: "2.0",
    routeKey: "$default",
    rawPath: path,
    rawQueryString,
    headers,
    ...(options.query ? { queryStringParameters: options.query } : {}),
    requestContext: {
      accountId: "anonymous",
      apiId: "abc123",
      domainName: "abc123.lambda-url.us-east-1.on.aws",
      domainPrefix: "abc123",
      http: { method, path, protocol: "HTTP/1.1", sourceIp: "127.0.0.1", userAgent: "vitest" },
      requestId: "f1d4b7e2-0000-4000-8000-000000000001",
      routeKey: "$default",
      stage: "$default",
      time: "31/Jan/2025:12:00:00 +0000",
      timeEpoch: 1738324800000,
    },
    ...(text === undefined ? {} : { body: options.base64 ? Buffer.from(text).toString("base64") : text }),
    isBase64Encoded: options.base64 === true,
  };
}

/** The Lambda context the handler reads: its request id and names for the log. */
export function lambdaContext(awsRequestId = "0d0e5c6a-1111-4000-8000-000000000002"): Context {
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName: "darkroom-api",
    functionVersion: "$LATEST",
    invokedFunctionArn: "arn:aws:lambda:us-east-1:000000000000:function:darkroom-api",
    memoryLimitInMB: "512",
    awsRequestId,
    logGroupName: "/aws/lambda/darkroom-api",
    logStreamName: "2025/01/31/[$LATEST]0000",
    getRemainingTimeInMillis: () => 30_000,
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}

/** The parsed JSON body of a handler's result. */
export function bodyOf<T = Record<string, unknown>>(result: unknown): T {
  const body = (result as { body?: string }).body;
  if (body === undefined) throw new Error("the response has no body");
  return JSON.parse(body) as T;
}
