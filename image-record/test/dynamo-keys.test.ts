import { describe, expect, it } from "vitest";
import {
  decodeListCursor,
  encodeListCursor,
  fromImageItem,
  IMAGE_TABLE,
  imageTableKey,
  LIST_PARTITION,
  toImageItem,
} from "../src/index.ts";
import { IMAGE_ID, processedRecord, uploadedRecord } from "./fixtures.ts";

/** Text encoded the way cursors are: base64url without padding. */
function asCursor(text: string): string {
  return Buffer.from(text).toString("base64url");
}

describe("DynamoDB item layout", () => {
  it("keys the table by imageId and adds the list-index attributes", () => {
    const item = toImageItem(processedRecord());
    expect(imageTableKey(IMAGE_ID)).toEqual({ [IMAGE_TABLE.partitionKey]: IMAGE_ID });
    expect(item[IMAGE_TABLE.partitionKey]).toBe(IMAGE_ID);
    expect(item[IMAGE_TABLE.listIndex.partitionKey]).toBe(LIST_PARTITION);
    expect(item[IMAGE_TABLE.listIndex.sortKey]).toBe(`2025-01-31T12:00:00.000Z#${IMAGE_ID}`);
  });

  it("reads back the record it wrote, without the index attributes", () => {
    for (const record of [processedRecord(), uploadedRecord()]) {
      expect(fromImageItem(toImageItem(record))).toEqual(record);
    }
  });

  it("refuses an item that is not a valid record", () => {
    expect(() => fromImageItem({ imageId: IMAGE_ID, status: "processed" })).toThrow(/invalid image record/);
  });

  it("sorts list keys by creation time", () => {
    const older = toImageItem({ ...uploadedRecord(), createdAt: "2025-01-30T23:59:59.999Z" });
    const newer = toImageItem(uploadedRecord());
    expect(older.listSortKey < newer.listSortKey).toBe(true);
  });
});

describe("list cursors", () => {
  const lastKey = () => {
    const { imageId, listPartition, listSortKey } = toImageItem(processedRecord());
    return { imageId, listPartition, listSortKey };
  };

  it("round-trip the LastEvaluatedKey and are URL-safe", () => {
    const cursor = encodeListCursor(lastKey());
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeListCursor(cursor)).toEqual(lastKey());
  });

  it.each([
    "",
    "not base64!",
    "AAAA",
    // Well-formed base64url, so the content checks are what refuses them.
    asCursor("2025-01-31T12:00:00.000Z#not-an-id"),
    asCursor(`2025-13-45T12:00:00.000Z#${IMAGE_ID}`),
    asCursor(`2025-01-31T12:00:00.000Z#${IMAGE_ID}#extra`),
    "A".repeat(200),
  ])("reject %j", (cursor) => {
    expect(decodeListCursor(cursor)).toBeNull();
  });
});
