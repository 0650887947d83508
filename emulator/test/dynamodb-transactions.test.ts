import {
  BatchGetItemCommand,
  BatchWriteItemCommand,
  GetItemCommand,
  PutItemCommand,
  TransactGetItemsCommand,
  TransactionCanceledException,
  TransactWriteItemsCommand,
} from "@aws-sdk/client-dynamodb";
import { beforeAll, describe, expect, it } from "vitest";
import { createTable, dynamoClient, rawDynamo, simpleTable } from "./support/dynamodb-client.ts";
import { expectAwsError } from "./support/expect-aws-error.ts";

const ddb = dynamoClient();
let accounts = "";
let ledger = "";
const key = (pk: string, sk = "-") => ({ pk: { S: pk }, sk: { S: sk } });
const get = async (table: string, pk: string, sk = "-") =>
  (await ddb.send(new GetItemCommand({ TableName: table, Key: key(pk, sk), ConsistentRead: true }))).Item;

beforeAll(async () => {
  [accounts, ledger] = await Promise.all([
    createTable(ddb, simpleTable()).then((t) => t.TableName!),
    createTable(ddb, simpleTable()).then((t) => t.TableName!),
  ]);
});

describe("DynamoDB batches", () => {
  it("writes 25 items at once and reads them back from two tables", async () => {
    const puts = Array.from({ length: 25 }, (_, i) => ({
      PutRequest: { Item: { ...key("batch", String(i).padStart(2, "0")), n: { N: String(i) } } },
    }));
    const written = await ddb.send(new BatchWriteItemCommand({ RequestItems: { [accounts]: puts } }));
    expect(written.UnprocessedItems).toEqual({});
    await ddb.send(new PutItemCommand({ TableName: ledger, Item: { ...key("other"), v: { S: "x" } } }));

    const read = await ddb.send(
      new BatchGetItemCommand({
        RequestItems: {
          [accounts]: {
            Keys: [key("batch", "03"), key("batch", "07"), key("batch", "missing")],
            ProjectionExpression: "n",
          },
          [ledger]: { Keys: [key("other")] },
        },
      }),
    );
    expect(read.Responses?.[accounts]?.map((i) => i.n?.N).sort()).toEqual(["3", "7"]);
    expect(read.Responses?.[ledger]).toEqual([{ ...key("other"), v: { S: "x" } }]);
    expect(read.UnprocessedKeys).toEqual({});

    await ddb.send(
      new BatchWriteItemCommand({
        RequestItems: { [accounts]: [{ DeleteRequest: { Key: key("batch", "03") } }] },
      }),
    );
    expect(await get(accounts, "batch", "03")).toBeUndefined();
  });

  it("refuses a batch naming one item twice, or a missing table", async () => {
    await expectAwsError(
      ddb.send(
        new BatchWriteItemCommand({
          RequestItems: {
            [accounts]: [{ PutRequest: { Item: key("dup") } }, { DeleteRequest: { Key: key("dup") } }],
          },
        }),
      ),
      "ValidationException",
      400,
      "Provided list of item keys contains duplicates",
    );
    await expectAwsError(
      ddb.send(new BatchGetItemCommand({ RequestItems: { "no-such-table": { Keys: [key("x")] } } })),
      "ResourceNotFoundException",
      400,
      "Requested resource not found",
    );
  });
});

