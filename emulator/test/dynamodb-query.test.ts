import {
  type AttributeValue,
  BatchWriteItemCommand,
  QueryCommand,
  type QueryCommandInput,
  ScanCommand,
  type ScanCommandInput,
  UpdateItemCommand,
} from "@aws-sdk/client-dynamodb";
import { beforeAll, describe, expect, it } from "vitest";
import { createTable, dynamoClient, tableName } from "./support/dynamodb-client.ts";
import { expectAwsError } from "./support/expect-aws-error.ts";

const ddb = dynamoClient();
const name = tableName("query");
type Row = Record<string, AttributeValue>;

/**
 * 3 owners x 10 photos: pk owner, sk photo number; an LSI on the size, a GSI by
 * status (taken, a number) and a KEYS_ONLY GSI by album that only some photos have.
 */
beforeAll(async () => {
  await createTable(ddb, {
    TableName: name,
    AttributeDefinitions: [
      { AttributeName: "owner", AttributeType: "S" },
      { AttributeName: "photo", AttributeType: "N" },
      { AttributeName: "kb", AttributeType: "N" },
      { AttributeName: "status", AttributeType: "S" },
      { AttributeName: "taken", AttributeType: "N" },
      { AttributeName: "album", AttributeType: "S" },
    ],
    KeySchema: [
      { AttributeName: "owner", KeyType: "HASH" },
      { AttributeName: "photo", KeyType: "RANGE" },
    ],
    LocalSecondaryIndexes: [
      {
        IndexName: "bySize",
        KeySchema: [
          { AttributeName: "owner", KeyType: "HASH" },
          { AttributeName: "kb", KeyType: "RANGE" },
        ],
        Projection: { ProjectionType: "ALL" },
      },
    ],
    GlobalSecondaryIndexes: [
      {
        IndexName: "byStatus",
        KeySchema: [
          { AttributeName: "status", KeyType: "HASH" },
          { AttributeName: "taken", KeyType: "RANGE" },
        ],
        Projection: { ProjectionType: "ALL" },
      },
      {
        IndexName: "byAlbum",
        KeySchema: [{ AttributeName: "album", KeyType: "HASH" }],
        Projection: { ProjectionType: "KEYS_ONLY" },
      },
    ],
  });
  const rows: Row[] = [];
  for (const owner of ["ann", "bob", "cy"]) {
    for (let photo = 1; photo <= 10; photo++) {
      rows.push({
        owner: { S: owner },
        photo: { N: String(photo) },
        kb: { N: String(1000 - photo * 10) },
        status: { S: photo % 2 === 0 ? "ready" : "pending" },
        taken: { N: String(photo * 100) },
        title: { S: `${owner}-${photo}` },
        ...(photo <= 3 ? { album: { S: `${owner}-trip` } } : {}),
      });
    }
  }
  for (let i = 0; i < rows.length; i += 25) {
    await ddb.send(
      new BatchWriteItemCommand({
        RequestItems: { [name]: rows.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } })) },
      }),
    );
  }
});

const photos = (items: Row[] | undefined) => (items ?? []).map((i) => Number(i.photo?.N));

/** Every page of a Query or Scan, following LastEvaluatedKey. */
async function allPages<T extends QueryCommandInput | ScanCommandInput>(
  input: T,
  send: (input: T) => Promise<{ Items?: Row[]; LastEvaluatedKey?: Row }>,
): Promise<{ items: Row[]; pages: number; keys: Row[] }> {
  const items: Row[] = [];
  const keys: Row[] = [];
  let start: Row | undefined;
  let pages = 0;
  do {
    const page = await send({ ...input, ExclusiveStartKey: start });
    items.push(...(page.Items ?? []));
    start = page.LastEvaluatedKey;
    if (start) keys.push(start);
    pages++;
  } while (start && pages < 100);
  return { items, pages, keys };
}
const query = (input: QueryCommandInput) => ddb.send(new QueryCommand(input));
const scan = (input: ScanCommandInput) => ddb.send(new ScanCommand(input));

