import { describe, expect, it } from "vitest";
import { objectConfidence } from "../src/services/rekognition/confidence.ts";
import type { LabelsResult, ObjectDetection } from "../src/services/rekognition/inference/messages.ts";
import { contextLabels } from "../src/services/rekognition/labels/context-labels.ts";
import { buildLabels } from "../src/services/rekognition/labels/detect-labels.ts";
import { taxonomy } from "../src/services/rekognition/labels/taxonomy.ts";

/**
 * Scene and place labels implied by detected objects. The detections here are hand-made, to pin
 * the arithmetic; which objects the detector finds on real photos is the labels tests' business.
 */
const table = taxonomy();

const detection = (className: string, score: number, left = 0.1): ObjectDetection => ({
  className,
  score,
  box: { left, top: 0.1, width: 0.3, height: 0.3 },
});

const confidenceOf = (objects: ObjectDetection[], name: string) =>
  contextLabels(table, objects).find((c) => c.label.name === name)?.confidence;

describe("context labels", () => {
  it("gives a bed's bedroom the table's share of the bed's confidence", () => {
    const weight = table.cocoContexts("bed").find((c) => c.label.name === "Bedroom")!.weight;
    expect(confidenceOf([detection("bed", 0.5)], "Bedroom")).toBeCloseTo(objectConfidence(0.5) * weight, 6);
  });

  it("is surer of a kitchen with an oven and a refrigerator than with either alone", () => {
    const oven = confidenceOf([detection("oven", 0.4)], "Kitchen")!;
    const fridge = confidenceOf([detection("refrigerator", 0.4)], "Kitchen")!;
    const both = confidenceOf([detection("oven", 0.4), detection("refrigerator", 0.4)], "Kitchen")!;
    expect(both).toBeGreaterThan(Math.max(oven, fridge));
    expect(both).toBeLessThanOrEqual(100);
  });

  it("counts a class once, by its most confident detection", () => {
    const one = confidenceOf([detection("bed", 0.5)], "Bedroom");
    const two = confidenceOf([detection("bed", 0.5), detection("bed", 0.3, 0.5)], "Bedroom");
    expect(two).toBe(one);
  });

  it("implies nothing for objects that say nothing about the place", () => {
    expect(contextLabels(table, [detection("cat", 0.6), detection("cup", 0.6)])).toEqual([]);
  });

  it("answers them as image-level labels with ancestors, no instances, and MinConfidence applied", () => {
    const result: LabelsResult = { objects: [detection("bed", 0.5)], faces: [] };
    const query = { minConfidence: 55, generalLabels: true, imageProperties: false, maxDominantColors: 10 };
    const labels = buildLabels(table, result, query);
    const bedroom = labels.find((l) => l.Name === "Bedroom")!;
    expect(bedroom.Instances).toEqual([]);
    expect(bedroom.Parents.map((p) => p.Name)).toEqual(["Room", "Indoors"]);
    expect(bedroom.Categories.map((c) => c.Name)).toEqual(["Home and Indoors"]);
    expect(labels.map((l) => l.Name)).toEqual(expect.arrayContaining(["Bed", "Room", "Indoors"]));
    // Below its evidence: raising MinConfidence past the context keeps the bed and drops the room.
    const strict = buildLabels(table, result, { ...query, minConfidence: bedroom.Confidence + 0.01 });
    expect(strict.map((l) => l.Name)).toContain("Bed");
    expect(strict.map((l) => l.Name)).not.toContain("Bedroom");
  });
});
