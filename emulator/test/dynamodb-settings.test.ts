import {
  DescribeContinuousBackupsCommand,
  DescribeTimeToLiveCommand,
  GetItemCommand,
  ListTagsOfResourceCommand,
  PutItemCommand,
  QueryCommand,
  ScanCommand,
  TagResourceCommand,
  UntagResourceCommand,
  UpdateContinuousBackupsCommand,
  UpdateTimeToLiveCommand,
} from "@aws-sdk/client-dynamodb";
import { describe, expect, it } from "vitest";
import { createTable, dynamoClient, simpleTable, tableName } from "./support/dynamodb-client.ts";
import { expectAwsError } from "./support/expect-aws-error.ts";

const ddb = dynamoClient();

describe("DynamoDB time to live", () => {
  it("is off until enabled, and refuses enabling twice", async () => {
    const name = (await createTable(ddb, simpleTable())).TableName!;
    const before = await ddb.send(new DescribeTimeToLiveCommand({ TableName: name }));
    expect(before.TimeToLiveDescription).toEqual({ TimeToLiveStatus: "DISABLED" });
    const enabled = await ddb.send(
      new UpdateTimeToLiveCommand({
        TableName: name,
        TimeToLiveSpecification: { Enabled: true, AttributeName: "expiresAt" },
      }),
    );
    expect(enabled.TimeToLiveSpecification).toEqual({ Enabled: true, AttributeName: "expiresAt" });
    const after = await ddb.send(new DescribeTimeToLiveCommand({ TableName: name }));
    expect(after.TimeToLiveDescription).toEqual({ TimeToLiveStatus: "ENABLED", AttributeName: "expiresAt" });
    await expectAwsError(
      ddb.send(
        new UpdateTimeToLiveCommand({
          TableName: name,
          TimeToLiveSpecification: { Enabled: true, AttributeName: "expiresAt" },
        }),
      ),
      "ValidationException",
      400,
      "TimeToLive is already enabled",
    );
    await ddb.send(
      new UpdateTimeToLiveCommand({
        TableName: name,
        TimeToLiveSpecification: { Enabled: false, AttributeName: "expiresAt" },
      }),
    );
    expect(
      (await ddb.send(new DescribeTimeToLiveCommand({ TableName: name }))).TimeToLiveDescription,
    ).toEqual({
      TimeToLiveStatus: "DISABLED",
    });
  });

  it("deletes items whose expiry has passed, in the background, and from the indexes too", async () => {
    const name = tableName("ttl");
    await createTable(ddb, {
      TableName: name,
      AttributeDefinitions: [
        { AttributeName: "pk", AttributeType: "S" },
        { AttributeName: "kind", AttributeType: "S" },
      ],
      KeySchema: [{ AttributeName: "pk", KeyType: "HASH" }],
      GlobalSecondaryIndexes: [
        {
          IndexName: "byKind",
          KeySchema: [{ AttributeName: "kind", KeyType: "HASH" }],
          Projection: { ProjectionType: "KEYS_ONLY" },
        },
      ],
    });
    await ddb.send(
      new UpdateTimeToLiveCommand({
        TableName: name,
        TimeToLiveSpecification: { Enabled: true, AttributeName: "exp" },
      }),
    );
    const now = Math.floor(Date.now() / 1000);
    const items: Array<[string, Record<string, { N: string } | { S: string }>]> = [
      ["expired", { exp: { N: String(now - 60) } }],
      ["future", { exp: { N: String(now + 3600) } }],
      ["not-a-number", { exp: { S: String(now - 60) } }],
      // More than five years past: AWS takes it for a mistake and keeps the item.
      ["ancient", { exp: { N: String(now - 6 * 365 * 24 * 3600) } }],
      ["no-ttl", {}],
    ];
    for (const [pk, extra] of items) {
      await ddb.send(
        new PutItemCommand({ TableName: name, Item: { pk: { S: pk }, kind: { S: "photo" }, ...extra } }),
      );
    }
    await expect
      .poll(
        async () =>
          (await ddb.send(new GetItemCommand({ TableName: name, Key: { pk: { S: "expired" } } }))).Item,
        { timeout: 5000, interval: 100 },
      )
      .toBeUndefined();
    const left = await ddb.send(new ScanCommand({ TableName: name }));
    expect(left.Items?.map((i) => i.pk?.S).sort()).toEqual(["ancient", "future", "no-ttl", "not-a-number"]);
    const indexed = await ddb.send(
      new QueryCommand({
        TableName: name,
        IndexName: "byKind",
        KeyConditionExpression: "kind = :k",
        ExpressionAttributeValues: { ":k": { S: "photo" } },
      }),
    );
    expect(indexed.Count).toBe(4);
  });
});

