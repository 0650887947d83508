import { describe, expect, it } from "vitest";
import {
  fromImageItem,
  fromLabelItem,
  IMAGE_TABLE_LAYOUT,
  imageItemKey,
  labelItems,
  TABLE_ATTRIBUTES,
  TABLE_INDEXES,
  toImageItem,
} from "../src/index.ts";
import { failedRecord, IMAGE_ID, processedRecord, processingRecord, uploadedRecord } from "./fixtures.ts";

const KEY = `2025-01-31T12:00:00.000Z#${IMAGE_ID}`;

describe("table layout", () => {
  it("describes the table the infrastructure creates: generic string keys, three GSIs projecting ALL", () => {
    expect(IMAGE_TABLE_LAYOUT).toEqual({
      hashKey: "pk",
      rangeKey: "sk",
      attributes: ["pk", "sk", "gsi1pk", "gsi1sk", "gsi2pk", "gsi2sk", "gsi3pk", "gsi3sk"].map((name) => ({
        name,
        type: "S",
      })),
      globalSecondaryIndexes: [
        { name: "gsi1", hashKey: "gsi1pk", rangeKey: "gsi1sk", projectionType: "ALL" },
        { name: "gsi2", hashKey: "gsi2pk", rangeKey: "gsi2sk", projectionType: "ALL" },
        { name: "gsi3", hashKey: "gsi3pk", rangeKey: "gsi3sk", projectionType: "ALL" },
      ],
    });
  });

  it("defines every key attribute it uses, and only those", () => {
    const used = [
      IMAGE_TABLE_LAYOUT.hashKey,
      IMAGE_TABLE_LAYOUT.rangeKey,
      ...IMAGE_TABLE_LAYOUT.globalSecondaryIndexes.flatMap((i) => [i.hashKey, i.rangeKey]),
    ];
    expect(IMAGE_TABLE_LAYOUT.attributes.map((a) => a.name).sort()).toEqual([...new Set(used)].sort());
    expect(Object.values(TABLE_INDEXES)).toEqual(
      IMAGE_TABLE_LAYOUT.globalSecondaryIndexes.map((i) => i.name),
    );
  });
});

describe("image items", () => {
  it("key the image by id and file it in the all-images and by-status indexes", () => {
    const item = toImageItem(processedRecord());
    expect(imageItemKey(IMAGE_ID)).toEqual({ pk: `IMAGE#${IMAGE_ID}`, sk: "IMAGE" });
    expect(item).toMatchObject({
      pk: `IMAGE#${IMAGE_ID}`,
      sk: "IMAGE",
      gsi1pk: "IMAGES",
      gsi1sk: KEY,
      gsi2pk: "STATUS#PROCESSED",
      gsi2sk: KEY,
    });
    expect(toImageItem(failedRecord()).gsi2pk).toBe("STATUS#FAILED");
  });

  it("file images with a known format in the sparse by-format index", () => {
    expect(toImageItem(processedRecord())).toMatchObject({ gsi3pk: "FORMAT#jpeg", gsi3sk: KEY });
    for (const record of [uploadedRecord(), processingRecord()]) {
      expect(toImageItem(record)).not.toHaveProperty(TABLE_ATTRIBUTES.gsi3pk);
    }
    const { format: _, ...undetected } = failedRecord();
    expect(toImageItem(undetected)).not.toHaveProperty(TABLE_ATTRIBUTES.gsi3pk);
  });

  it("read items written before the format index, but not a wrong format key", () => {
    const { gsi3pk: _pk, gsi3sk: _sk, ...older } = toImageItem(processedRecord());
    expect(fromImageItem(older)).toEqual(processedRecord());
    expect(() => fromImageItem({ ...toImageItem(processedRecord()), gsi3pk: "FORMAT#png" })).toThrow(
      /has gsi3pk "FORMAT#png", but its record needs "FORMAT#jpeg"/,
    );
  });

  it("round-trip every status, the keys dropped on the way back", () => {
    for (const record of [uploadedRecord(), processingRecord(), processedRecord(), failedRecord()]) {
      const item = toImageItem(record);
      expect(fromImageItem(item), record.status).toEqual(record);
      expect(Object.keys(fromImageItem(item))).not.toContain(TABLE_ATTRIBUTES.gsi2pk);
    }
  });

  it("sort newest last as text, so ScanIndexForward=false lists newest first", () => {
    const at = (createdAt: string) =>
      toImageItem({ ...uploadedRecord(), createdAt, updatedAt: createdAt }).gsi1sk;
    expect(at("2025-01-31T12:00:00.000Z") < at("2025-01-31T12:00:00.500Z")).toBe(true);
    expect(at("2025-01-31T12:00:00.500Z") < at("2025-01-31T12:00:01.000Z")).toBe(true);
    expect(at("2024-12-31T23:59:59.999Z") < at("2025-01-01T00:00:00.000Z")).toBe(true);
  });

  it("refuse to write an invalid record", () => {
    expect(() => toImageItem({ ...processingRecord(), attempts: 0 })).toThrow(/at attempts/);
  });

  it("refuse on read an invalid record, a label item, or keys the record does not match", () => {
    const item = toImageItem(processedRecord());
    expect(() => fromImageItem({ ...item, width: -1 })).toThrow(/invalid image record/);
    expect(() => fromImageItem(labelItems(processedRecord())[0]!)).toThrow(/not an image item/);
    // A status changed by UpdateItem without its index key would file the image under the old status.
    expect(() =>
      fromImageItem({ ...item, status: "FAILED", failure: { code: "TIMEOUT", message: "x" } }),
    ).toThrow(
      'image item 01JH8ZK5Q3X7W9M2N4P6R8T0VB has gsi2pk "STATUS#PROCESSED", but its record needs "STATUS#FAILED"',
    );
    expect(() => fromImageItem({ ...item, pk: "IMAGE#01JH8ZK5Q3X7W9M2N4P6R8T0VC" })).toThrow(/has pk/);
  });
});

