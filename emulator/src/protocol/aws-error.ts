/**
 * An error the emulator answers with. Each codec renders it in its protocol's shape,
 * keeping the AWS error code and HTTP status.
 */
export class AwsError extends Error {
  readonly code: string;
  readonly status: number;
  /** Extra fields some protocols carry (S3 puts them as XML elements next to Code/Message). */
  readonly fields: Record<string, string>;
  /** Response headers to add, e.g. x-amz-bucket-region on a 301. */
  readonly headers: Record<string, string>;
  /** "Sender" or "Receiver", for the query protocol's <Type>. */
  readonly fault: "Sender" | "Receiver";
  /**
   * The Smithy error shape, where a query-compatible service's JSON and CBOR answers name it
   * differently from the query code (CloudWatch's DashboardNotFoundError is "ResourceNotFound").
   */
  readonly shape: string;

  constructor(
    code: string,
    message: string,
    status = 400,
    options: {
      fields?: Record<string, string>;
      headers?: Record<string, string>;
      fault?: "Sender" | "Receiver";
      shape?: string;
    } = {},
  ) {
    super(message);
    this.name = code;
    this.code = code;
    this.status = status;
    this.fields = options.fields ?? {};
    this.headers = options.headers ?? {};
    this.fault = options.fault ?? (status >= 500 ? "Receiver" : "Sender");
    this.shape = options.shape ?? code;
  }
}

/** The answer for an operation the emulator does not implement: AWS-shaped, and it names the operation. */
export function notImplemented(service: string, operation: string): AwsError {
  return new AwsError(
    "NotImplemented",
    `The operation ${operation} of service ${service} is not implemented by the Darkroom emulator`,
    501,
    { fault: "Receiver" },
  );
}

export function validationError(message: string): AwsError {
  return new AwsError("ValidationError", message, 400);
}
