import { InvalidListRequestError } from "@darkroom/image-record";
import { HttpError, ValidationError } from "./errors.ts";
import { type ApiResponse, type ErrorBody, json } from "./responses.ts";

/** AWS errors that mean "slow down", not "broken": the client may retry shortly. */
const THROTTLING = new Set([
  "ThrottlingException",
  "ProvisionedThroughputExceededException",
  "RequestLimitExceeded",
  "SlowDown",
]);

export interface MappedError {
  response: ApiResponse;
  /** Whether the error is ours (5xx) and its details belong in the log. */
  internal: boolean;
}

function errorResponse(
  status: number,
  error: ErrorBody["error"],
  headers: Record<string, string> = {},
): ApiResponse {
  return json(status, { error } satisfies ErrorBody, headers);
}

/**
 * The response for an error thrown while handling a request. Client errors say what was wrong;
 * anything unexpected becomes a 500 that names only the request id, so no internals leak.
 */
export function mapError(error: unknown, requestId: string): MappedError {
  if (error instanceof ValidationError) {
    return {
      response: errorResponse(400, { code: error.code, message: error.message, field: error.field }),
      internal: false,
    };
  }
  if (error instanceof HttpError) {
    return {
      response: errorResponse(error.status, { code: error.code, message: error.message }, error.headers),
      internal: error.status >= 500,
    };
  }
  if (error instanceof InvalidListRequestError) {
    return {
      response: errorResponse(400, { code: "INVALID_REQUEST", message: error.message, field: error.field }),
      internal: false,
    };
  }
  if (error instanceof Error && THROTTLING.has(error.name)) {
    return {
      response: errorResponse(
        503,
        { code: "SERVICE_UNAVAILABLE", message: "the service is busy; retry in a moment", requestId },
        { "retry-after": "1" },
      ),
      internal: true,
    };
  }
  return {
    response: errorResponse(500, {
      code: "INTERNAL_ERROR",
      message: "the request failed because of an error on our side",
      requestId,
    }),
    internal: true,
  };
}
