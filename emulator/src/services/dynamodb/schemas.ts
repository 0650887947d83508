import { z } from "zod";
import {
  attributeDefinitions,
  attributeMap,
  attributeName,
  billingMode,
  bool,
  expressionFields,
  indexName,
  keySchema,
  list,
  long,
  onDemandThroughput,
  oneOf,
  projection,
  provisionedThroughput,
  resourceArn,
  returnConsumedCapacity,
  returnItemCollectionMetrics,
  returnValues,
  returnValuesOnConditionCheckFailure,
  sseSpecification,
  streamSpecification,
  tableClass,
  tableName,
  tag,
  text,
} from "./fields.ts";

/**
 * DynamoDB operations the emulator implements and their inputs. Item operations are
 * `loose`: the legacy parameters (Expected, AttributeUpdates, KeyConditions, ...) pass
 * through to dynalite, which validates every operation's input in full.
 */

const gsiDefinition = z.object({
  IndexName: indexName,
  KeySchema: keySchema,
  Projection: projection,
  ProvisionedThroughput: provisionedThroughput.optional(),
  OnDemandThroughput: onDemandThroughput.optional(),
});

const tableSchemas = {
  CreateTable: z.object({
    TableName: tableName,
    AttributeDefinitions: attributeDefinitions,
    KeySchema: keySchema,
    LocalSecondaryIndexes: list(
      z.object({ IndexName: indexName, KeySchema: keySchema, Projection: projection }),
    ).optional(),
    GlobalSecondaryIndexes: list(gsiDefinition).optional(),
    BillingMode: billingMode.optional(),
    ProvisionedThroughput: provisionedThroughput.optional(),
    StreamSpecification: streamSpecification.optional(),
    SSESpecification: sseSpecification.optional(),
    Tags: list(tag).optional(),
    TableClass: tableClass.optional(),
    DeletionProtectionEnabled: bool.optional(),
    OnDemandThroughput: onDemandThroughput.optional(),
  }),
  DescribeTable: z.object({ TableName: tableName }),
  UpdateTable: z.object({
    TableName: tableName,
    AttributeDefinitions: attributeDefinitions.optional(),
    BillingMode: billingMode.optional(),
    ProvisionedThroughput: provisionedThroughput.optional(),
    GlobalSecondaryIndexUpdates: list(
      z.object({
        Update: z
          .object({
            IndexName: indexName,
            ProvisionedThroughput: provisionedThroughput.optional(),
            OnDemandThroughput: onDemandThroughput.optional(),
          })
          .optional(),
        Create: gsiDefinition.optional(),
        Delete: z.object({ IndexName: indexName }).optional(),
      }),
    ).optional(),
    StreamSpecification: streamSpecification.optional(),
    SSESpecification: sseSpecification.optional(),
    ReplicaUpdates: z.array(z.unknown()).optional(),
    TableClass: tableClass.optional(),
    DeletionProtectionEnabled: bool.optional(),
    OnDemandThroughput: onDemandThroughput.optional(),
  }),
  DeleteTable: z.object({ TableName: tableName }),
  ListTables: z.object({
    ExclusiveStartTableName: tableName.optional(),
    Limit: long(1, 100).optional(),
  }),
  DescribeTimeToLive: z.object({ TableName: tableName }),
  UpdateTimeToLive: z.object({
    TableName: tableName,
    TimeToLiveSpecification: z.object({ Enabled: bool, AttributeName: attributeName }),
  }),
  DescribeContinuousBackups: z.object({ TableName: tableName }),
  UpdateContinuousBackups: z.object({
    TableName: tableName,
    PointInTimeRecoverySpecification: z.object({
      PointInTimeRecoveryEnabled: bool,
      RecoveryPeriodInDays: long(1, 35).optional(),
    }),
  }),
  TagResource: z.object({ ResourceArn: resourceArn, Tags: list(tag) }),
  UntagResource: z.object({ ResourceArn: resourceArn, TagKeys: list(text({ min: 1, max: 128 })) }),
  ListTagsOfResource: z.object({ ResourceArn: resourceArn, NextToken: z.string().optional() }),
};

const condition = {
  ConditionExpression: z.string().optional(),
  ...expressionFields,
  ReturnValuesOnConditionCheckFailure: returnValuesOnConditionCheckFailure.optional(),
};

const reads = {
  ProjectionExpression: z.string().optional(),
  ExpressionAttributeNames: expressionFields.ExpressionAttributeNames,
  ConsistentRead: bool.optional(),
};

