import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, Logger } from "@nestjs/common";
import type { Response } from "express";
import { ZodSerializationException, ZodValidationException } from "nestjs-zod";
import type { ZodError } from "zod";

/** Every error body: a stable code and a sentence; never a stack trace or an AWS error's internals. */
export interface ErrorBody {
  error: string;
  message: string;
  field?: string;
  issues?: { path: string; message: string }[];
}

function issuesOf(error: ZodError): { path: string; message: string }[] {
  return error.issues.map((issue) => ({ path: issue.path.join(".") || "(root)", message: issue.message }));
}

/** The one place errors become HTTP answers; unexpected ones are logged with their stack and answered 500. */
@Catch()
export class ErrorFilter implements ExceptionFilter {
  readonly #logger = new Logger("ErrorFilter");

  catch(exception: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    const { status, body } = this.#answer(exception);
    response.status(status).json(body);
  }

  #answer(exception: unknown): { status: number; body: ErrorBody } {
    if (exception instanceof ZodValidationException) {
      const issues = issuesOf(exception.getZodError() as ZodError);
      const first = issues[0];
      return {
        status: 400,
        body: {
          error: "BadRequest",
          message: first ? `${first.path}: ${first.message}` : "invalid request",
          ...(first ? { field: first.path } : {}),
          issues,
        },
      };
    }
    if (exception instanceof ZodSerializationException) {
      this.#logger.error({
        msg: "a response did not match its schema",
        issues: issuesOf(exception.getZodError() as ZodError),
      });
      return { status: 500, body: { error: "InternalServerError", message: "internal error" } };
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const raw = exception.getResponse();
      const given = typeof raw === "object" && raw !== null ? (raw as Partial<ErrorBody>) : {};
      return {
        status,
        body: {
          error: typeof given.error === "string" ? given.error : exception.name.replace(/Exception$/, ""),
          message: typeof given.message === "string" ? given.message : exception.message,
          ...(typeof given.field === "string" ? { field: given.field } : {}),
        },
      };
    }
    const clientError = httpClientError(exception);
    if (clientError) return clientError;
    this.#logger.error({
      msg: "unexpected error",
      error: exception instanceof Error ? exception.stack : String(exception),
    });
    return { status: 500, body: { error: "InternalServerError", message: "internal error" } };
  }
}

/**
 * Express' own 4xx errors (http-errors, from the body parser: too large, not JSON), which are
 * not Nest's HttpException; their messages are meant for clients (`expose`).
 */
function httpClientError(exception: unknown): { status: number; body: ErrorBody } | undefined {
  if (!(exception instanceof Error)) return undefined;
  const { status, expose } = exception as Error & { status?: unknown; expose?: unknown };
  if (typeof status !== "number" || status < 400 || status >= 500 || expose !== true) return undefined;
  const error = status === 413 ? "PayloadTooLarge" : "BadRequest";
  return { status, body: { error, message: exception.message } };
}
