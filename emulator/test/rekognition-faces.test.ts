import { DetectFacesCommand, DetectModerationLabelsCommand } from "@aws-sdk/client-rekognition";
import { beforeAll, describe, expect, it } from "vitest";
import { type Fixture, fixtureJpeg, rekognitionClient } from "./support/rekognition.ts";

const rekognition = rekognitionClient();
const jpegs = {} as Record<Fixture, Buffer>;

beforeAll(async () => {
  for (const name of ["chelsea", "coffee", "astronaut"] as const) jpegs[name] = await fixtureJpeg(name);
});

describe("DetectFaces", () => {
  it("finds exactly one face on the astronaut, boxed around her eyes, nose and mouth", async () => {
    const out = await rekognition.send(new DetectFacesCommand({ Image: { Bytes: jpegs.astronaut } }));
    expect(out.FaceDetails).toHaveLength(1);
    const face = out.FaceDetails![0]!;
    const { Left = 0, Top = 0, Width = 0, Height = 0 } = face.BoundingBox!;
    // A face, not the whole portrait: a fraction of the picture, in its upper half.
    expect(Width * Height).toBeLessThan(0.25);
    expect(Top + Height / 2).toBeLessThan(0.5);
    expect(face.Landmarks?.map((l) => l.Type).sort()).toEqual([
      "eyeLeft",
      "eyeRight",
      "mouthLeft",
      "mouthRight",
      "nose",
    ]);
    for (const landmark of face.Landmarks!) {
      expect(landmark.X).toBeGreaterThan(Left);
      expect(landmark.X).toBeLessThan(Left + Width);
      expect(landmark.Y).toBeGreaterThan(Top);
      expect(landmark.Y).toBeLessThan(Top + Height);
    }
    const eyeLeft = face.Landmarks!.find((l) => l.Type === "eyeLeft")!;
    const eyeRight = face.Landmarks!.find((l) => l.Type === "eyeRight")!;
    expect(eyeLeft.X).toBeLessThan(eyeRight.X!);
    expect(face.Confidence).toBeGreaterThan(60);
    expect(face.Pose).toBeDefined();
    expect(face.Quality?.Brightness).toBeGreaterThan(0);
    // DEFAULT leaves the attribute models' answers out.
    expect(face.AgeRange).toBeUndefined();
    expect(face.Emotions).toBeUndefined();
  });

  it.each(["coffee", "chelsea"] as const)("finds no face on %s", async (name) => {
    const out = await rekognition.send(
      new DetectFacesCommand({ Image: { Bytes: jpegs[name] }, Attributes: ["ALL"] }),
    );
    expect(out.FaceDetails).toEqual([]);
  });

  it("adds what the face models estimate with ALL, and leaves out what no model gives", async () => {
    const out = await rekognition.send(
      new DetectFacesCommand({ Image: { Bytes: jpegs.astronaut }, Attributes: ["ALL"] }),
    );
    const face = out.FaceDetails![0]!;
    expect(face.AgeRange!.Low).toBeLessThanOrEqual(face.AgeRange!.High!);
    expect(["Male", "Female"]).toContain(face.Gender?.Value);
    expect(face.Gender!.Confidence).toBeGreaterThanOrEqual(50);
    expect(face.Emotions!.length).toBeGreaterThan(1);
    const confidences = face.Emotions!.map((e) => e.Confidence!);
    expect(confidences).toEqual([...confidences].sort((a, b) => b - a));
    expect(face.EyesOpen?.Value).toBe(true);
    expect(face.Landmarks!.length).toBeGreaterThan(20);
    for (const absent of [
      "Smile",
      "Eyeglasses",
      "Sunglasses",
      "Beard",
      "Mustache",
      "FaceOccluded",
      "EyeDirection",
    ]) {
      expect(face).not.toHaveProperty(absent);
    }
  });
});

describe("DetectModerationLabels", () => {
  it.each(["chelsea", "coffee", "astronaut"] as const)("finds nothing unsafe on %s", async (name) => {
    const out = await rekognition.send(new DetectModerationLabelsCommand({ Image: { Bytes: jpegs[name] } }));
    expect(out.ModerationLabels).toEqual([]);
    expect(out.ModerationModelVersion).toBe("7.0");
  });

  it("names top-level and second-level labels, each child under its parent", async () => {
    const out = await rekognition.send(
      new DetectModerationLabelsCommand({ Image: { Bytes: jpegs.chelsea }, MinConfidence: 0 }),
    );
    const labels = out.ModerationLabels!;
    expect(labels.length).toBeGreaterThan(0);
    for (const label of labels) {
      expect([1, 2]).toContain(label.TaxonomyLevel);
      if (label.TaxonomyLevel === 1) expect(label.ParentName).toBe("");
      else expect(labels.some((l) => l.Name === label.ParentName && l.TaxonomyLevel === 1)).toBe(true);
    }
  });
});
