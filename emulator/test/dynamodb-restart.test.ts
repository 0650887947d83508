import { Agent } from "node:http";
import {
  CreateTableCommand,
  DeleteTableCommand,
  DescribeContinuousBackupsCommand,
  DescribeTableCommand,
  DescribeTimeToLiveCommand,
  type DynamoDBClient,
  GetItemCommand,
  ListTagsOfResourceCommand,
  PutItemCommand,
  QueryCommand,
  ScanCommand,
  TransactWriteItemsCommand,
  UpdateContinuousBackupsCommand,
  UpdateItemCommand,
  UpdateTimeToLiveCommand,
} from "@aws-sdk/client-dynamodb";
import { describe, expect, it } from "vitest";
import { startEmulator } from "../src/index.ts";
import { itemKey } from "../src/services/dynamodb/engine/dynalite.ts";
import { itemTableName } from "../src/services/dynamodb/table-items.ts";
import { StateStore } from "../src/state/store.ts";
import { createTable, dynamoClient, simpleTable, waitForActive } from "./support/dynamodb-client.ts";
import { type EmulatorProcess, spawnEmulator } from "./support/emulator-process.ts";
import { tempDir } from "./support/temp-dir.ts";

function start(stateDir: string): Promise<EmulatorProcess> {
  return spawnEmulator({ DARKROOM_STATE_DIR: stateDir, DARKROOM_PERSIST: "1" });
}

function client(endpoint: string, sockets = 10): DynamoDBClient {
  return dynamoClient(endpoint, {
    // A request cut by the kill must fail, not be retried against the next process.
    maxAttempts: 1,
    requestHandler: { httpAgent: new Agent({ keepAlive: true, maxSockets: sockets }) },
  });
}

const photosTable = (name: string) => ({
  TableName: name,
  BillingMode: "PAY_PER_REQUEST" as const,
  AttributeDefinitions: [
    { AttributeName: "pk", AttributeType: "S" as const },
    { AttributeName: "status", AttributeType: "S" as const },
  ],
  KeySchema: [{ AttributeName: "pk", KeyType: "HASH" as const }],
  GlobalSecondaryIndexes: [
    {
      IndexName: "byStatus",
      KeySchema: [{ AttributeName: "status", KeyType: "HASH" as const }],
      Projection: { ProjectionType: "ALL" as const },
    },
  ],
  Tags: [{ Key: "Project", Value: "darkroom" }],
});

