import type { APIGatewayProxyStructuredResultV2 } from "aws-lambda";

/** A payload format 2.0 result whose headers are always set (CORS headers are added to them). */
export type ApiResponse = APIGatewayProxyStructuredResultV2 & {
  statusCode: number;
  headers: Record<string, string>;
};

/** The body of every error response. */
export interface ErrorBody {
  error: { code: string; message: string; field?: string; requestId?: string };
}

/**
 * A JSON response. no-store: listings change with every upload, and bodies carry presigned URLs
 * that expire, so neither the browser nor a CDN may reuse them.
 */
export function json(statusCode: number, body: unknown, headers: Record<string, string> = {}): ApiResponse {
  return {
    statusCode,
    headers: {
      "content-type": "application/json; charset=utf-8",
      "cache-control": "no-store",
      ...headers,
    },
    body: JSON.stringify(body),
  };
}

export function noContent(headers: Record<string, string> = {}): ApiResponse {
  return { statusCode: 204, headers: { "cache-control": "no-store", ...headers } };
}