describe("DynamoDB Query", () => {
  it("reads a partition in sort key order, either way", async () => {
    const forward = await query({
      TableName: name,
      KeyConditionExpression: "#o = :o",
      ExpressionAttributeNames: { "#o": "owner" },
      ExpressionAttributeValues: { ":o": { S: "bob" } },
    });
    expect(photos(forward.Items)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(forward.Count).toBe(10);
    const backward = await query({
      TableName: name,
      KeyConditionExpression: "#o = :o AND photo BETWEEN :a AND :b",
      ExpressionAttributeNames: { "#o": "owner" },
      ExpressionAttributeValues: { ":o": { S: "bob" }, ":a": { N: "3" }, ":b": { N: "6" } },
      ScanIndexForward: false,
    });
    expect(photos(backward.Items)).toEqual([6, 5, 4, 3]);
  });

  it("applies range conditions on the sort key", async () => {
    const cases: Array<[string, number[]]> = [
      ["photo < :n", [1, 2, 3, 4]],
      ["photo <= :n", [1, 2, 3, 4, 5]],
      ["photo > :n", [6, 7, 8, 9, 10]],
      ["photo >= :n", [5, 6, 7, 8, 9, 10]],
      ["photo = :n", [5]],
    ];
    for (const [condition, expected] of cases) {
      const result = await query({
        TableName: name,
        KeyConditionExpression: `#o = :o AND ${condition}`,
        ExpressionAttributeNames: { "#o": "owner" },
        ExpressionAttributeValues: { ":o": { S: "cy" }, ":n": { N: "5" } },
      });
      expect(photos(result.Items), condition).toEqual(expected);
    }
  });

  it("pages with Limit and ExclusiveStartKey", async () => {
    const { items, pages, keys } = await allPages(
      {
        TableName: name,
        KeyConditionExpression: "#o = :o",
        ExpressionAttributeNames: { "#o": "owner" },
        ExpressionAttributeValues: { ":o": { S: "ann" } },
        Limit: 3,
      },
      query,
    );
    expect(photos(items)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(pages).toBe(4);
    expect(keys[0]).toEqual({ owner: { S: "ann" }, photo: { N: "3" } });
  });

  it("filters after reading: Count and ScannedCount differ", async () => {
    const result = await query({
      TableName: name,
      KeyConditionExpression: "#o = :o",
      FilterExpression: "#s = :ready AND begins_with(title, :t)",
      ExpressionAttributeNames: { "#o": "owner", "#s": "status" },
      ExpressionAttributeValues: { ":o": { S: "ann" }, ":ready": { S: "ready" }, ":t": { S: "ann-" } },
      ProjectionExpression: "photo, title",
    });
    expect(photos(result.Items)).toEqual([2, 4, 6, 8, 10]);
    expect(result.Items?.[0]).toEqual({ photo: { N: "2" }, title: { S: "ann-2" } });
    expect(result.Count).toBe(5);
    expect(result.ScannedCount).toBe(10);
  });

  it("counts without items when Select is COUNT", async () => {
    const result = await query({
      TableName: name,
      KeyConditionExpression: "#o = :o AND photo > :n",
      ExpressionAttributeNames: { "#o": "owner" },
      ExpressionAttributeValues: { ":o": { S: "bob" }, ":n": { N: "7" } },
      Select: "COUNT",
    });
    expect(result.Count).toBe(3);
    expect(result.Items).toBeUndefined();
  });

  it("queries a local secondary index in its own order", async () => {
    const result = await query({
      TableName: name,
      IndexName: "bySize",
      KeyConditionExpression: "#o = :o AND kb < :s",
      ExpressionAttributeNames: { "#o": "owner" },
      ExpressionAttributeValues: { ":o": { S: "ann" }, ":s": { N: "940" } },
    });
    // Sizes (kb) fall as photo numbers rise, so the LSI order is the table's reversed.
    expect(photos(result.Items)).toEqual([10, 9, 8, 7]);
  });

  it("queries a global secondary index across partitions, with pages keyed by index and table keys", async () => {
    const { items, keys } = await allPages(
      {
        TableName: name,
        IndexName: "byStatus",
        KeyConditionExpression: "#s = :s AND taken >= :t",
        ExpressionAttributeNames: { "#s": "status" },
        ExpressionAttributeValues: { ":s": { S: "ready" }, ":t": { N: "600" } },
        Limit: 4,
      },
      query,
    );
    // photos 6, 8, 10 of each owner, ordered by taken.
    expect(items.map((i) => Number(i.taken?.N))).toEqual([600, 600, 600, 800, 800, 800, 1000, 1000, 1000]);
    expect(Object.keys(keys[0]!).sort()).toEqual(["owner", "photo", "status", "taken"]);
    await expectAwsError(
      query({
        TableName: name,
        IndexName: "byStatus",
        KeyConditionExpression: "#s = :s",
        ExpressionAttributeNames: { "#s": "status" },
        ExpressionAttributeValues: { ":s": { S: "ready" } },
        ConsistentRead: true,
      }),
      "ValidationException",
      400,
      "Consistent reads are not supported on global secondary indexes",
    );
  });

  it("keeps a sparse KEYS_ONLY index up to date as items change", async () => {
    const album = () =>
      query({
        TableName: name,
        IndexName: "byAlbum",
        KeyConditionExpression: "album = :a",
        ExpressionAttributeValues: { ":a": { S: "cy-trip" } },
      });
    const before = await album();
    expect(photos(before.Items).sort((a, b) => a - b)).toEqual([1, 2, 3]);
    expect(before.Items?.[0] && Object.keys(before.Items[0]).sort()).toEqual(["album", "owner", "photo"]);
    await ddb.send(
      new UpdateItemCommand({
        TableName: name,
        Key: { owner: { S: "cy" }, photo: { N: "9" } },
        UpdateExpression: "SET album = :a",
        ExpressionAttributeValues: { ":a": { S: "cy-trip" } },
      }),
    );
    await ddb.send(
      new UpdateItemCommand({
        TableName: name,
        Key: { owner: { S: "cy" }, photo: { N: "1" } },
        UpdateExpression: "REMOVE album",
      }),
    );
    expect(photos((await album()).Items).sort((a, b) => a - b)).toEqual([2, 3, 9]);
  });

  it("insists on the partition key with DynamoDB's message", async () => {
    await expectAwsError(
      query({
        TableName: name,
        KeyConditionExpression: "photo = :n",
        ExpressionAttributeValues: { ":n": { N: "1" } },
      }),
      "ValidationException",
      400,
      "Query condition missed key schema element: owner",
    );
  });
});

describe("DynamoDB Scan", () => {
  it("filters the whole table and pages through it", async () => {
    const all = await allPages({ TableName: name, Limit: 7 }, scan);
    expect(all.items.length).toBeGreaterThanOrEqual(30);
    const filtered = await scan({
      TableName: name,
      FilterExpression: "photo = :n AND kb > :s",
      ExpressionAttributeValues: { ":n": { N: "10" }, ":s": { N: "0" } },
    });
    expect(filtered.Items?.map((i) => i.owner?.S).sort()).toEqual(["ann", "bob", "cy"]);
    expect(filtered.ScannedCount).toBe(all.items.length);
  });

  it("splits a scan into segments that together read every item once", async () => {
    const total = (await scan({ TableName: name, Select: "COUNT" })).Count!;
    const seen: string[] = [];
    for (let segment = 0; segment < 4; segment++) {
      const { items } = await allPages({ TableName: name, Segment: segment, TotalSegments: 4 }, scan);
      seen.push(...items.map((i) => `${i.owner?.S}/${i.photo?.N}`));
    }
    expect(seen.length).toBe(total);
    expect(new Set(seen).size).toBe(total);
  });

  it("scans a secondary index", async () => {
    const result = await scan({ TableName: name, IndexName: "byAlbum" });
    expect(result.Count).toBe(9);
  });

  it("answers a Scan of a missing table with ResourceNotFoundException", async () => {
    await expectAwsError(
      scan({ TableName: tableName("nothing") }),
      "ResourceNotFoundException",
      400,
      "Requested resource not found",
    );
  });
});
