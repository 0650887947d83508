import { z } from "zod";
import { bool, list, integer as long, oneOf, text } from "../../protocol/model-fields.ts";
import type { AttributeValue } from "./model.ts";

/**
 * DynamoDB's field types for zod, with AWS's wording when a constraint fails. Attribute
 * values are only checked to be objects here: dynalite checks their contents, with
 * DynamoDB's own messages, when the provider validates the request.
 */

export { bool, list, long, oneOf, text };

export const tableName = text({ min: 3, max: 255, pattern: "[a-zA-Z0-9_.-]+" });
export const indexName = text({ min: 3, max: 255, pattern: "[a-zA-Z0-9_.-]+" });
export const attributeName = text({ min: 1, max: 255 });

export const attributeValue = z.custom<AttributeValue>(
  (v) => typeof v === "object" && v !== null && !Array.isArray(v),
  "Member must be an AttributeValue",
);
export const attributeMap = z.record(z.string(), attributeValue);

export const expressionFields = {
  ExpressionAttributeNames: z.record(z.string(), z.string()).optional(),
  ExpressionAttributeValues: attributeMap.optional(),
};

export const returnConsumedCapacity = oneOf(["INDEXES", "TOTAL", "NONE"]);
export const returnItemCollectionMetrics = oneOf(["SIZE", "NONE"]);
export const returnValues = oneOf(["NONE", "ALL_OLD", "UPDATED_OLD", "ALL_NEW", "UPDATED_NEW"]);
export const returnValuesOnConditionCheckFailure = oneOf(["ALL_OLD", "NONE"]);

export const keySchema = list(
  z.object({ AttributeName: attributeName, KeyType: oneOf(["HASH", "RANGE"]) }),
  1,
  2,
);
export const attributeDefinitions = list(
  z.object({ AttributeName: attributeName, AttributeType: oneOf(["S", "N", "B"]) }),
);
export const projection = z.object({
  ProjectionType: oneOf(["ALL", "KEYS_ONLY", "INCLUDE"]).optional(),
  NonKeyAttributes: list(attributeName, 1, 20).optional(),
});
export const provisionedThroughput = z.object({
  ReadCapacityUnits: long(1),
  WriteCapacityUnits: long(1),
});
export const onDemandThroughput = z.object({
  MaxReadRequestUnits: long().optional(),
  MaxWriteRequestUnits: long().optional(),
});
export const billingMode = oneOf(["PROVISIONED", "PAY_PER_REQUEST"]);
export const tableClass = oneOf(["STANDARD", "STANDARD_INFREQUENT_ACCESS"]);
export const streamSpecification = z.object({
  StreamEnabled: bool,
  StreamViewType: oneOf(["NEW_IMAGE", "OLD_IMAGE", "NEW_AND_OLD_IMAGES", "KEYS_ONLY"]).optional(),
});
export const sseSpecification = z.object({
  Enabled: bool.optional(),
  SSEType: oneOf(["AES256", "KMS"]).optional(),
  KMSMasterKeyId: z.string().optional(),
});
export const tag = z.object({ Key: text({ min: 1, max: 128 }), Value: text({ min: 0, max: 256 }) });
export const resourceArn = text({ min: 1, max: 1283 });
