import { crc32 } from "node:zlib";
import {
  CreateBackupCommand,
  CreateTableCommand,
  DeleteTableCommand,
  DescribeTableCommand,
  DynamoDBServiceException,
  GetItemCommand,
  ListTablesCommand,
  ListTagsOfResourceCommand,
  PutItemCommand,
  QueryCommand,
  UpdateTableCommand,
} from "@aws-sdk/client-dynamodb";
import { describe, expect, it } from "vitest";
import { startEmulator } from "../src/index.ts";
import {
  createTable,
  dynamoClient,
  rawDynamo,
  simpleTable,
  tableName,
  waitForActive,
} from "./support/dynamodb-client.ts";
import { expectAwsError } from "./support/expect-aws-error.ts";

const ddb = dynamoClient();

describe("DynamoDB table lifecycle", () => {
  it("answers CreateTable with CREATING, then DescribeTable shows ACTIVE with everything that was set", async () => {
    const name = tableName("lifecycle");
    const created = await ddb.send(
      new CreateTableCommand({
        TableName: name,
        BillingMode: "PROVISIONED",
        ProvisionedThroughput: { ReadCapacityUnits: 5, WriteCapacityUnits: 2 },
        AttributeDefinitions: [
          { AttributeName: "pk", AttributeType: "S" },
          { AttributeName: "sk", AttributeType: "N" },
          { AttributeName: "status", AttributeType: "S" },
          { AttributeName: "alt", AttributeType: "S" },
        ],
        KeySchema: [
          { AttributeName: "pk", KeyType: "HASH" },
          { AttributeName: "sk", KeyType: "RANGE" },
        ],
        GlobalSecondaryIndexes: [
          {
            IndexName: "byStatus",
            KeySchema: [{ AttributeName: "status", KeyType: "HASH" }],
            Projection: { ProjectionType: "INCLUDE", NonKeyAttributes: ["title"] },
            ProvisionedThroughput: { ReadCapacityUnits: 1, WriteCapacityUnits: 1 },
          },
        ],
        LocalSecondaryIndexes: [
          {
            IndexName: "byAlt",
            KeySchema: [
              { AttributeName: "pk", KeyType: "HASH" },
              { AttributeName: "alt", KeyType: "RANGE" },
            ],
            Projection: { ProjectionType: "KEYS_ONLY" },
          },
        ],
        StreamSpecification: { StreamEnabled: true, StreamViewType: "NEW_AND_OLD_IMAGES" },
        SSESpecification: { Enabled: true },
        TableClass: "STANDARD_INFREQUENT_ACCESS",
        DeletionProtectionEnabled: true,
        Tags: [{ Key: "Project", Value: "darkroom" }],
      }),
    );
    const description = created.TableDescription!;
    expect(description.TableStatus).toBe("CREATING");
    expect(description.GlobalSecondaryIndexes?.[0]?.IndexStatus).toBe("CREATING");

    const table = await waitForActive(ddb, name);
    expect(table.TableArn).toBe(`arn:aws:dynamodb:us-east-1:000000000000:table/${name}`);
    expect(table.TableId).toBe(description.TableId);
    expect(table.TableId).toMatch(/^[0-9a-f-]{36}$/);
    expect(table.CreationDateTime).toBeInstanceOf(Date);
    expect(table.KeySchema).toEqual([
      { AttributeName: "pk", KeyType: "HASH" },
      { AttributeName: "sk", KeyType: "RANGE" },
    ]);
    expect(table.AttributeDefinitions?.map((d) => d.AttributeName)).toEqual(["pk", "sk", "status", "alt"]);
    expect(table.ProvisionedThroughput).toMatchObject({
      ReadCapacityUnits: 5,
      WriteCapacityUnits: 2,
      NumberOfDecreasesToday: 0,
    });
    expect(table.BillingModeSummary?.BillingMode).toBe("PROVISIONED");
    expect(table.GlobalSecondaryIndexes).toEqual([
      expect.objectContaining({
        IndexName: "byStatus",
        IndexStatus: "ACTIVE",
        IndexArn: `${table.TableArn}/index/byStatus`,
        Projection: { ProjectionType: "INCLUDE", NonKeyAttributes: ["title"] },
        ProvisionedThroughput: expect.objectContaining({ ReadCapacityUnits: 1, WriteCapacityUnits: 1 }),
      }),
    ]);
    expect(table.LocalSecondaryIndexes).toEqual([
      expect.objectContaining({ IndexName: "byAlt", IndexArn: `${table.TableArn}/index/byAlt` }),
    ]);
    expect(table.StreamSpecification).toEqual({ StreamEnabled: true, StreamViewType: "NEW_AND_OLD_IMAGES" });
    expect(table.LatestStreamArn).toBe(`${table.TableArn}/stream/${table.LatestStreamLabel}`);
    expect(table.SSEDescription).toMatchObject({ Status: "ENABLED", SSEType: "KMS" });
    expect(table.SSEDescription?.KMSMasterKeyArn).toMatch(/^arn:aws:kms:us-east-1:000000000000:key\//);
    expect(table.TableClassSummary?.TableClass).toBe("STANDARD_INFREQUENT_ACCESS");
    expect(table.DeletionProtectionEnabled).toBe(true);

    await expectAwsError(
      ddb.send(new DeleteTableCommand({ TableName: name })),
      "ValidationException",
      400,
      "Resource cannot be deleted as it is currently protected against deletion. Disable deletion protection first.",
    );
    await ddb.send(new UpdateTableCommand({ TableName: name, DeletionProtectionEnabled: false }));
    await ddb.send(new DeleteTableCommand({ TableName: name }));
  });

  it("describes a PAY_PER_REQUEST table with zero throughput and no encryption it was not given", async () => {
    const table = await createTable(ddb, simpleTable());
    expect(table.BillingModeSummary?.BillingMode).toBe("PAY_PER_REQUEST");
    expect(table.BillingModeSummary?.LastUpdateToPayPerRequestDateTime).toBeInstanceOf(Date);
    expect(table.ProvisionedThroughput).toEqual({
      NumberOfDecreasesToday: 0,
      ReadCapacityUnits: 0,
      WriteCapacityUnits: 0,
    });
    expect(table.SSEDescription).toBeUndefined();
    expect(table.StreamSpecification).toBeUndefined();
    expect(table.DeletionProtectionEnabled).toBe(false);
    expect(table.ItemCount).toBe(0);
  });

  it("counts items and bytes in DescribeTable", async () => {
    const table = await createTable(ddb, simpleTable());
    for (const sk of ["a", "b", "c"]) {
      await ddb.send(
        new PutItemCommand({ TableName: table.TableName, Item: { pk: { S: "p" }, sk: { S: sk } } }),
      );
    }
    const { Table } = await ddb.send(new DescribeTableCommand({ TableName: table.TableName }));
    expect(Table?.ItemCount).toBe(3);
    expect(Table?.TableSizeBytes).toBeGreaterThan(0);
  });

  it("refuses a second table with the same name", async () => {
    const input = simpleTable();
    await createTable(ddb, input);
    await expectAwsError(
      ddb.send(new CreateTableCommand(input)),
      "ResourceInUseException",
      400,
      `Table already exists: ${input.TableName}`,
    );
  });

  it("validates CreateTable as DynamoDB does", async () => {
    await expectAwsError(
      ddb.send(
        new CreateTableCommand({
          ...simpleTable(),
          AttributeDefinitions: [{ AttributeName: "pk", AttributeType: "S" }],
        }),
      ),
      "ValidationException",
      400,
      "Invalid KeySchema: Some index key attribute have no definition",
    );
    await expectAwsError(
      ddb.send(
        new CreateTableCommand({
          ...simpleTable(),
          AttributeDefinitions: [
            { AttributeName: "pk", AttributeType: "S" },
            { AttributeName: "other", AttributeType: "S" },
          ],
        }),
      ),
      "ValidationException",
      400,
      "One or more parameter values were invalid: Some index key attributes are not defined in AttributeDefinitions. Keys: [pk, sk], AttributeDefinitions: [pk, other]",
    );
    await expectAwsError(
      ddb.send(
        new CreateTableCommand({
          ...simpleTable(),
          AttributeDefinitions: [
            { AttributeName: "pk", AttributeType: "S" },
            { AttributeName: "sk", AttributeType: "S" },
            { AttributeName: "g", AttributeType: "S" },
            { AttributeName: "spare", AttributeType: "S" },
          ],
          GlobalSecondaryIndexes: [
            {
              IndexName: "byG",
              KeySchema: [{ AttributeName: "g", KeyType: "HASH" }],
              Projection: { ProjectionType: "ALL" },
            },
          ],
        }),
      ),
      "ValidationException",
      400,
      "One or more parameter values were invalid: Some AttributeDefinitions are not used. AttributeDefinitions: [pk, sk, g, spare], keys used: [pk, sk, g]",
    );
    await expectAwsError(
      ddb.send(new CreateTableCommand({ ...simpleTable(), TableName: "ab" })),
      "ValidationException",
      400,
      "1 validation error detected: Value 'ab' at 'tableName' failed to satisfy constraint: Member must have length greater than or equal to 3",
    );
    await expectAwsError(
      ddb.send(
        new CreateTableCommand({
          ...simpleTable(),
          BillingMode: "PROVISIONED",
        }),
      ),
      "ValidationException",
      400,
      "One or more parameter values were invalid: ReadCapacityUnits and WriteCapacityUnits must both be specified when BillingMode is PROVISIONED",
    );
  });

  it("answers DeleteTable with DELETING, after which the table is gone and its name free", async () => {
    const input = simpleTable();
    await createTable(ddb, input);
    await ddb.send(
      new PutItemCommand({ TableName: input.TableName, Item: { pk: { S: "p" }, sk: { S: "s" } } }),
    );
    const deleted = await ddb.send(new DeleteTableCommand({ TableName: input.TableName }));
    expect(deleted.TableDescription?.TableStatus).toBe("DELETING");
    await expectAwsError(
      ddb.send(new GetItemCommand({ TableName: input.TableName, Key: { pk: { S: "p" }, sk: { S: "s" } } })),
      "ResourceNotFoundException",
      400,
      "Requested resource not found",
    );
    await expect
      .poll(() =>
        ddb.send(new DescribeTableCommand({ TableName: input.TableName })).catch((e: Error) => e.name),
      )
      .toBe("ResourceNotFoundException");
    await createTable(ddb, input);
    const { Item } = await ddb.send(
      new GetItemCommand({ TableName: input.TableName, Key: { pk: { S: "p" }, sk: { S: "s" } } }),
    );
    expect(Item).toBeUndefined();
  });

  it("answers a missing table with DynamoDB's exact error body", async () => {
    const name = tableName("missing");
    const err = await expectAwsError(
      ddb.send(new DescribeTableCommand({ TableName: name })),
      "ResourceNotFoundException",
      400,
      `Requested resource not found: Table: ${name} not found`,
    );
    expect(err).toBeInstanceOf(DynamoDBServiceException);

    const raw = await rawDynamo("DescribeTable", { TableName: name });
    expect(raw.status).toBe(400);
    expect(raw.json).toEqual({
      __type: "com.amazonaws.dynamodb.v20120810#ResourceNotFoundException",
      message: `Requested resource not found: Table: ${name} not found`,
    });
    expect(raw.headers.get("content-type")).toBe("application/x-amz-json-1.0");
    expect(raw.headers.get("x-amz-crc32")).toBe(String(crc32(raw.text)));
  });

  it("words validation errors in coral's namespace", async () => {
    const raw = await rawDynamo("GetItem", { TableName: tableName() });
    expect(raw.status).toBe(400);
    expect(raw.json).toEqual({
      __type: "com.amazon.coral.validate#ValidationException",
      message:
        "1 validation error detected: Value null at 'key' failed to satisfy constraint: Member must not be null",
    });
  });

  it("names an operation it does not implement", async () => {
    const err = await expectAwsError(
      ddb.send(new CreateBackupCommand({ TableName: tableName(), BackupName: "b1" })),
      "NotImplemented",
      501,
    );
    expect(err.message).toContain("CreateBackup");
    const raw = await rawDynamo("DescribeGlobalTable", { GlobalTableName: "x" });
    expect(raw.status).toBe(501);
    expect(raw.json.message).toMatch(/DescribeGlobalTable/);
    // DynamoDB Streams signs as "dynamodb" too.
    const streams = await rawDynamo("DynamoDBStreams_20120810.ListStreams", {});
    expect(streams.status).toBe(501);
    expect(streams.json.message).toMatch(/ListStreams/);
  });

  it("lists tables in name order, a page at a time", async () => {
    // A region of its own: no other test's tables in the listing.
    const client = dynamoClient(undefined, { region: "ap-southeast-4" });
    const names = ["list-c", "list-a", "list-b", "list-d", "list-e"];
    for (const name of names) await client.send(new CreateTableCommand(simpleTable(name)));
    const seen: string[] = [];
    let start: string | undefined;
    let pages = 0;
    do {
      const page = await client.send(new ListTablesCommand({ Limit: 2, ExclusiveStartTableName: start }));
      seen.push(...(page.TableNames ?? []));
      start = page.LastEvaluatedTableName;
      pages++;
    } while (start !== undefined && pages < 10);
    expect(seen).toEqual([...names].sort());
    expect(pages).toBe(3);
    // Tables belong to their region.
    const { TableNames } = await ddb.send(new ListTablesCommand({ Limit: 100 }));
    expect(TableNames).not.toContain("list-a");
  });
});

describe("UpdateTable", () => {
  it("switches billing modes and changes throughput, UPDATING then ACTIVE", async () => {
    const table = await createTable(ddb, simpleTable());
    const name = table.TableName!;
    const updated = await ddb.send(
      new UpdateTableCommand({
        TableName: name,
        BillingMode: "PROVISIONED",
        ProvisionedThroughput: { ReadCapacityUnits: 3, WriteCapacityUnits: 4 },
      }),
    );
    expect(updated.TableDescription?.TableStatus).toBe("UPDATING");
    const provisioned = await waitForActive(ddb, name);
    expect(provisioned.BillingModeSummary?.BillingMode).toBe("PROVISIONED");
    expect(provisioned.ProvisionedThroughput).toMatchObject({ ReadCapacityUnits: 3, WriteCapacityUnits: 4 });

    await ddb.send(
      new UpdateTableCommand({
        TableName: name,
        ProvisionedThroughput: { ReadCapacityUnits: 1, WriteCapacityUnits: 4 },
      }),
    );
    const lowered = await waitForActive(ddb, name);
    expect(lowered.ProvisionedThroughput?.NumberOfDecreasesToday).toBe(1);
    expect(lowered.ProvisionedThroughput?.LastDecreaseDateTime).toBeInstanceOf(Date);

    await expectAwsError(
      ddb.send(
        new UpdateTableCommand({
          TableName: name,
          ProvisionedThroughput: { ReadCapacityUnits: 1, WriteCapacityUnits: 4 },
        }),
      ),
      "ValidationException",
      400,
      /^The provisioned throughput for the table will not change/,
    );
    await expectAwsError(
      ddb.send(new UpdateTableCommand({ TableName: name })),
      "ValidationException",
      400,
      "At least one of ProvisionedThroughput, BillingMode, UpdateStreamEnabled, GlobalSecondaryIndexUpdates or SSESpecification or ReplicaUpdates is required",
    );
  });

  it("adds a GSI over the items already there, and removes it again", async () => {
    const table = await createTable(ddb, simpleTable());
    const name = table.TableName!;
    for (const [sk, color] of [
      ["1", "red"],
      ["2", "blue"],
      ["3", "red"],
    ] as const) {
      await ddb.send(
        new PutItemCommand({ TableName: name, Item: { pk: { S: "p" }, sk: { S: sk }, color: { S: color } } }),
      );
    }
    const adding = await ddb.send(
      new UpdateTableCommand({
        TableName: name,
        AttributeDefinitions: [{ AttributeName: "color", AttributeType: "S" }],
        GlobalSecondaryIndexUpdates: [
          {
            Create: {
              IndexName: "byColor",
              KeySchema: [{ AttributeName: "color", KeyType: "HASH" }],
              Projection: { ProjectionType: "ALL" },
            },
          },
        ],
      }),
    );
    expect(adding.TableDescription?.TableStatus).toBe("UPDATING");
    expect(adding.TableDescription?.GlobalSecondaryIndexes?.[0]).toMatchObject({
      IndexName: "byColor",
      IndexStatus: "CREATING",
      Backfilling: true,
    });
    const active = await waitForActive(ddb, name);
    expect(active.GlobalSecondaryIndexes?.[0]?.ItemCount).toBe(3);
    expect(active.AttributeDefinitions?.map((d) => d.AttributeName)).toContain("color");
    const red = await ddb.send(
      new QueryCommand({
        TableName: name,
        IndexName: "byColor",
        KeyConditionExpression: "color = :c",
        ExpressionAttributeValues: { ":c": { S: "red" } },
      }),
    );
    expect(red.Items?.map((i) => i.sk?.S).sort()).toEqual(["1", "3"]);

    const removing = await ddb.send(
      new UpdateTableCommand({
        TableName: name,
        GlobalSecondaryIndexUpdates: [{ Delete: { IndexName: "byColor" } }],
      }),
    );
    expect(removing.TableDescription?.GlobalSecondaryIndexes?.[0]?.IndexStatus).toBe("DELETING");
    await expect
      .poll(
        async () =>
          (await ddb.send(new DescribeTableCommand({ TableName: name }))).Table?.GlobalSecondaryIndexes,
      )
      .toBeUndefined();
    const { Table } = await ddb.send(new DescribeTableCommand({ TableName: name }));
    // The definition only the index used goes with it, as on AWS.
    expect(Table?.AttributeDefinitions?.map((d) => d.AttributeName)).toEqual(["pk", "sk"]);
    await expectAwsError(
      ddb.send(
        new QueryCommand({
          TableName: name,
          IndexName: "byColor",
          KeyConditionExpression: "color = :c",
          ExpressionAttributeValues: { ":c": { S: "red" } },
        }),
      ),
      "ValidationException",
      400,
      "The table does not have the specified index: byColor",
    );
  });

  it("enables and disables a stream", async () => {
    const table = await createTable(ddb, simpleTable());
    const name = table.TableName!;
    const on = await ddb.send(
      new UpdateTableCommand({
        TableName: name,
        StreamSpecification: { StreamEnabled: true, StreamViewType: "KEYS_ONLY" },
      }),
    );
    expect(on.TableDescription?.StreamSpecification).toEqual({
      StreamEnabled: true,
      StreamViewType: "KEYS_ONLY",
    });
    expect(on.TableDescription?.LatestStreamArn).toMatch(new RegExp(`table/${name}/stream/\\d{4}-`));
    await expectAwsError(
      ddb.send(
        new UpdateTableCommand({
          TableName: name,
          StreamSpecification: { StreamEnabled: true, StreamViewType: "KEYS_ONLY" },
        }),
      ),
      "ValidationException",
      400,
      `Table already has an enabled stream: TableName: ${name}`,
    );
    const off = await ddb.send(
      new UpdateTableCommand({ TableName: name, StreamSpecification: { StreamEnabled: false } }),
    );
    expect(off.TableDescription?.StreamSpecification).toBeUndefined();
  });
});

describe("DynamoDB accounts", () => {
  it("keeps each account's tables to itself", async () => {
    const second = { accessKeyId: "AKIDDYNAMOSECOND", secretAccessKey: "second-secret" };
    const emulator = await startEmulator({
      port: 0,
      persist: false,
      credentials: [{ ...second, accountId: "111111111111" }],
    });
    try {
      const mine = dynamoClient(emulator.url);
      const theirs = dynamoClient(emulator.url, { credentials: second });
      const input = simpleTable("shared-name");
      const first = await createTable(mine, input);
      const other = await createTable(theirs, input);
      expect(first.TableArn).toBe("arn:aws:dynamodb:us-east-1:000000000000:table/shared-name");
      expect(other.TableArn).toBe("arn:aws:dynamodb:us-east-1:111111111111:table/shared-name");
      await mine.send(
        new PutItemCommand({ TableName: "shared-name", Item: { pk: { S: "a" }, sk: { S: "b" } } }),
      );
      const { Item } = await theirs.send(
        new GetItemCommand({ TableName: "shared-name", Key: { pk: { S: "a" }, sk: { S: "b" } } }),
      );
      expect(Item).toBeUndefined();
      await expectAwsError(
        theirs.send(new ListTagsOfResourceCommand({ ResourceArn: first.TableArn })),
        "ResourceNotFoundException",
        400,
      );
    } finally {
      await emulator.stop();
    }
  });
});
