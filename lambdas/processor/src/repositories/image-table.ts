import {
  ConditionalCheckFailedException,
  DynamoDBClient,
  TransactionCanceledException,
} from "@aws-sdk/client-dynamodb";
import { GetCommand, PutCommand } from "@aws-sdk/lib-dynamodb";
import { awsClient } from "@darkroom/aws-clients";
import {
  conditionFor,
  fromImageItem,
  type ImageRecord,
  imageItemKey,
  TABLE_ATTRIBUTES,
  toImageItem,
  writeExpectation,
} from "@darkroom/image-record";
import { imageTableClient, writeImageWithLabels } from "@darkroom/image-record/dynamodb";
import { TransientError } from "../failures.ts";

export type WriteResult = "written" | "conflict";

/** The image records, behind one interface. Every write is conditional. */
export interface ImageTable {
  get(imageId: string): Promise<ImageRecord | undefined>;
  /** Writes a record for an upload nobody recorded (attribute_not_exists): conflict if one exists now. */
  create(record: ImageRecord): Promise<WriteResult>;
  /**
   * Replaces `current` (as read) by `next`, if the stored record is still `current` (status,
   * attempt; see writeExpectation). A PROCESSED record's label items are written with it, and
   * label items it (or a FAILED one) no longer has are deleted, with the label counts, in one
   * transaction (image-record's writeImageWithLabels).
   */
  replace(current: ImageRecord, next: ImageRecord): Promise<WriteResult>;
}

function isConditionFailure(error: unknown): boolean {
  if (error instanceof ConditionalCheckFailedException) return true;
  return (
    error instanceof TransactionCanceledException &&
    (error.CancellationReasons ?? []).some((reason) => reason.Code === "ConditionalCheckFailed")
  );
}

/** Another transaction on the same items, or throttling inside one: worth a retry. */
function isRetryableCancellation(error: unknown): boolean {
  return (
    error instanceof TransactionCanceledException &&
    (error.CancellationReasons ?? []).some(
      (reason) => reason.Code === "TransactionConflict" || reason.Code === "ThrottlingError",
    )
  );
}

export function dynamoImageTable(
  tableName: string,
  client: DynamoDBClient = awsClient(DynamoDBClient),
): ImageTable {
  const documents = imageTableClient(client);

  async function conditional(write: () => Promise<unknown>): Promise<WriteResult> {
    try {
      await write();
      return "written";
    } catch (error) {
      if (isConditionFailure(error)) return "conflict";
      if (isRetryableCancellation(error)) {
        throw new TransientError(`the table write was cancelled: ${(error as Error).message}`, {
          cause: error,
        });
      }
      throw error;
    }
  }

  return {
    async get(imageId) {
      const { Item } = await documents.send(
        new GetCommand({ TableName: tableName, Key: imageItemKey(imageId), ConsistentRead: true }),
      );
      return Item ? fromImageItem(Item) : undefined;
    },

    create(record) {
      return conditional(() =>
        documents.send(
          new PutCommand({
            TableName: tableName,
            Item: toImageItem(record),
            ConditionExpression: "attribute_not_exists(#pk)",
            ExpressionAttributeNames: { "#pk": TABLE_ATTRIBUTES.pk },
          }),
        ),
      );
    },

    replace(current, next) {
      const condition = conditionFor(writeExpectation(current, next), next.status);
      return conditional(() => writeImageWithLabels(documents, tableName, next, condition));
    },
  };
}
