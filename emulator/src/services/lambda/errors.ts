import { AwsError } from "../../protocol/aws-error.ts";

/** Lambda's errors carry a Type ("User" or "Service") beside the message. */
function userError(code: string, message: string, status: number): AwsError {
  return new AwsError(code, message, status, { fields: { Type: "User" } });
}

export const lambdaErrors = {
  functionNotFound: (arn: string) =>
    userError("ResourceNotFoundException", `Function not found: ${arn}`, 404),
  aliasNotFound: (arn: string) => userError("ResourceNotFoundException", `Alias not found: ${arn}`, 404),
  notFound: (message: string) => userError("ResourceNotFoundException", message, 404),
  conflict: (message: string) => userError("ResourceConflictException", message, 409),
  invalidParameter: (message: string) => userError("InvalidParameterValueException", message, 400),
  invalidFunctionName: (raw: string) =>
    new AwsError(
      "ValidationException",
      `1 validation error detected: Value '${raw}' at 'functionName' failed to satisfy constraint: Member must satisfy regular expression pattern: (arn:(aws[a-zA-Z-]*)?:lambda:)?([a-z]{2}(-gov)?-[a-z]+-\\d{1}:)?(\\d{12}:)?(function:)?([a-zA-Z0-9-_\\.]+)(:(\\$LATEST|[a-zA-Z0-9-_]+))?`,
      400,
    ),
  preconditionFailed: () =>
    userError(
      "PreconditionFailedException",
      "The Revision Id provided does not match the latest Revision Id. Call the GetFunction/GetAlias API to retrieve the latest Revision Id",
      412,
    ),
  tooManyRequests: (message: string) =>
    new AwsError("TooManyRequestsException", message, 429, {
      fields: { Type: "User", Reason: "ReservedFunctionConcurrentInvocationLimitExceeded" },
    }),
  requestTooLarge: (limit: number) =>
    userError(
      "RequestTooLargeException",
      `Request must be smaller than ${limit} bytes for the InvokeFunction operation`,
      413,
    ),
};
