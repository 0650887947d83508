import { DetectLabelsCommand, type DetectLabelsCommandOutput, type Image } from "@aws-sdk/client-rekognition";
import { beforeAll, describe, expect, it } from "vitest";
import {
  bucketWith,
  type Fixture,
  fixtureJpeg,
  labelNames,
  rekognitionClient,
} from "./support/rekognition.ts";

/** What a person would call each fixture, and the label that must say so among the top five. */
const EXPECTED: Record<Fixture, string[]> = {
  chelsea: ["Cat"],
  coffee: ["Cup", "Coffee Cup"],
  astronaut: ["Person"],
};
const FIXTURES = Object.keys(EXPECTED) as Fixture[];

const rekognition = rekognitionClient();
const jpegs = {} as Record<Fixture, Buffer>;
let bucket = "";

beforeAll(async () => {
  for (const name of FIXTURES) jpegs[name] = await fixtureJpeg(name);
  bucket = await bucketWith(Object.fromEntries(FIXTURES.map((n) => [`${n}.jpg`, jpegs[n]])));
});

function expectBoxInside(box: { Left?: number; Top?: number; Width?: number; Height?: number } | undefined) {
  const { Left = -1, Top = -1, Width = 0, Height = 0 } = box ?? {};
  expect(Left).toBeGreaterThanOrEqual(0);
  expect(Top).toBeGreaterThanOrEqual(0);
  expect(Width).toBeGreaterThan(0);
  expect(Height).toBeGreaterThan(0);
  expect(Left + Width).toBeLessThanOrEqual(1.0001);
  expect(Top + Height).toBeLessThanOrEqual(1.0001);
}

const sources: Array<[string, (name: Fixture) => Image]> = [
  ["JPEG bytes", (name) => ({ Bytes: jpegs[name] })],
  ["S3Object", (name) => ({ S3Object: { Bucket: bucket, Name: `${name}.jpg` } })],
];

describe.each(sources)("DetectLabels from %s", (_, image) => {
  it.each(FIXTURES)("names %s among the top five labels, with boxes inside the image", async (name) => {
    const minConfidence = 60;
    const out = await rekognition.send(
      new DetectLabelsCommand({ Image: image(name), MinConfidence: minConfidence }),
    );
    const top5 = labelNames(out.Labels).slice(0, 5);
    expect(
      top5.some((l) => EXPECTED[name].includes(l!)),
      `top five: ${top5.join(", ")}`,
    ).toBe(true);
    const found = out.Labels!.find((l) => EXPECTED[name].includes(l.Name!))!;
    expect(found.Instances?.length).toBeGreaterThan(0);
    for (const instance of found.Instances!) {
      expectBoxInside(instance.BoundingBox);
      expect(instance.Confidence).toBeGreaterThanOrEqual(minConfidence);
    }
    for (const label of out.Labels!) {
      expect(label.Confidence).toBeGreaterThanOrEqual(minConfidence);
      expect(label.Confidence).toBeLessThanOrEqual(100);
      expect(label.Categories?.length).toBeGreaterThan(0);
    }
    expect(out.LabelModelVersion).toBe("3.0");
  });
});

describe("DetectLabels taxonomy and options", () => {
  let cat: DetectLabelsCommandOutput;
  beforeAll(async () => {
    cat = await rekognition.send(new DetectLabelsCommand({ Image: { Bytes: jpegs.chelsea } }));
  });

  it("gives Cat its ancestors as parents and labels, in category Animals and Pets", () => {
    const label = cat.Labels!.find((l) => l.Name === "Cat")!;
    expect(label.Parents?.map((p) => p.Name)).toEqual(expect.arrayContaining(["Animal", "Mammal", "Pet"]));
    expect(label.Categories?.map((c) => c.Name)).toEqual(["Animals and Pets"]);
    expect(labelNames(cat.Labels)).toEqual(expect.arrayContaining(["Animal", "Mammal", "Pet"]));
    // Ancestors carry no boxes of their own.
    expect(cat.Labels!.find((l) => l.Name === "Animal")!.Instances).toEqual([]);
  });

  it("keeps the most confident labels up to MaxLabels", async () => {
    const out = await rekognition.send(
      new DetectLabelsCommand({ Image: { Bytes: jpegs.chelsea }, MaxLabels: 2 }),
    );
    expect(labelNames(out.Labels)).toEqual(labelNames(cat.Labels).slice(0, 2));
  });

  it("applies label and category filters", async () => {
    const included = await rekognition.send(
      new DetectLabelsCommand({
        Image: { Bytes: jpegs.chelsea },
        Settings: { GeneralLabels: { LabelInclusionFilters: ["Cat"] } },
      }),
    );
    expect(labelNames(included.Labels)).toEqual(["Cat"]);
    const excluded = await rekognition.send(
      new DetectLabelsCommand({
        Image: { Bytes: jpegs.chelsea },
        Settings: { GeneralLabels: { LabelCategoryExclusionFilters: ["Animals and Pets"] } },
      }),
    );
    for (const label of excluded.Labels ?? []) {
      expect(label.Categories?.map((c) => c.Name)).not.toContain("Animals and Pets");
    }
  });

  it("describes the person on the astronaut photo from the face models", async () => {
    const out = await rekognition.send(new DetectLabelsCommand({ Image: { Bytes: jpegs.astronaut } }));
    expect(labelNames(out.Labels)).toEqual(expect.arrayContaining(["Person", "Face", "Head"]));
    expect(out.Labels!.find((l) => l.Name === "Face")!.Parents?.map((p) => p.Name)).toEqual([
      "Head",
      "Person",
    ]);
  });

  it("measures image properties only when asked, with colours summing to at most 100%", async () => {
    expect(cat.ImageProperties).toBeUndefined();
    const out = await rekognition.send(
      new DetectLabelsCommand({
        Image: { Bytes: jpegs.coffee },
        Features: ["GENERAL_LABELS", "IMAGE_PROPERTIES"],
        Settings: { ImageProperties: { MaxDominantColors: 5 } },
      }),
    );
    const props = out.ImageProperties!;
    for (const v of [props.Quality!.Brightness!, props.Quality!.Sharpness!, props.Quality!.Contrast!]) {
      expect(v).toBeGreaterThanOrEqual(0);
      expect(v).toBeLessThanOrEqual(100);
    }
    expect(props.DominantColors!.length).toBeGreaterThan(0);
    expect(props.DominantColors!.length).toBeLessThanOrEqual(5);
    const total = props.DominantColors!.reduce((s, c) => s + c.PixelPercent!, 0);
    expect(total).toBeLessThanOrEqual(100.01);
    for (const color of props.DominantColors!) {
      expect(color.HexCode).toMatch(/^#[0-9A-F]{6}$/);
      expect(color.SimplifiedColor).toMatch(/^[a-z]+$/);
    }
    expect(props.Foreground?.DominantColors?.length).toBeGreaterThan(0);
    expect(props.Background?.Quality?.Brightness).toBeGreaterThanOrEqual(0);
    const cup = out.Labels!.find((l) => l.Name === "Cup")!;
    expect(cup.Instances![0]!.DominantColors!.length).toBeGreaterThan(0);
  });

  it("answers only image properties when only they are asked for", async () => {
    const out = await rekognition.send(
      new DetectLabelsCommand({ Image: { Bytes: jpegs.coffee }, Features: ["IMAGE_PROPERTIES"] }),
    );
    expect(out.Labels).toBeUndefined();
    expect(out.ImageProperties?.DominantColors?.length).toBeGreaterThan(0);
  });
});