const rangeRead = {
  TableName: tableName,
  IndexName: indexName.optional(),
  Select: oneOf(["ALL_ATTRIBUTES", "ALL_PROJECTED_ATTRIBUTES", "SPECIFIC_ATTRIBUTES", "COUNT"]).optional(),
  Limit: long(1).optional(),
  ConsistentRead: bool.optional(),
  ExclusiveStartKey: attributeMap.optional(),
  FilterExpression: z.string().optional(),
  ProjectionExpression: z.string().optional(),
  ...expressionFields,
  ReturnConsumedCapacity: returnConsumedCapacity.optional(),
};

const itemSchemas = {
  PutItem: z
    .object({
      TableName: tableName,
      Item: attributeMap,
      ...condition,
      ReturnValues: returnValues.optional(),
      ReturnConsumedCapacity: returnConsumedCapacity.optional(),
      ReturnItemCollectionMetrics: returnItemCollectionMetrics.optional(),
    })
    .loose(),
  GetItem: z
    .object({
      TableName: tableName,
      Key: attributeMap,
      ...reads,
      ReturnConsumedCapacity: returnConsumedCapacity.optional(),
    })
    .loose(),
  UpdateItem: z
    .object({
      TableName: tableName,
      Key: attributeMap,
      UpdateExpression: z.string().optional(),
      ...condition,
      ReturnValues: returnValues.optional(),
      ReturnConsumedCapacity: returnConsumedCapacity.optional(),
      ReturnItemCollectionMetrics: returnItemCollectionMetrics.optional(),
    })
    .loose(),
  DeleteItem: z
    .object({
      TableName: tableName,
      Key: attributeMap,
      ...condition,
      ReturnValues: returnValues.optional(),
      ReturnConsumedCapacity: returnConsumedCapacity.optional(),
      ReturnItemCollectionMetrics: returnItemCollectionMetrics.optional(),
    })
    .loose(),
  Query: z
    .object({
      ...rangeRead,
      KeyConditionExpression: z.string().optional(),
      ScanIndexForward: bool.optional(),
    })
    .loose(),
  Scan: z
    .object({ ...rangeRead, Segment: long(0, 999999).optional(), TotalSegments: long(1, 1000000).optional() })
    .loose(),
  BatchGetItem: z
    .object({
      RequestItems: z.record(z.string(), z.object({ Keys: list(attributeMap, 1, 100), ...reads }).loose()),
      ReturnConsumedCapacity: returnConsumedCapacity.optional(),
    })
    .loose(),
  BatchWriteItem: z
    .object({
      RequestItems: z.record(
        z.string(),
        list(
          z.object({
            PutRequest: z.object({ Item: attributeMap }).optional(),
            DeleteRequest: z.object({ Key: attributeMap }).optional(),
          }),
          1,
          25,
        ),
      ),
      ReturnConsumedCapacity: returnConsumedCapacity.optional(),
      ReturnItemCollectionMetrics: returnItemCollectionMetrics.optional(),
    })
    .loose(),
};

const keyed = { TableName: tableName, Key: attributeMap };

const transactionSchemas = {
  TransactGetItems: z.object({
    TransactItems: list(
      z.object({
        Get: z.object({
          ...keyed,
          ProjectionExpression: z.string().optional(),
          ExpressionAttributeNames: expressionFields.ExpressionAttributeNames,
        }),
      }),
      1,
      100,
    ),
    ReturnConsumedCapacity: returnConsumedCapacity.optional(),
  }),
  TransactWriteItems: z.object({
    TransactItems: list(
      z.object({
        ConditionCheck: z.object({ ...keyed, ...condition, ConditionExpression: z.string() }).optional(),
        Put: z.object({ TableName: tableName, Item: attributeMap, ...condition }).optional(),
        Delete: z.object({ ...keyed, ...condition }).optional(),
        Update: z.object({ ...keyed, UpdateExpression: z.string(), ...condition }).optional(),
      }),
      1,
      100,
    ),
    ClientRequestToken: text({ min: 1, max: 36 }).optional(),
    ReturnConsumedCapacity: returnConsumedCapacity.optional(),
    ReturnItemCollectionMetrics: returnItemCollectionMetrics.optional(),
  }),
};

export const dynamoDbSchemas = {
  ...tableSchemas,
  ...itemSchemas,
  ...transactionSchemas,
} satisfies Record<string, z.ZodType>;

export type DynamoDbSchemas = typeof dynamoDbSchemas;
export type DynamoDbInput<K extends keyof DynamoDbSchemas> = z.infer<DynamoDbSchemas[K]>;
