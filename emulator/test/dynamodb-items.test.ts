import {
  ConditionalCheckFailedException,
  DeleteItemCommand,
  GetItemCommand,
  PutItemCommand,
  UpdateItemCommand,
} from "@aws-sdk/client-dynamodb";
import { DeleteCommand, GetCommand, PutCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { beforeAll, describe, expect, it } from "vitest";
import {
  createTable,
  documentClient,
  dynamoClient,
  rawDynamo,
  simpleTable,
} from "./support/dynamodb-client.ts";
import { expectAwsError } from "./support/expect-aws-error.ts";

const ddb = dynamoClient();
const doc = documentClient(ddb);
let table = "";
const key = (pk: string, sk = "s") => ({ pk: { S: pk }, sk: { S: sk } });

beforeAll(async () => {
  table = (await createTable(ddb, simpleTable())).TableName!;
});

describe("DynamoDB items", () => {
  it("stores every attribute type and gives it back", async () => {
    const item = {
      ...key("types"),
      s: { S: "text" },
      empty: { S: "" },
      n: { N: "-12.5" },
      b: { B: new Uint8Array([0, 1, 2, 255]) },
      ss: { SS: ["a", "b"] },
      ns: { NS: ["1", "2.5"] },
      bs: { BS: [new Uint8Array([1]), new Uint8Array([2])] },
      m: { M: { inner: { L: [{ S: "x" }, { N: "1" }, { NULL: true }] } } },
      bool: { BOOL: false },
      nil: { NULL: true },
    };
    await ddb.send(new PutItemCommand({ TableName: table, Item: item }));
    const { Item } = await ddb.send(
      new GetItemCommand({ TableName: table, Key: key("types"), ConsistentRead: true }),
    );
    expect(Item).toEqual(item);
  });

  it("keeps numbers in DynamoDB's canonical form", async () => {
    await ddb.send(new PutItemCommand({ TableName: table, Item: { ...key("numbers"), n: { N: "007.50" } } }));
    const { Item } = await ddb.send(new GetItemCommand({ TableName: table, Key: key("numbers") }));
    expect(Item?.n).toEqual({ N: "7.5" });
  });

  it("checks ConditionExpression, and can return the item that failed it", async () => {
    const put = () =>
      ddb.send(
        new PutItemCommand({
          TableName: table,
          Item: { ...key("conditional"), v: { N: "1" } },
          ConditionExpression: "attribute_not_exists(pk)",
        }),
      );
    await put();
    await expectAwsError(put(), "ConditionalCheckFailedException", 400, "The conditional request failed");
    const err = await ddb
      .send(
        new PutItemCommand({
          TableName: table,
          Item: { ...key("conditional"), v: { N: "2" } },
          ConditionExpression: "v = :two",
          ExpressionAttributeValues: { ":two": { N: "2" } },
          ReturnValuesOnConditionCheckFailure: "ALL_OLD",
        }),
      )
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConditionalCheckFailedException);
    expect((err as ConditionalCheckFailedException).Item).toEqual({ ...key("conditional"), v: { N: "1" } });
  });

  it("returns old values from PutItem and DeleteItem when asked", async () => {
    await ddb.send(new PutItemCommand({ TableName: table, Item: { ...key("old"), v: { S: "first" } } }));
    const replaced = await ddb.send(
      new PutItemCommand({
        TableName: table,
        Item: { ...key("old"), v: { S: "second" } },
        ReturnValues: "ALL_OLD",
      }),
    );
    expect(replaced.Attributes).toEqual({ ...key("old"), v: { S: "first" } });
    const deleted = await ddb.send(
      new DeleteItemCommand({
        TableName: table,
        Key: key("old"),
        ConditionExpression: "v = :v",
        ExpressionAttributeValues: { ":v": { S: "second" } },
        ReturnValues: "ALL_OLD",
      }),
    );
    expect(deleted.Attributes?.v).toEqual({ S: "second" });
    const { Item } = await ddb.send(new GetItemCommand({ TableName: table, Key: key("old") }));
    expect(Item).toBeUndefined();
    await expectAwsError(
      ddb.send(new PutItemCommand({ TableName: table, Item: key("old"), ReturnValues: "ALL_NEW" })),
      "ValidationException",
      400,
      "ReturnValues can only be ALL_OLD or NONE",
    );
  });

  it("applies UpdateExpression clauses and returns what was asked", async () => {
    await ddb.send(
      new PutItemCommand({
        TableName: table,
        Item: {
          ...key("update"),
          count: { N: "1" },
          tags: { SS: ["a", "b"] },
          letters: { SS: ["a", "b"] },
          list: { L: [{ S: "x" }] },
          gone: { S: "bye" },
          nested: { M: { deep: { N: "5" } } },
        },
      }),
    );
    const result = await ddb.send(
      new UpdateItemCommand({
        TableName: table,
        Key: key("update"),
        UpdateExpression:
          "SET #c = #c + :one, #l = list_append(#l, :more), fresh = if_not_exists(fresh, :zero), nested.deep = :six REMOVE gone ADD tags :c DELETE letters :a",
        ExpressionAttributeNames: { "#c": "count", "#l": "list" },
        ExpressionAttributeValues: {
          ":one": { N: "1" },
          ":more": { L: [{ S: "y" }] },
          ":zero": { N: "0" },
          ":six": { N: "6" },
          ":c": { SS: ["c"] },
          ":a": { SS: ["a"] },
        },
        ReturnValues: "ALL_NEW",
      }),
    );
    expect(result.Attributes).toEqual({
      ...key("update"),
      count: { N: "2" },
      tags: { SS: ["a", "b", "c"] },
      letters: { SS: ["b"] },
      list: { L: [{ S: "x" }, { S: "y" }] },
      fresh: { N: "0" },
      nested: { M: { deep: { N: "6" } } },
    });
    const updatedOld = await ddb.send(
      new UpdateItemCommand({
        TableName: table,
        Key: key("update"),
        UpdateExpression: "SET #c = :ten",
        ExpressionAttributeNames: { "#c": "count" },
        ExpressionAttributeValues: { ":ten": { N: "10" } },
        ReturnValues: "UPDATED_OLD",
      }),
    );
    expect(updatedOld.Attributes).toEqual({ count: { N: "2" } });
    const updatedNew = await ddb.send(
      new UpdateItemCommand({
        TableName: table,
        Key: key("update"),
        UpdateExpression: "ADD #c :one",
        ExpressionAttributeNames: { "#c": "count" },
        ExpressionAttributeValues: { ":one": { N: "1" } },
        ReturnValues: "UPDATED_NEW",
      }),
    );
    expect(updatedNew.Attributes).toEqual({ count: { N: "11" } });
  });

  it("creates the item an UpdateItem names when there is none", async () => {
    const { Attributes } = await ddb.send(
      new UpdateItemCommand({
        TableName: table,
        Key: key("upsert"),
        UpdateExpression: "SET v = :v",
        ExpressionAttributeValues: { ":v": { S: "new" } },
        ReturnValues: "ALL_NEW",
      }),
    );
    expect(Attributes).toEqual({ ...key("upsert"), v: { S: "new" } });
  });

  it("projects nested paths with ProjectionExpression", async () => {
    await ddb.send(
      new PutItemCommand({
        TableName: table,
        Item: {
          ...key("projection"),
          a: { S: "keep" },
          b: { S: "drop" },
          m: { M: { x: { N: "1" }, y: { N: "2" } } },
          l: { L: [{ S: "zero" }, { S: "one" }] },
        },
      }),
    );
    const { Item } = await ddb.send(
      new GetItemCommand({
        TableName: table,
        Key: key("projection"),
        ProjectionExpression: "a, #m.x, l[1]",
        ExpressionAttributeNames: { "#m": "m" },
      }),
    );
    expect(Item).toEqual({ a: { S: "keep" }, m: { M: { x: { N: "1" } } }, l: { L: [{ S: "one" }] } });
  });

  it("reports consumed capacity when asked", async () => {
    const { ConsumedCapacity } = await ddb.send(
      new PutItemCommand({ TableName: table, Item: key("capacity"), ReturnConsumedCapacity: "TOTAL" }),
    );
    expect(ConsumedCapacity).toEqual({ TableName: table, CapacityUnits: 1 });
    const read = await ddb.send(
      new GetItemCommand({ TableName: table, Key: key("capacity"), ReturnConsumedCapacity: "INDEXES" }),
    );
    expect(read.ConsumedCapacity).toEqual({
      TableName: table,
      CapacityUnits: 0.5,
      Table: { CapacityUnits: 0.5 },
    });
  });

  it("validates keys, expressions and key updates with DynamoDB's messages", async () => {
    await expectAwsError(
      ddb.send(
        new UpdateItemCommand({
          TableName: table,
          Key: key("invalid"),
          UpdateExpression: "SET views = :v",
          ExpressionAttributeValues: { ":v": { N: "1" } },
        }),
      ),
      "ValidationException",
      400,
      "Invalid UpdateExpression: Attribute name is a reserved keyword; reserved keyword: views",
    );
    await expectAwsError(
      ddb.send(new GetItemCommand({ TableName: table, Key: { pk: { S: "only" } } })),
      "ValidationException",
      400,
      "The provided key element does not match the schema",
    );
    await expectAwsError(
      ddb.send(
        new UpdateItemCommand({
          TableName: table,
          Key: key("invalid"),
          UpdateExpression: "SET v = :v",
          ExpressionAttributeValues: { ":v": { S: "x" }, ":unused": { S: "y" } },
        }),
      ),
      "ValidationException",
      400,
      "Value provided in ExpressionAttributeValues unused in expressions: keys: {:unused}",
    );
    await expectAwsError(
      ddb.send(
        new UpdateItemCommand({
          TableName: table,
          Key: key("invalid"),
          UpdateExpression: "SET pk = :v",
          ExpressionAttributeValues: { ":v": { S: "x" } },
        }),
      ),
      "ValidationException",
      400,
      "One or more parameter values were invalid: Cannot update attribute pk. This attribute is part of the key",
    );
    await expectAwsError(
      ddb.send(new UpdateItemCommand({ TableName: table, Key: key("invalid"), UpdateExpression: "SET = 1" })),
      "ValidationException",
      400,
      /^Invalid UpdateExpression: Syntax error; /,
    );
    await expectAwsError(
      ddb.send(new PutItemCommand({ TableName: table, Item: { pk: { S: "p" }, sk: { N: "1" } } })),
      "ValidationException",
      400,
      "One or more parameter values were invalid: Type mismatch for key sk expected: S actual: N",
    );
  });

  it("rejects a bad item as it arrives on the wire", async () => {
    const raw = await rawDynamo("PutItem", {
      TableName: table,
      Item: { ...key("wire"), bad: { S: "a", N: "1" } },
    });
    expect(raw.json).toEqual({
      __type: "com.amazon.coral.validate#ValidationException",
      message:
        "Supplied AttributeValue has more than one datatypes set, must contain exactly one of the supported datatypes",
    });
  });

  it("works with the document client", async () => {
    await doc.send(
      new PutCommand({
        TableName: table,
        Item: { pk: "doc", sk: "1", title: "Cat", sizes: [300, 4096], meta: { ok: true } },
      }),
    );
    await doc.send(
      new UpdateCommand({
        TableName: table,
        Key: { pk: "doc", sk: "1" },
        UpdateExpression: "SET #views = if_not_exists(#views, :zero) + :one",
        ExpressionAttributeNames: { "#views": "views" },
        ExpressionAttributeValues: { ":zero": 0, ":one": 1 },
      }),
    );
    const { Item } = await doc.send(new GetCommand({ TableName: table, Key: { pk: "doc", sk: "1" } }));
    expect(Item).toEqual({
      pk: "doc",
      sk: "1",
      title: "Cat",
      sizes: [300, 4096],
      meta: { ok: true },
      views: 1,
    });
    await doc.send(new DeleteCommand({ TableName: table, Key: { pk: "doc", sk: "1" } }));
    expect(
      (await doc.send(new GetCommand({ TableName: table, Key: { pk: "doc", sk: "1" } }))).Item,
    ).toBeUndefined();
  });
});
