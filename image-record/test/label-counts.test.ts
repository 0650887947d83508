import { describe, expect, it } from "vitest";
import {
  fromLabelCountItem,
  LABEL_COUNTS_PARTITION,
  labelCountKey,
  labelItems,
  MAX_LABEL_ITEMS,
  toLabelCountItem,
} from "../src/index.ts";
import { processedRecord } from "./fixtures.ts";

describe("label count items", () => {
  it("live in partition LABELS under the label's key, without index keys", () => {
    const item = toLabelCountItem({ label: "sea life", name: "Sea Life", count: 3 });
    expect(item).toEqual({
      pk: "LABELS",
      sk: "LABEL#sea life",
      label: "sea life",
      name: "Sea Life",
      count: 3,
    });
    expect(labelCountKey("sea life")).toEqual({ pk: LABEL_COUNTS_PARTITION, sk: "LABEL#sea life" });
    expect(fromLabelCountItem(item)).toEqual({ label: "sea life", name: "Sea Life", count: 3 });
  });

  it("are refused when read back wrong: key, spelling, count or partition", () => {
    const item = toLabelCountItem({ label: "cat", name: "Cat", count: 2 });
    expect(() => fromLabelCountItem({ ...item, sk: "LABEL#dog" })).toThrow(/holds the label "cat"/);
    expect(() => fromLabelCountItem({ ...item, name: "Dog" })).toThrow(/does not normalise/);
    expect(() => fromLabelCountItem({ ...item, count: 1.5 })).toThrow(/count/);
    expect(() => fromLabelCountItem({ ...item, pk: "IMAGE#x" })).toThrow(/pk/);
    // Below 0 reads (a table older than counts, before a recount), but is never written.
    expect(fromLabelCountItem({ ...item, count: -1 }).count).toBe(-1);
    expect(() => toLabelCountItem({ label: "cat", name: "Cat", count: -1 })).toThrow(/invalid count/);
    expect(() => toLabelCountItem({ label: "dog", name: "Cat", count: 1 })).toThrow(/normalise/);
  });
});

describe("label items of a record with many labels", () => {
  it(`are the ${MAX_LABEL_ITEMS} surest, so their replacement fits one transaction`, () => {
    const labels = Array.from({ length: 40 }, (_, i) => ({
      name: `Label ${i}`,
      confidence: 50 + i,
      parents: [],
      categories: [],
      instances: [],
    }));
    const items = labelItems({ ...processedRecord(), labels });
    expect(items).toHaveLength(MAX_LABEL_ITEMS);
    expect(items.map((item) => item.name)).toEqual(
      Array.from({ length: MAX_LABEL_ITEMS }, (_, i) => `Label ${39 - i}`),
    );
  });
});
