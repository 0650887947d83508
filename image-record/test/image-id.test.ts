import { describe, expect, it } from "vitest";
import { imageIdTimestamp, isImageId, newImageId } from "../src/index.ts";

describe("image ids", () => {
  it("are canonical ULIDs that encode their creation time", () => {
    const now = Date.parse("2025-01-31T12:00:00.000Z");
    const id = newImageId(now);
    expect(isImageId(id), id).toBe(true);
    expect(imageIdTimestamp(id)).toBe(now);
  });

  it("sort by creation time and differ within one millisecond", () => {
    const earlier = newImageId(1_700_000_000_000);
    const later = newImageId(1_700_000_000_001);
    expect(earlier < later).toBe(true);
    const same = new Set(Array.from({ length: 1000 }, () => newImageId(1_700_000_000_000)));
    expect(same.size).toBe(1000);
  });

  it("refuses timestamps a ULID cannot hold", () => {
    expect(() => newImageId(-1)).toThrow(RangeError);
    expect(() => newImageId(2 ** 48)).toThrow(RangeError);
    expect(() => newImageId(1.5)).toThrow(RangeError);
  });

  it.each([
    "",
    "01JH8ZK5Q3X7W9M2N4P6R8T0V", // 25 characters
    "01JH8ZK5Q3X7W9M2N4P6R8T0VBB", // 27
    "01jh8zk5q3x7w9m2n4p6r8t0vb", // lower case
    "01JH8ZK5Q3X7W9M2N4P6R8T0VI", // I is not Crockford
    "81JH8ZK5Q3X7W9M2N4P6R8T0VB", // timestamp overflows 48 bits
    "3f2504e0-4f89-11d3-9a0c-0305e82c3301",
  ])("rejects %j", (value) => {
    expect(isImageId(value)).toBe(false);
    expect(() => imageIdTimestamp(value)).toThrow(/invalid image id/);
  });
});
