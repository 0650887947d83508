import { AwsError } from "../../protocol/aws-error.ts";

/** CloudWatch Logs' errors: every client error is a 400, with AWS's codes and wording. */

export function invalidParameter(message: string): AwsError {
  return new AwsError("InvalidParameterException", message, 400);
}

export function resourceNotFound(message: string): AwsError {
  return new AwsError("ResourceNotFoundException", message, 400);
}

export function resourceAlreadyExists(message: string): AwsError {
  return new AwsError("ResourceAlreadyExistsException", message, 400);
}

export function limitExceeded(message = "Resource limit exceeded."): AwsError {
  return new AwsError("LimitExceededException", message, 400);
}

export function tooManyTags(resourceArn: string, limit: number): AwsError {
  return new AwsError("TooManyTagsException", `A resource can have no more than ${limit} tags.`, 400, {
    fields: { resourceName: resourceArn },
  });
}

export const logGroupNotFound = () => resourceNotFound("The specified log group does not exist.");

export const logStreamNotFound = () => resourceNotFound("The specified log stream does not exist.");

export const invalidNextToken = () => invalidParameter("The specified nextToken is invalid.");
