import { DynamoDBClient, TransactionCanceledException } from "@aws-sdk/client-dynamodb";
import { PutCommand, TransactWriteCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { type ImageRecord, labelCountKey, labelItems, toImageItem } from "@darkroom/image-record";
import {
  imageTableClient,
  labelItemWrites,
  readLabelCounts,
  storedLabels,
} from "@darkroom/image-record/dynamodb";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { createImageTable } from "../../../lambdas/processor/test/support/emulator.ts";
import { emulatorClient } from "../../../lambdas/test/support/emulator-clients.ts";
import { LabelsService } from "../src/labels/labels.service.ts";
import { DynamoImageTable } from "../src/repositories/dynamodb-image-table.ts";
import { recordAt } from "./support/records.ts";

/** The admin's image table against the emulator's DynamoDB: label items and their counts. */
const client = emulatorClient(DynamoDBClient, inject("emulatorUrl"));
const documents = imageTableClient(client);
const START = Date.parse("2025-03-01T00:00:00.000Z");
let minute = 0;
const processed = (labels: string[]) =>
  recordAt("PROCESSED", new Date(START + minute++ * 60_000), { labels });

/** A table of its own per test: counts are per table. */
async function freshTable(): Promise<{ name: string; table: DynamoImageTable }> {
  const name = await createImageTable(client);
  return { name, table: new DynamoImageTable(name, documents) };
}

async function counts(name: string): Promise<Record<string, number>> {
  return Object.fromEntries((await readLabelCounts(documents, name)).map((c) => [c.label, c.count]));
}

describe("DynamoImageTable: label items and their counts", () => {
  let name: string;
  let table: DynamoImageTable;
  beforeAll(async () => {
    ({ name, table } = await freshTable());
  });

  it("writes the counts with the label items, and moves them when the labels change", async () => {
    const cat = processed(["Cat", "Pet"]);
    await table.putImage(cat);
    await table.putImage(processed(["Cat"]));
    expect(await counts(name)).toEqual({ cat: 2, pet: 1 });
    if (cat.status !== "PROCESSED") throw new Error("fixture");
    const dog = processed(["Dog", "Pet"]);
    if (dog.status !== "PROCESSED") throw new Error("fixture");
    await table.putImage({ ...cat, labels: dog.labels });
    expect(await counts(name)).toEqual({ cat: 1, pet: 1, dog: 1 });
    await table.putImage({ ...cat, labels: dog.labels });
    expect(await counts(name)).toEqual({ cat: 1, pet: 1, dog: 1 });
  });

  it("takes a deleted image off its labels once, even when two deletes run at once", async () => {
    const gone = processed(["Owl", "Bird"]);
    const kept = processed(["Owl"]);
    const twice = processed(["Owl"]);
    for (const record of [gone, kept, twice]) await table.putImage(record);
    // What a second delete sends when it read the labels before the first one wrote.
    const staleRead = await storedLabels(documents, name, gone.imageId);
    await table.deleteImage(gone.imageId);
    const late = labelItemWrites(name, gone.imageId, [], staleRead);
    const refused = await documents.send(new TransactWriteCommand({ TransactItems: late })).catch((e) => e);
    expect(refused).toBeInstanceOf(TransactionCanceledException);
    expect(await table.getImage(gone.imageId)).toBeUndefined();
    expect(await storedLabels(documents, name, gone.imageId)).toEqual([]);
    expect(await counts(name)).toMatchObject({ owl: 2, bird: 0 });

    await Promise.all([table.deleteImage(twice.imageId), table.deleteImage(twice.imageId)]);
    await table.deleteImage(twice.imageId);
    expect(await counts(name)).toMatchObject({ owl: 1, bird: 0 });
  });
});

describe("DynamoImageTable on a table written before counts existed", () => {
  /** An image with label items for every one of `names`, written item by item without counts. */
  async function legacyImage(name: string, names: string[]): Promise<ImageRecord> {
    const record = processed(names.slice(0, 1));
    if (record.status !== "PROCESSED") throw new Error("fixture");
    await documents.send(new PutCommand({ TableName: name, Item: toImageItem(record) }));
    // labelItems takes 24 at most; earlier writers took up to 100: write them in slices.
    for (let i = 0; i < names.length; i += 20) {
      const labels = names
        .slice(i, i + 20)
        .map((label) => ({ name: label, confidence: 90, parents: [], categories: [], instances: [] }));
      const slice = { ...record, labels };
      for (const item of labelItems(slice))
        await documents.send(new PutCommand({ TableName: name, Item: item }));
    }
    return record;
  }

  it("recounts from the label items with a Scan, then deletes an image of 60 labels in several transactions", async () => {
    const { name, table } = await freshTable();
    const many = Array.from({ length: 60 }, (_, i) => `Thing ${i}`);
    const big = await legacyImage(name, many);
    await legacyImage(name, ["Thing 0", "Lamp"]);
    // One count already there, and wrong.
    await documents.send(
      new UpdateCommand({
        TableName: name,
        Key: labelCountKey("lamp"),
        UpdateExpression: "SET #count = :n, #label = :label, #name = :name",
        ExpressionAttributeNames: { "#count": "count", "#label": "label", "#name": "name" },
        ExpressionAttributeValues: { ":n": 9, ":label": "lamp", ":name": "Lamp" },
      }),
    );
    expect(await storedLabels(documents, name, big.imageId)).toHaveLength(60);

    const recount = await new LabelsService(table).recount();
    // 2 image items + 62 label items + 1 count item read; 61 labels.
    expect(recount).toEqual({ labels: 61, labelItems: 62, scannedItems: 65, corrected: 61 });
    expect(await counts(name)).toMatchObject({ "thing 0": 2, "thing 59": 1, lamp: 1 });

    await table.deleteImage(big.imageId);
    expect(await table.getImage(big.imageId)).toBeUndefined();
    expect(await storedLabels(documents, name, big.imageId)).toEqual([]);
    const after = await counts(name);
    expect(after).toMatchObject({ "thing 0": 1, "thing 59": 0, lamp: 1 });
    expect(Object.values(after).reduce((sum, n) => sum + n, 0)).toBe(2);
  });
});
