import { z } from "zod";
import { text } from "../../protocol/model-fields.ts";
import type { AttributeValue } from "./model.ts";

/**
 * DynamoDB's field types for zod, with AWS's wording when a constraint fails. Attribute
 * values are only checked to be objects here: dynalite checks their contents, with
 * DynamoDB's own messages, when the provider validates the request.
 */

export { text };

export function long(min?: number, max?: number) {
  let n = z.number({ error: "Member must be a number" }).int("Member must be an integer");
  if (min !== undefined) n = n.min(min, `Member must have value greater than or equal to ${min}`);
  if (max !== undefined) n = n.max(max, `Member must have value less than or equal to ${max}`);
  return n;
}

export const bool = z.boolean({ error: "Member must be a boolean" });

export function enumOf<const T extends readonly [string, ...string[]]>(values: T) {
  return z.enum(values, { error: `Member must satisfy enum value set: [${values.join(", ")}]` });
}

export function list<T extends z.ZodType>(item: T, min?: number, max?: number) {
  let a = z.array(item, { error: "Member must be a list" });
  if (min !== undefined) a = a.min(min, `Member must have length greater than or equal to ${min}`);
  if (max !== undefined) a = a.max(max, `Member must have length less than or equal to ${max}`);
  return a;
}

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

export const returnConsumedCapacity = enumOf(["INDEXES", "TOTAL", "NONE"]);
export const returnItemCollectionMetrics = enumOf(["SIZE", "NONE"]);
export const returnValues = enumOf(["NONE", "ALL_OLD", "UPDATED_OLD", "ALL_NEW", "UPDATED_NEW"]);
export const returnValuesOnConditionCheckFailure = enumOf(["ALL_OLD", "NONE"]);

export const keySchema = list(
  z.object({ AttributeName: attributeName, KeyType: enumOf(["HASH", "RANGE"]) }),
  1,
  2,
);
export const attributeDefinitions = list(
  z.object({ AttributeName: attributeName, AttributeType: enumOf(["S", "N", "B"]) }),
);
export const projection = z.object({
  ProjectionType: enumOf(["ALL", "KEYS_ONLY", "INCLUDE"]).optional(),
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
export const billingMode = enumOf(["PROVISIONED", "PAY_PER_REQUEST"]);
export const tableClass = enumOf(["STANDARD", "STANDARD_INFREQUENT_ACCESS"]);
export const streamSpecification = z.object({
  StreamEnabled: bool,
  StreamViewType: enumOf(["NEW_IMAGE", "OLD_IMAGE", "NEW_AND_OLD_IMAGES", "KEYS_ONLY"]).optional(),
});
export const sseSpecification = z.object({
  Enabled: bool.optional(),
  SSEType: enumOf(["AES256", "KMS"]).optional(),
  KMSMasterKeyId: z.string().optional(),
});
export const tag = z.object({ Key: text({ min: 1, max: 128 }), Value: text({ min: 0, max: 256 }) });
export const resourceArn = text({ min: 1, max: 1283 });
