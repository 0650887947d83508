import { AwsError } from "../../../protocol/aws-error.ts";

/**
 * CloudWatch's metric errors: the query code on the wire (also x-amzn-query-error on JSON and
 * CBOR answers), and the Smithy shape JSON and CBOR name where it differs.
 */

export function invalidParameterValue(message: string): AwsError {
  return new AwsError("InvalidParameterValue", message, 400, { shape: "InvalidParameterValueException" });
}

export function missingParameter(message: string): AwsError {
  return new AwsError("MissingParameter", message, 400, { shape: "MissingRequiredParameterException" });
}

export function invalidParameterCombination(message: string): AwsError {
  return new AwsError("InvalidParameterCombination", message, 400, {
    shape: "InvalidParameterCombinationException",
  });
}

/** GetMetricData's own checks answer ValidationError, as AWS's do. */
export function metricDataValidation(message: string): AwsError {
  return new AwsError("ValidationError", message, 400);
}

export function invalidNextToken(): AwsError {
  return new AwsError("InvalidNextToken", "The next token specified is invalid.", 400);
}

export function required(value: unknown, parameter: string): void {
  if (value === undefined) throw missingParameter(`The parameter ${parameter} is required.`);
}

/** "The value NaN for parameter X is invalid.", with the value as AWS prints it. */
export function invalidValueOf(value: unknown, parameter: string): AwsError {
  return invalidParameterValue(`The value ${String(value)} for parameter ${parameter} is invalid.`);
}
