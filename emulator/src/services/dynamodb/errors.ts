import { AwsError } from "../../protocol/aws-error.ts";

/** The Smithy namespace DynamoDB's own errors carry in `__type`. */
export const DYNAMODB_NAMESPACE = "com.amazonaws.dynamodb.v20120810";

/**
 * Errors the DynamoDB front end (coral) raises rather than DynamoDB itself, with the
 * namespace AWS puts in `__type` for them.
 */
const CORAL_NAMESPACES: Record<string, string> = {
  ValidationException: "com.amazon.coral.validate",
  SerializationException: "com.amazon.coral.service",
  UnknownOperationException: "com.amazon.coral.service",
  AccessDeniedException: "com.amazon.coral.service",
  UnrecognizedClientException: "com.amazon.coral.service",
  IncompleteSignatureException: "com.amazon.coral.service",
  InvalidSignatureException: "com.amazon.coral.service",
  MissingAuthenticationTokenException: "com.amazon.coral.service",
};

export function namespaceOf(code: string): string {
  return CORAL_NAMESPACES[code] ?? DYNAMODB_NAMESPACE;
}

/**
 * A DynamoDB error: AwsError plus what DynamoDB's JSON error bodies carry beyond a
 * message (CancellationReasons, the item of a failed condition), and the casing of
 * the message member, which AWS varies by error ("Message" for serialization errors
 * and cancelled transactions).
 */
export class DynamoDbError extends AwsError {
  readonly namespace: string;
  readonly messageKey: "message" | "Message";
  readonly details: Record<string, unknown>;

  constructor(
    code: string,
    message: string,
    options: {
      status?: number;
      namespace?: string;
      messageKey?: "message" | "Message";
      details?: Record<string, unknown>;
    } = {},
  ) {
    super(code, message, options.status ?? 400);
    this.namespace = options.namespace ?? namespaceOf(code);
    this.messageKey = options.messageKey ?? "message";
    this.details = options.details ?? {};
  }
}

export function validationException(message: string): DynamoDbError {
  return new DynamoDbError("ValidationException", message);
}

/** GetItem, PutItem, ... on a missing table; control-plane operations name the table. */
export function resourceNotFound(tableName?: string): DynamoDbError {
  return new DynamoDbError(
    "ResourceNotFoundException",
    tableName === undefined
      ? "Requested resource not found"
      : `Requested resource not found: Table: ${tableName} not found`,
  );
}

export function resourceInUse(message: string): DynamoDbError {
  return new DynamoDbError("ResourceInUseException", message);
}

export function conditionalCheckFailed(item?: Record<string, unknown>): DynamoDbError {
  return new DynamoDbError("ConditionalCheckFailedException", "The conditional request failed", {
    details: item ? { Item: item } : {},
  });
}

export interface CancellationReason {
  Code: string;
  Message?: string;
  Item?: Record<string, unknown>;
}

export function transactionCanceled(reasons: CancellationReason[]): DynamoDbError {
  const codes = reasons.map((r) => r.Code).join(", ");
  return new DynamoDbError(
    "TransactionCanceledException",
    `Transaction cancelled, please refer cancellation reasons for specific reasons [${codes}]`,
    { messageKey: "Message", details: { CancellationReasons: reasons } },
  );
}
