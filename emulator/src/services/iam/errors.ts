import { AwsError } from "../../protocol/aws-error.ts";

/** IAM's errors, with the codes, statuses and wording AWS uses. */

export function noSuchEntity(message: string): AwsError {
  return new AwsError("NoSuchEntity", message, 404);
}

export function entityAlreadyExists(message: string): AwsError {
  return new AwsError("EntityAlreadyExists", message, 409);
}

export function deleteConflict(message: string): AwsError {
  return new AwsError("DeleteConflict", message, 409);
}

export function limitExceeded(message: string): AwsError {
  return new AwsError("LimitExceeded", message, 409);
}

export function malformedPolicy(message: string): AwsError {
  return new AwsError("MalformedPolicyDocument", message, 400);
}

export function invalidInput(message: string): AwsError {
  return new AwsError("InvalidInput", message, 400);
}

export const noSuchRole = (name: string) => noSuchEntity(`The role with name ${name} cannot be found.`);

export const noSuchRolePolicy = (name: string) =>
  noSuchEntity(`The role policy with name ${name} cannot be found.`);

export const policyNotFound = (arn: string) => noSuchEntity(`Policy ${arn} was not found.`);

export const policyNotAttachable = (arn: string) =>
  noSuchEntity(`Policy ${arn} does not exist or is not attachable.`);

export const noSuchPolicyVersion = (arn: string, versionId: string) =>
  noSuchEntity(`Policy ${arn} version ${versionId} does not exist or is not attachable.`);

export const noSuchInstanceProfile = (name: string) =>
  noSuchEntity(`Instance Profile ${name} cannot be found.`);

export const invalidArn = (arn: string) => invalidInput(`ARN ${arn} is not valid.`);
