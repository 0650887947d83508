import { AwsError } from "../../protocol/aws-error.ts";

/** SNS's errors, with the codes, statuses and wording AWS uses (query protocol, Type Sender). */

/** InvalidParameter: most of SNS's validation. `message` is the whole text, "Invalid parameter: ..." included. */
export function invalidParameter(message: string): AwsError {
  return new AwsError("InvalidParameter", message, 400);
}

/** "Invalid parameter: <name>", optionally with AWS's " Reason: ...". */
export function invalidParam(name: string, reason?: string): AwsError {
  return invalidParameter(`Invalid parameter: ${name}${reason === undefined ? "" : ` Reason: ${reason}`}`);
}

/** The model's InvalidParameterValueException, whose wire code is ParameterValueInvalid. */
export function parameterValueInvalid(message: string): AwsError {
  return new AwsError("ParameterValueInvalid", message, 400);
}

export function notFound(message: string): AwsError {
  return new AwsError("NotFound", message, 404);
}

export const topicNotFound = () => notFound("Topic does not exist");
export const subscriptionNotFound = () => notFound("Subscription does not exist");

export function resourceNotFound(): AwsError {
  return new AwsError("ResourceNotFound", "Resource does not exist", 404);
}

export function authorizationError(callerArn: string, action: string, resource: string): AwsError {
  return new AwsError(
    "AuthorizationError",
    `User: ${callerArn} is not authorized to perform: SNS:${action} on resource: ${resource} because no resource-based policy allows the SNS:${action} action`,
    403,
  );
}

export function tagLimitExceeded(): AwsError {
  return new AwsError(
    "TagLimitExceeded",
    "Could not complete request: tag quota of per resource exceeded",
    400,
  );
}

/** PublishBatch's request-level errors. */
export const batchErrors = {
  empty: () => new AwsError("EmptyBatchRequest", "The batch request doesn't contain any entries.", 400),
  tooMany: () =>
    new AwsError(
      "TooManyEntriesInBatchRequest",
      "The batch request contains more entries than permissible.",
      400,
    ),
  idsNotDistinct: () =>
    new AwsError(
      "BatchEntryIdsNotDistinct",
      "Two or more batch entries in the request have the same Id.",
      400,
    ),
  idTooLong: (id: string) =>
    new AwsError(
      "InvalidBatchEntryId",
      `The Id of a batch entry in the batch request is too long: ${id}`,
      400,
    ),
  idBadCharacter: (id: string) =>
    new AwsError(
      "InvalidBatchEntryId",
      `The Id of a batch entry in the batch request contains an impermissible character: ${id}`,
      400,
    ),
  tooLong: () =>
    new AwsError(
      "BatchRequestTooLong",
      "The length of all the messages put together is more than the limit.",
      400,
    ),
};
