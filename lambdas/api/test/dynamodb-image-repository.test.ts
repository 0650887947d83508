import { PutCommand } from "@aws-sdk/lib-dynamodb";
import { labelItems, toImageItem } from "@darkroom/image-record";
import { imageTableClient } from "@darkroom/image-record/dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DynamoImageRepository } from "../src/repositories/dynamodb-image-repository.ts";
import { ImageAlreadyExistsError } from "../src/repositories/image-repository.ts";
import { createApiResources, type EmulatorStack, startEmulatorStack } from "./support/emulator-stack.ts";
import { failedRecord, processedRecord, uploadedRecord } from "./support/records.ts";

/** The repository against the emulator's DynamoDB: conditional writes, GetItem, BatchGetItem. */
let stack: EmulatorStack;
let repository: DynamoImageRepository;
let table: string;

beforeAll(async () => {
  stack = await startEmulatorStack();
  table = (await createApiResources(stack, "repo")).imagesTable;
  repository = new DynamoImageRepository(table, imageTableClient(stack.dynamo));
});

afterAll(async () => {
  await stack?.stop();
});

describe("DynamoImageRepository", () => {
  it("creates a record once and refuses to overwrite it", async () => {
    const record = uploadedRecord("2025-01-31T10:00:00.000Z");
    await repository.createImage(record);
    expect(await repository.getImage(record.imageId)).toEqual(record);
    await expect(repository.createImage({ ...record, originalFileName: "other.png" })).rejects.toBeInstanceOf(
      ImageAlreadyExistsError,
    );
    expect((await repository.getImage(record.imageId))?.originalFileName).toBe("chelsea.png");
  });

  it("reads records with BatchGetItem in the order asked, leaving out ids without one", async () => {
    const records = [
      processedRecord("2025-01-31T10:01:00.000Z"),
      failedRecord("2025-01-31T10:02:00.000Z"),
      uploadedRecord("2025-01-31T10:03:00.000Z"),
    ];
    for (const record of records) {
      for (const item of [toImageItem(record), ...labelItems(record)]) {
        await stack.db.send(new PutCommand({ TableName: table, Item: item }));
      }
    }
    const missing = uploadedRecord("2025-01-31T10:04:00.000Z").imageId;
    const asked = [
      records[2]!.imageId,
      missing,
      records[0]!.imageId,
      records[1]!.imageId,
      records[2]!.imageId,
    ];
    const found = await repository.getImages(asked);
    expect(found).toEqual([records[2], records[0], records[1]]);
    expect(await repository.getImages([])).toEqual([]);
  });

  it("answers undefined for an id without a record", async () => {
    expect(await repository.getImage(uploadedRecord("2025-01-31T10:05:00.000Z").imageId)).toBeUndefined();
  });
});
