/**
 * Errors with an HTTP answer. Anything else thrown while handling a request is a 500 whose
 * details stay in the log (see error-response.ts).
 */
export class HttpError extends Error {
  override readonly name: string = "HttpError";
  readonly status: number;
  readonly code: string;
  readonly headers: Record<string, string>;
  constructor(status: number, code: string, message: string, headers: Record<string, string> = {}) {
    super(message);
    this.status = status;
    this.code = code;
    this.headers = headers;
  }
}

/** 400: a request field is missing or wrong; `field` names it ("bytes", "query.limit", "id"). */
export class ValidationError extends HttpError {
  override readonly name = "ValidationError";
  readonly field: string;
  constructor(field: string, message: string, code = "INVALID_REQUEST") {
    super(400, code, message);
    this.field = field;
  }
}

export class NotFoundError extends HttpError {
  override readonly name = "NotFoundError";
  constructor(message: string) {
    super(404, "NOT_FOUND", message);
  }
}

export class MethodNotAllowedError extends HttpError {
  override readonly name = "MethodNotAllowedError";
  constructor(method: string, path: string, allowed: readonly string[]) {
    super(405, "METHOD_NOT_ALLOWED", `${method} is not allowed on ${path}; use ${allowed.join(" or ")}`, {
      allow: allowed.join(", "),
    });
  }
}

export class PayloadTooLargeError extends HttpError {
  override readonly name = "PayloadTooLargeError";
  constructor(limit: number) {
    super(413, "BODY_TOO_LARGE", `the request body must be at most ${limit} bytes`);
  }
}

export class UnsupportedMediaTypeError extends HttpError {
  override readonly name = "UnsupportedMediaTypeError";
  constructor(contentType: string) {
    super(415, "UNSUPPORTED_MEDIA_TYPE", `the request body must be application/json, not ${contentType}`);
  }
}