describe("DynamoDB persistence", () => {
  it("keeps tables, their settings and every acknowledged item across kill -9", async () => {
    const dir = await tempDir();
    let emulator = await start(dir);
    try {
      let ddb = client(emulator.url);
      const created = await createTable(ddb, photosTable("photos"));
      await ddb.send(
        new UpdateTimeToLiveCommand({
          TableName: "photos",
          TimeToLiveSpecification: { Enabled: true, AttributeName: "expiresAt" },
        }),
      );
      await ddb.send(
        new UpdateContinuousBackupsCommand({
          TableName: "photos",
          PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        }),
      );
      for (let i = 0; i < 40; i++) {
        await ddb.send(
          new PutItemCommand({
            TableName: "photos",
            Item: {
              pk: { S: `p${i}` },
              status: { S: i % 4 === 0 ? "ready" : "pending" },
              n: { N: String(i) },
            },
          }),
        );
      }
      await ddb.send(
        new UpdateItemCommand({
          TableName: "photos",
          Key: { pk: { S: "p1" } },
          UpdateExpression: "SET #s = :r, title = :t",
          ExpressionAttributeNames: { "#s": "status" },
          ExpressionAttributeValues: { ":r": { S: "ready" }, ":t": { S: "moved" } },
        }),
      );
      await ddb.send(
        new TransactWriteItemsCommand({
          TransactItems: [
            { Put: { TableName: "photos", Item: { pk: { S: "tx-a" }, status: { S: "ready" } } } },
            { Put: { TableName: "photos", Item: { pk: { S: "tx-b" }, status: { S: "ready" } } } },
            { Delete: { TableName: "photos", Key: { pk: { S: "p0" } } } },
          ],
        }),
      );
      await createTable(ddb, simpleTable("doomed"));
      await ddb.send(new DeleteTableCommand({ TableName: "doomed" }));

      await emulator.kill();
      emulator = await start(dir);
      ddb = client(emulator.url);

      const table = await waitForActive(ddb, "photos");
      expect(table.TableId).toBe(created.TableId);
      expect(table.ItemCount).toBe(41);
      expect(table.GlobalSecondaryIndexes?.[0]).toMatchObject({
        IndexName: "byStatus",
        IndexStatus: "ACTIVE",
      });
      const ttl = await ddb.send(new DescribeTimeToLiveCommand({ TableName: "photos" }));
      expect(ttl.TimeToLiveDescription).toEqual({ TimeToLiveStatus: "ENABLED", AttributeName: "expiresAt" });
      const backups = await ddb.send(new DescribeContinuousBackupsCommand({ TableName: "photos" }));
      expect(
        backups.ContinuousBackupsDescription?.PointInTimeRecoveryDescription?.PointInTimeRecoveryStatus,
      ).toBe("ENABLED");
      const tags = await ddb.send(new ListTagsOfResourceCommand({ ResourceArn: table.TableArn }));
      expect(tags.Tags).toEqual([{ Key: "Project", Value: "darkroom" }]);

      expect((await ddb.send(new ScanCommand({ TableName: "photos", Select: "COUNT" }))).Count).toBe(41);
      const moved = await ddb.send(new GetItemCommand({ TableName: "photos", Key: { pk: { S: "p1" } } }));
      expect(moved.Item?.title).toEqual({ S: "moved" });
      // The index is rebuilt from the items: the update and the transaction are in it.
      const ready = await ddb.send(
        new QueryCommand({
          TableName: "photos",
          IndexName: "byStatus",
          KeyConditionExpression: "#s = :r",
          ExpressionAttributeNames: { "#s": "status" },
          ExpressionAttributeValues: { ":r": { S: "ready" } },
        }),
      );
      expect(ready.Items?.map((i) => i.pk?.S).sort()).toEqual(
        ["p1", "p12", "p16", "p20", "p24", "p28", "p32", "p36", "p4", "p8", "tx-a", "tx-b"].sort(),
      );
      await expect(ddb.send(new DescribeTableCommand({ TableName: "doomed" }))).rejects.toMatchObject({
        name: "ResourceNotFoundException",
      });
    } finally {
      await emulator.kill();
    }
  });

  it("loses no acknowledged PutItem when killed in the middle of 100 concurrent writes", async () => {
    const dir = await tempDir();
    let emulator = await start(dir);
    try {
      let ddb = client(emulator.url, 110);
      await createTable(ddb, simpleTable("burst"));
      const acknowledged: string[] = [];
      let killing: Promise<void> | null = null;
      await Promise.all(
        Array.from({ length: 100 }, async (_, i) => {
          try {
            await ddb.send(
              new PutItemCommand({
                TableName: "burst",
                Item: {
                  pk: { S: "k" },
                  sk: { S: String(i).padStart(3, "0") },
                  body: { S: "x".repeat(i * 50) },
                },
              }),
            );
            acknowledged.push(String(i).padStart(3, "0"));
            if (acknowledged.length === 50) killing = emulator.kill();
          } catch {
            // Cut by the kill: it may or may not have landed, but it was never acknowledged.
          }
        }),
      );
      await killing;
      await emulator.kill();
      emulator = await start(dir);
      ddb = client(emulator.url);
      const stored = await ddb.send(
        new QueryCommand({
          TableName: "burst",
          KeyConditionExpression: "pk = :k",
          ExpressionAttributeValues: { ":k": { S: "k" } },
        }),
      );
      const keys = new Set(stored.Items?.map((i) => i.sk?.S));
      expect(acknowledged.length).toBeGreaterThanOrEqual(50);
      for (const sk of acknowledged) expect(keys.has(sk), `acknowledged item ${sk}`).toBe(true);
      for (const item of stored.Items ?? []) {
        expect(item.body?.S).toBe("x".repeat(Number(item.sk?.S) * 50));
      }
    } finally {
      await emulator.kill();
    }
  });

  it("finishes at start a transaction a crash cut off after its redo record", async () => {
    const dir = await tempDir();
    let emulator = await startEmulator({ port: 0, persist: true, stateDir: dir });
    let tableId = "";
    try {
      const ddb = client(emulator.url);
      tableId = (await createTable(ddb, photosTable("ledger"))).TableId!;
      await ddb.send(
        new PutItemCommand({ TableName: "ledger", Item: { pk: { S: "old" }, status: { S: "ready" } } }),
      );
    } finally {
      await emulator.stop();
    }
    // What a torn batch can leave: the redo record made it to disk, its item writes did not.
    const keyOf = (pk: string) =>
      itemKey(
        { pk: { S: pk } },
        {
          TableName: "ledger",
          TableStatus: "ACTIVE",
          KeySchema: [{ AttributeName: "pk", KeyType: "HASH" }],
          AttributeDefinitions: [{ AttributeName: "pk", AttributeType: "S" }],
        },
      );
    const store = await StateStore.open(dir);
    expect(store.table(itemTableName(tableId)).has(keyOf("old"))).toBe(true);
    store.table("dynamodb/transactions").set("crashed", {
      writes: [
        { tableId, key: keyOf("new"), item: { pk: { S: "new" }, status: { S: "ready" } } },
        { tableId, key: keyOf("old"), item: null },
      ],
    });
    await store.close();

    emulator = await startEmulator({ port: 0, persist: true, stateDir: dir });
    try {
      const ddb = client(emulator.url);
      const scan = await ddb.send(new ScanCommand({ TableName: "ledger" }));
      expect(scan.Items?.map((i) => i.pk?.S)).toEqual(["new"]);
      const got = await ddb.send(new GetItemCommand({ TableName: "ledger", Key: { pk: { S: "new" } } }));
      expect(got.Item?.status).toEqual({ S: "ready" });
      const indexed = await ddb.send(
        new QueryCommand({
          TableName: "ledger",
          IndexName: "byStatus",
          KeyConditionExpression: "#s = :r",
          ExpressionAttributeNames: { "#s": "status" },
          ExpressionAttributeValues: { ":r": { S: "ready" } },
        }),
      );
      expect(indexed.Items?.map((i) => i.pk?.S)).toEqual(["new"]);
    } finally {
      await emulator.stop();
    }
    const reopened = await StateStore.open(dir);
    expect(reopened.table("dynamodb/transactions").size).toBe(0);
    await reopened.close();
  });

  it("keeps a table whose CreateTable was answered, across kill -9", async () => {
    const dir = await tempDir();
    let emulator = await start(dir);
    try {
      await client(emulator.url).send(new CreateTableCommand(simpleTable("quick")));
      await emulator.kill();
      emulator = await start(dir);
      const table = await waitForActive(client(emulator.url), "quick");
      expect(table.TableStatus).toBe("ACTIVE");
    } finally {
      await emulator.kill();
    }
  });
});
