import { S3ServiceException } from "@aws-sdk/client-s3";
import { type FailureCode, type LabelsError, MAX_ERROR_MESSAGE_LENGTH } from "@darkroom/image-record";

/**
 * What went wrong, sorted by what to do about it:
 *   permanent  the image (or our code) is at fault: record FAILED with a code, do not throw, so
 *              Lambda does not retry something that fails the same way every time
 *   transient  S3/DynamoDB throttling, 5xx, a dropped connection: throw, so Lambda's async retry
 *              runs later (the record's conditional writes make the retry safe)
 */
export class ProcessingFailure extends Error {
  override readonly name = "ProcessingFailure";
  readonly code: FailureCode;
  constructor(code: FailureCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}

export type ErrorClass =
  | { kind: "transient"; reason: string }
  | {
      kind: "permanent";
      code: FailureCode;
      message: string;
      /** S3 refused the function's role: an alarm (S3AccessDenied), not the image's fault. */
      accessDenied: boolean;
    };

/** Names AWS services use for "slow down" and "try again", whatever the status code. */
const RETRYABLE_AWS_ERRORS = new Set([
  "ThrottlingException",
  "Throttling",
  "ThrottledException",
  "TooManyRequestsException",
  "RequestLimitExceeded",
  "ProvisionedThroughputExceededException",
  "SlowDown",
  "RequestTimeout",
  "RequestTimeoutException",
  "InternalError",
  "InternalServerError",
  "ServiceUnavailable",
  "TransactionInProgressException",
]);
/** Connection failures from Node's sockets and the SDK's own timeouts. */
const NETWORK_ERROR_CODES = new Set(["ECONNRESET", "ECONNREFUSED", "ETIMEDOUT", "EPIPE", "EAI_AGAIN"]);
const NETWORK_ERROR_NAMES = new Set(["TimeoutError"]);

/** The parts of an AWS SDK v3 service exception we look at. */
interface AwsErrorShape {
  name: string;
  message: string;
  $fault?: "client" | "server";
  $retryable?: unknown;
  $metadata: { httpStatusCode?: number };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null;
}

export function isAwsError(error: unknown): error is AwsErrorShape {
  return error instanceof Error && isRecord((error as unknown as Record<string, unknown>).$metadata);
}

function errorCode(error: unknown): string | undefined {
  const code = isRecord(error) ? error.code : undefined;
  return typeof code === "string" ? code : undefined;
}

/** S3 said no to the function's role (a 403 on a HEAD has no error name of its own). */
export function isS3AccessDenied(error: unknown): boolean {
  return (
    error instanceof S3ServiceException &&
    (error.name === "AccessDenied" || error.$metadata.httpStatusCode === 403)
  );
}

/** A message that fits the record: one line of text, at most MAX_ERROR_MESSAGE_LENGTH characters. */
export function recordMessage(text: string): string {
  const clean = text.replace(/\s+/g, " ").trim() || "no message";
  return clean.length <= MAX_ERROR_MESSAGE_LENGTH
    ? clean
    : `${clean.slice(0, MAX_ERROR_MESSAGE_LENGTH - 1)}…`;
}

function describe(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return `non-error thrown: ${String(error)}`;
}

export function classifyError(error: unknown): ErrorClass {
  const permanent = (code: FailureCode, message: string, accessDenied = false): ErrorClass => ({
    kind: "permanent",
    code,
    message: recordMessage(message),
    accessDenied,
  });
  if (error instanceof ProcessingFailure) return permanent(error.code, error.message);
  if (error instanceof TransientError) return { kind: "transient", reason: error.message };
  if (isAwsError(error)) {
    const status = error.$metadata.httpStatusCode ?? 0;
    if (
      RETRYABLE_AWS_ERRORS.has(error.name) ||
      error.$retryable !== undefined ||
      error.$fault === "server" ||
      status >= 500 ||
      status === 429
    ) {
      return { kind: "transient", reason: `${error.name} (HTTP ${status || "?"})` };
    }
    return permanent("INTERNAL", `AWS error ${describe(error)}`, isS3AccessDenied(error));
  }
  const code = errorCode(error);
  if (
    (code && NETWORK_ERROR_CODES.has(code)) ||
    (error instanceof Error && NETWORK_ERROR_NAMES.has(error.name))
  ) {
    return { kind: "transient", reason: `network error ${code ?? (error as Error).name}` };
  }
  return permanent("INTERNAL", describe(error));
}

/** The record's `labelsError` for a failed label call: the error's name as its code. */
export function labelsErrorOf(error: unknown): LabelsError {
  const name = error instanceof Error ? error.name : "";
  const code = /^[A-Za-z][A-Za-z0-9_.]{0,99}$/.test(name) ? name : "UnknownError";
  const message = error instanceof Error ? error.message : String(error);
  return { code, message: recordMessage(message) };
}

/** A failure worth retrying that carries no AWS error of its own (e.g. a cancelled transaction). */
export class TransientError extends Error {
  override readonly name = "TransientError";
}
