import { labelCountKey } from "@darkroom/image-record";
import { describe, expect, it } from "vitest";
import { LabelsService } from "../src/labels/labels.service.ts";
import { FakeImageTable } from "./support/fakes.ts";
import { recordAt } from "./support/records.ts";

const START = Date.parse("2025-03-01T00:00:00.000Z");
const at = (minute: number) => new Date(START + minute * 60_000);

/** Images labelled as given, written as the processor writes them (label items and counts). */
async function tableWith(labelSets: string[][]): Promise<FakeImageTable> {
  const table = new FakeImageTable();
  for (const [i, labels] of labelSets.entries())
    await table.putImage(recordAt("PROCESSED", at(i), { labels }));
  return table;
}

describe("LabelsService", () => {
  it("lists the top labels by count, then by label, with the number of labels", async () => {
    const table = await tableWith([
      ["Cat", "Pet", "Animal"],
      ["Cat", "Animal"],
      ["Dog", "Pet", "Animal"],
      ["Beach"],
    ]);
    const labels = new LabelsService(table);
    expect(await labels.top(50)).toEqual({
      labels: [
        { label: "Animal", count: 3 },
        { label: "Cat", count: 2 },
        { label: "Pet", count: 2 },
        { label: "Beach", count: 1 },
        { label: "Dog", count: 1 },
      ],
      total: 5,
    });
    expect(await labels.top(2)).toEqual({
      labels: [
        { label: "Animal", count: 3 },
        { label: "Cat", count: 2 },
      ],
      total: 5,
    });
  });

  it("reads the counts the writes keep: re-labelling and deleting move them, a count at 0 is not listed", async () => {
    const table = new FakeImageTable();
    const labels = new LabelsService(table);
    const cat = recordAt("PROCESSED", at(0), { labels: ["Cat"] });
    const catPet = recordAt("PROCESSED", at(1), { labels: ["Cat", "Pet"] });
    for (const record of [cat, catPet]) await table.putImage(record);
    const relabelled = recordAt("PROCESSED", at(1), { labels: ["Dog", "Cat"] });
    if (relabelled.status !== "PROCESSED" || catPet.status !== "PROCESSED") throw new Error("fixture");
    await table.putImage({ ...catPet, labels: relabelled.labels });
    expect(await labels.top(10)).toEqual({
      labels: [
        { label: "Cat", count: 2 },
        { label: "Dog", count: 1 },
      ],
      total: 2,
    });
    await table.deleteImage(cat.imageId);
    expect((await labels.top(10)).labels).toEqual([
      { label: "Cat", count: 1 },
      { label: "Dog", count: 1 },
    ]);
    await table.deleteImage(catPet.imageId);
    expect(await labels.top(10)).toEqual({ labels: [], total: 0 });
  });

  it("recounts from the label items: wrong, missing and stale counts set right, and says what it read", async () => {
    const table = await tableWith([["Cat", "Pet"], ["Cat"], ["Beach"]]);
    const labels = new LabelsService(table);
    const counts = await table.labelCounts();
    // As on a table written before counts existed, or by hand: one wrong, one gone, one stale,
    // and one at 0 (right, but tidied away).
    await table.setLabelCounts(
      [
        { ...counts.find((c) => c.label === "cat")!, count: 7 },
        { label: "dog", name: "Dog", count: 3 },
        { label: "owl", name: "Owl", count: 0 },
      ],
      ["beach"],
    );
    const scanned = table.items.size;
    expect(await labels.recount()).toEqual({ labels: 3, labelItems: 4, scannedItems: scanned, corrected: 3 });
    expect(await labels.top(10)).toEqual({
      labels: [
        { label: "Cat", count: 2 },
        { label: "Beach", count: 1 },
        { label: "Pet", count: 1 },
      ],
      total: 3,
    });
    for (const gone of ["dog", "owl"]) {
      expect(table.items.has(`${labelCountKey(gone).pk}\n${labelCountKey(gone).sk}`)).toBe(false);
    }
    expect((await labels.recount()).corrected).toBe(0);
  });
});