describe("DynamoDB transactions", () => {
  it("applies puts, updates, deletes and condition checks together", async () => {
    await ddb.send(
      new PutItemCommand({ TableName: accounts, Item: { ...key("alice"), balance: { N: "100" } } }),
    );
    await ddb.send(new PutItemCommand({ TableName: accounts, Item: { ...key("bob"), balance: { N: "5" } } }));
    await ddb.send(new PutItemCommand({ TableName: ledger, Item: { ...key("stale"), v: { S: "old" } } }));
    await ddb.send(
      new TransactWriteItemsCommand({
        TransactItems: [
          {
            Update: {
              TableName: accounts,
              Key: key("alice"),
              UpdateExpression: "SET balance = balance - :amt",
              ConditionExpression: "balance >= :amt",
              ExpressionAttributeValues: { ":amt": { N: "30" } },
            },
          },
          {
            Update: {
              TableName: accounts,
              Key: key("bob"),
              UpdateExpression: "SET balance = balance + :amt",
              ExpressionAttributeValues: { ":amt": { N: "30" } },
            },
          },
          { Put: { TableName: ledger, Item: { ...key("tx-1"), amount: { N: "30" } } } },
          { Delete: { TableName: ledger, Key: key("stale") } },
          {
            ConditionCheck: {
              TableName: ledger,
              Key: key("tx-1-guard"),
              ConditionExpression: "attribute_not_exists(pk)",
            },
          },
        ],
      }),
    );
    expect((await get(accounts, "alice"))?.balance).toEqual({ N: "70" });
    expect((await get(accounts, "bob"))?.balance).toEqual({ N: "35" });
    expect((await get(ledger, "tx-1"))?.amount).toEqual({ N: "30" });
    expect(await get(ledger, "stale")).toBeUndefined();
  });

  it("cancels the whole transaction when one condition fails, with a reason per item", async () => {
    await ddb.send(
      new PutItemCommand({ TableName: accounts, Item: { ...key("carol"), balance: { N: "10" } } }),
    );
    const err = await ddb
      .send(
        new TransactWriteItemsCommand({
          TransactItems: [
            { Put: { TableName: ledger, Item: { ...key("tx-2"), amount: { N: "50" } } } },
            {
              Update: {
                TableName: accounts,
                Key: key("carol"),
                UpdateExpression: "SET balance = balance - :amt",
                ConditionExpression: "balance >= :amt",
                ExpressionAttributeValues: { ":amt": { N: "50" } },
                ReturnValuesOnConditionCheckFailure: "ALL_OLD",
              },
            },
            {
              Update: {
                TableName: accounts,
                Key: key("dave"),
                UpdateExpression: "SET balance = :amt",
                ExpressionAttributeValues: { ":amt": { N: "50" } },
              },
            },
          ],
        }),
      )
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TransactionCanceledException);
    const cancelled = err as TransactionCanceledException;
    expect(cancelled.message).toBe(
      "Transaction cancelled, please refer cancellation reasons for specific reasons [None, ConditionalCheckFailed, None]",
    );
    expect(cancelled.CancellationReasons).toEqual([
      { Code: "None" },
      {
        Code: "ConditionalCheckFailed",
        Message: "The conditional request failed",
        Item: { ...key("carol"), balance: { N: "10" } },
      },
      { Code: "None" },
    ]);
    // Nothing of it happened.
    expect(await get(ledger, "tx-2")).toBeUndefined();
    expect(await get(accounts, "dave")).toBeUndefined();
    expect((await get(accounts, "carol"))?.balance).toEqual({ N: "10" });
  });

  it("shapes TransactionCanceledException as DynamoDB does on the wire", async () => {
    const raw = await rawDynamo("TransactWriteItems", {
      TransactItems: [
        {
          ConditionCheck: {
            TableName: accounts,
            Key: key("nobody"),
            ConditionExpression: "attribute_exists(pk)",
          },
        },
      ],
    });
    expect(raw.status).toBe(400);
    expect(raw.json).toEqual({
      __type: "com.amazonaws.dynamodb.v20120810#TransactionCanceledException",
      Message:
        "Transaction cancelled, please refer cancellation reasons for specific reasons [ConditionalCheckFailed]",
      CancellationReasons: [{ Code: "ConditionalCheckFailed", Message: "The conditional request failed" }],
    });
  });

  it("reports an operand of the wrong type as a ValidationError reason", async () => {
    await ddb.send(
      new PutItemCommand({ TableName: accounts, Item: { ...key("erin"), balance: { S: "lots" } } }),
    );
    const err = (await ddb
      .send(
        new TransactWriteItemsCommand({
          TransactItems: [
            {
              Update: {
                TableName: accounts,
                Key: key("erin"),
                UpdateExpression: "ADD balance :one",
                ExpressionAttributeValues: { ":one": { N: "1" } },
              },
            },
          ],
        }),
      )
      .catch((e: unknown) => e)) as TransactionCanceledException;
    expect(err.CancellationReasons).toEqual([
      { Code: "ValidationError", Message: "An operand in the update expression has an incorrect data type" },
    ]);
  });

  it("refuses two operations on one item", async () => {
    await expectAwsError(
      ddb.send(
        new TransactWriteItemsCommand({
          TransactItems: [
            { Put: { TableName: ledger, Item: key("same") } },
            { Delete: { TableName: ledger, Key: key("same") } },
          ],
        }),
      ),
      "ValidationException",
      400,
      "Transaction request cannot include multiple operations on one item",
    );
  });

  it("runs a request token's transaction once, and refuses the token for another request", async () => {
    const token = `token-${Date.now()}`;
    const bump = (by: string) =>
      ddb.send(
        new TransactWriteItemsCommand({
          ClientRequestToken: token,
          TransactItems: [
            {
              Update: {
                TableName: ledger,
                Key: key("counter"),
                UpdateExpression: "ADD hits :n",
                ExpressionAttributeValues: { ":n": { N: by } },
              },
            },
          ],
        }),
      );
    await bump("1");
    await bump("1");
    expect((await get(ledger, "counter"))?.hits).toEqual({ N: "1" });
    await expectAwsError(bump("2"), "IdempotentParameterMismatchException", 400);
  });

  it("reads several items consistently with TransactGetItems", async () => {
    await ddb.send(
      new PutItemCommand({ TableName: ledger, Item: { ...key("read-1"), a: { S: "x" }, b: { S: "y" } } }),
    );
    const { Responses } = await ddb.send(
      new TransactGetItemsCommand({
        TransactItems: [
          { Get: { TableName: ledger, Key: key("read-1"), ProjectionExpression: "a" } },
          { Get: { TableName: ledger, Key: key("read-missing") } },
          { Get: { TableName: accounts, Key: key("alice") } },
        ],
      }),
    );
    expect(Responses).toEqual([
      { Item: { a: { S: "x" } } },
      {},
      { Item: expect.objectContaining(key("alice")) },
    ]);
  });
});
