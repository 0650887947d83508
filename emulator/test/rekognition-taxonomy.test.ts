import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { Taxonomy, taxonomy } from "../src/services/rekognition/labels/taxonomy.ts";

/** The 80 COCO classes the object detector (Human's CenterNet) names. */
const COCO_CLASSES = [
  "person",
  "bicycle",
  "car",
  "motorcycle",
  "airplane",
  "bus",
  "train",
  "truck",
  "boat",
  "traffic light",
  "fire hydrant",
  "stop sign",
  "parking meter",
  "bench",
  "bird",
  "cat",
  "dog",
  "horse",
  "sheep",
  "cow",
  "elephant",
  "bear",
  "zebra",
  "giraffe",
  "backpack",
  "umbrella",
  "handbag",
  "tie",
  "suitcase",
  "frisbee",
  "skis",
  "snowboard",
  "sports ball",
  "kite",
  "baseball bat",
  "baseball glove",
  "skateboard",
  "surfboard",
  "tennis racket",
  "bottle",
  "wine glass",
  "cup",
  "fork",
  "knife",
  "spoon",
  "bowl",
  "banana",
  "apple",
  "sandwich",
  "orange",
  "broccoli",
  "carrot",
  "hot dog",
  "pizza",
  "donut",
  "cake",
  "chair",
  "couch",
  "potted plant",
  "bed",
  "dining table",
  "toilet",
  "tv",
  "laptop",
  "mouse",
  "remote",
  "keyboard",
  "cell phone",
  "microwave",
  "oven",
  "toaster",
  "sink",
  "refrigerator",
  "book",
  "clock",
  "vase",
  "scissors",
  "teddy bear",
  "hair drier",
  "toothbrush",
];

const raw = JSON.parse(
  readFileSync(new URL("../src/services/rekognition/labels/taxonomy.json", import.meta.url), "utf8"),
) as {
  labels: Record<string, unknown>;
  models: { coco: Record<string, string>; cocoContexts: Record<string, Record<string, number>> };
};

describe("Rekognition label taxonomy", () => {
  const table = taxonomy();

  it("maps every COCO class the detector can name", () => {
    expect(COCO_CLASSES).toHaveLength(80);
    expect(table.cocoClasses().sort()).toEqual([...COCO_CLASSES].sort());
    for (const cls of COCO_CLASSES) expect(table.cocoLabel(cls), cls).toBeDefined();
  });

  it("names labels in Rekognition's Title Case, each with a category", () => {
    for (const name of table.names()) {
      expect(name, name).toMatch(/^([A-Z][a-z]*|TV)( [A-Z][a-z]*)*$/);
      expect(table.label(name).categories.length, name).toBeGreaterThan(0);
    }
  });

  it("gives every label all its ancestors, nearest first", () => {
    expect(table.cocoLabel("cat")!.ancestors).toEqual(["Mammal", "Pet", "Animal"]);
    expect(table.cocoLabel("cell phone")!.name).toBe("Mobile Phone");
    expect(table.label("Woman").ancestors).toEqual(["Adult", "Female", "Person"]);
    for (const name of table.names()) {
      for (const ancestor of table.label(name).ancestors) expect(table.names()).toContain(ancestor);
    }
  });

  it("implies scenes and places only from COCO classes, with labels from the table", () => {
    const contexts = raw.models.cocoContexts;
    expect(Object.keys(contexts).length).toBeGreaterThan(0);
    for (const [cls, implied] of Object.entries(contexts)) {
      expect(COCO_CLASSES, cls).toContain(cls);
      for (const { label, weight } of table.cocoContexts(cls)) {
        expect(Object.keys(implied)).toContain(label.name);
        expect(weight).toBeGreaterThan(0);
        expect(weight).toBeLessThanOrEqual(1);
      }
    }
    expect(table.cocoContexts("bed").map((c) => c.label.name)).toEqual(["Bedroom"]);
    expect(table.label("Bedroom").ancestors).toEqual(["Room", "Indoors"]);
  });

  it("refuses a table whose parents or classes name unknown labels", () => {
    const broken = structuredClone(raw);
    broken.models.coco.cat = "Kitty";
    expect(() => new Taxonomy(broken)).toThrow(/unknown label Kitty/);
    const orphan = structuredClone(raw);
    orphan.labels.Cat = { parents: ["Feline"], aliases: [], categories: ["Animals and Pets"] };
    expect(() => new Taxonomy(orphan)).toThrow(/parent Feline/);
    const place = structuredClone(raw);
    place.models.cocoContexts.bed = { "Guest Room": 0.9 };
    expect(() => new Taxonomy(place)).toThrow(/implies unknown label Guest Room/);
    const stranger = structuredClone(raw);
    stranger.models.cocoContexts.hammock = { Outdoors: 0.9 };
    expect(() => new Taxonomy(stranger)).toThrow(/hammock is not a COCO class/);
  });
});