describe("label items", () => {
  it("are one per label of a PROCESSED image, filed by normalised label, newest first", () => {
    expect(labelItems(processedRecord())).toEqual([
      {
        pk: `IMAGE#${IMAGE_ID}`,
        sk: "LABEL#beach",
        gsi1pk: "LABEL#beach",
        gsi1sk: KEY,
        imageId: IMAGE_ID,
        label: "beach",
        name: "Beach",
        confidence: 98.2,
        createdAt: "2025-01-31T12:00:00.000Z",
      },
      {
        pk: `IMAGE#${IMAGE_ID}`,
        sk: "LABEL#person",
        gsi1pk: "LABEL#person",
        gsi1sk: KEY,
        imageId: IMAGE_ID,
        label: "person",
        name: "Person",
        confidence: 95.1,
        createdAt: "2025-01-31T12:00:00.000Z",
      },
    ]);
  });

  it("stay out of the status index", () => {
    for (const item of labelItems(processedRecord()))
      expect(item).not.toHaveProperty(TABLE_ATTRIBUTES.gsi2pk);
  });

  it("do not exist before processing, after a failure or when labelling failed", () => {
    expect(labelItems(uploadedRecord())).toEqual([]);
    expect(labelItems(processingRecord())).toEqual([]);
    expect(labelItems(failedRecord())).toEqual([]);
    const unlabelled = { ...processedRecord(), labels: [], labelsError: { code: "TIMEOUT", message: "5 s" } };
    expect(labelItems(unlabelled)).toEqual([]);
  });

  it("read back validated, their keys checked against their content", () => {
    const [beach] = labelItems(processedRecord());
    expect(fromLabelItem({ ...beach! })).toEqual(beach);
    expect(() => fromLabelItem({ ...beach!, confidence: 120 })).toThrow(/invalid label item/);
    expect(() => fromLabelItem({ ...beach!, gsi1pk: "LABEL#sea" })).toThrow(
      /has gsi1pk "LABEL#sea", not "LABEL#beach"/,
    );
    expect(() => fromLabelItem({ ...beach!, name: "Sea" })).toThrow(/"Sea" does not normalise to "beach"/);
  });
});
