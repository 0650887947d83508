/** The backend's error body (admin/server/src/http/error.filter.ts). */
export interface ErrorBody {
  error: string;
  message: string;
  field?: string;
}

export function isErrorBody(value: unknown): value is ErrorBody {
  if (typeof value !== "object" || value === null) return false;
  const body = value as Record<string, unknown>;
  return typeof body.error === "string" && typeof body.message === "string";
}

/** A request that reached no answer (status 0) or answered an error. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly field: string | undefined;

  constructor(status: number, code: string, message: string, field?: string) {
    super(message);
    this.name = "ApiError";
    this.status = status;
    this.code = code;
    this.field = field;
  }

  static unreachable(cause: unknown): ApiError {
    const error = new ApiError(0, "Unreachable", cause instanceof Error ? cause.message : String(cause));
    error.cause = cause;
    return error;
  }
}

/** The backend's `{error, message, field?}`, or a plain status when a proxy or nothing answered. */
export function errorFrom(response: Response, body: unknown): ApiError {
  if (isErrorBody(body)) return new ApiError(response.status, body.error, body.message, body.field);
  return new ApiError(response.status, response.statusText || "Error", `HTTP ${response.status}`);
}

/** A sentence for people: what went wrong and, where we know it, what to do. */
export function humanMessage(error: unknown): string {
  if (error instanceof ApiError) {
    if (error.status === 0) {
      return "The admin backend is not answering. Is `npm start` (or `npm run admin`) running?";
    }
    if (error.status === 401) return "Your admin token was refused. Sign in again with DARKROOM_ADMIN_TOKEN.";
    if (error.status === 404) return `Not found: ${error.message}`;
    if (error.status === 502 || error.status === 504) {
      return "The admin backend is not answering behind the proxy. Is it running?";
    }
    if (error.status >= 500) return `The backend failed (${error.message}). Its log has the details.`;
    const where = error.field && !error.message.startsWith(error.field) ? `${error.field}: ` : "";
    return `${where}${error.message}`;
  }
  if (error instanceof Error) return error.message;
  return String(error);
}