describe("DynamoDB tags", () => {
  it("tags a table at creation and later, lists and removes tags", async () => {
    const table = await createTable(ddb, { ...simpleTable(), Tags: [{ Key: "Project", Value: "darkroom" }] });
    const arn = table.TableArn!;
    await ddb.send(
      new TagResourceCommand({
        ResourceArn: arn,
        Tags: [
          { Key: "Stage", Value: "dev" },
          { Key: "Project", Value: "darkroom-2" },
        ],
      }),
    );
    const listed = await ddb.send(new ListTagsOfResourceCommand({ ResourceArn: arn }));
    expect(listed.Tags).toEqual([
      { Key: "Stage", Value: "dev" },
      { Key: "Project", Value: "darkroom-2" },
    ]);
    await ddb.send(new UntagResourceCommand({ ResourceArn: arn, TagKeys: ["Project"] }));
    expect((await ddb.send(new ListTagsOfResourceCommand({ ResourceArn: arn }))).Tags).toEqual([
      { Key: "Stage", Value: "dev" },
    ]);
  });

  it("answers bad and unknown ARNs as DynamoDB does", async () => {
    await expectAwsError(
      ddb.send(
        new ListTagsOfResourceCommand({ ResourceArn: "arn:aws:dynamodb:us-east-1:000000000000:stream/x" }),
      ),
      "ValidationException",
      400,
      "Invalid TableArn: Invalid ResourceArn provided as input arn:aws:dynamodb:us-east-1:000000000000:stream/x",
    );
    const arn = `arn:aws:dynamodb:us-east-1:000000000000:table/${tableName("gone")}`;
    await expectAwsError(
      ddb.send(new TagResourceCommand({ ResourceArn: arn, Tags: [{ Key: "a", Value: "b" }] })),
      "ResourceNotFoundException",
      400,
      `Requested resource not found: ResourcArn: ${arn} not found`,
    );
  });
});

describe("DynamoDB continuous backups", () => {
  it("reports point-in-time recovery off, then on with its window", async () => {
    const name = (await createTable(ddb, simpleTable())).TableName!;
    const before = await ddb.send(new DescribeContinuousBackupsCommand({ TableName: name }));
    expect(before.ContinuousBackupsDescription).toEqual({
      ContinuousBackupsStatus: "ENABLED",
      PointInTimeRecoveryDescription: { PointInTimeRecoveryStatus: "DISABLED" },
    });
    const updated = await ddb.send(
      new UpdateContinuousBackupsCommand({
        TableName: name,
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true, RecoveryPeriodInDays: 7 },
      }),
    );
    const pitr = updated.ContinuousBackupsDescription?.PointInTimeRecoveryDescription;
    expect(pitr?.PointInTimeRecoveryStatus).toBe("ENABLED");
    expect(pitr?.RecoveryPeriodInDays).toBe(7);
    expect(pitr?.EarliestRestorableDateTime).toBeInstanceOf(Date);
    expect(pitr?.LatestRestorableDateTime).toBeInstanceOf(Date);
    const after = await ddb.send(new DescribeContinuousBackupsCommand({ TableName: name }));
    expect(
      after.ContinuousBackupsDescription?.PointInTimeRecoveryDescription?.PointInTimeRecoveryStatus,
    ).toBe("ENABLED");
  });

  it("names a missing table with TableNotFoundException", async () => {
    const name = tableName("nobackup");
    await expectAwsError(
      ddb.send(new DescribeContinuousBackupsCommand({ TableName: name })),
      "TableNotFoundException",
      400,
      `Table not found: ${name}`,
    );
  });
});
