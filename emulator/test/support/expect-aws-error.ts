import { S3ServiceException } from "@aws-sdk/client-s3";
import { ServiceException } from "@smithy/core/client";
import { expect } from "vitest";

/** A service error as an SDK client throws it; IAM and STS errors also carry the wire code as Code. */
export type AwsError = ServiceException & { Code?: string };

type ErrorClass = abstract new (...args: never[]) => ServiceException;

/**
 * Awaits a rejection and checks it is a service error (a `type`) with error code `name`, HTTP `status`
 * and `message` (word for word, or matching a RegExp); an undefined expectation is not checked.
 * Returns the error for further checks, e.g. of `$response.headers`.
 */
export async function expectAwsError(
  promise: Promise<unknown>,
  name?: string,
  status?: number,
  message?: string | RegExp,
  type: ErrorClass = ServiceException,
): Promise<AwsError> {
  const err = await promise.then(
    () => {
      throw new Error(`expected ${name ?? "an error"}, but the call succeeded`);
    },
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(type);
  const awsErr = err as AwsError;
  // The SDK names modeled IAM errors after their class (LimitExceededException); Code keeps the
  // wire code (LimitExceeded). S3 errors have no Code or the same one, so they compare by name.
  if (name !== undefined) expect(awsErr.Code ?? awsErr.name).toBe(name);
  if (status !== undefined) expect(awsErr.$metadata.httpStatusCode).toBe(status);
  if (typeof message === "string") expect(awsErr.message).toBe(message);
  else if (message !== undefined) expect(awsErr.message).toMatch(message);
  return awsErr;
}

/** expectAwsError for an S3 client's calls: the error must be an S3ServiceException. */
export function expectS3Error(
  promise: Promise<unknown>,
  name?: string,
  status?: number,
  message?: string | RegExp,
): Promise<AwsError> {
  return expectAwsError(promise, name, status, message, S3ServiceException);
}
