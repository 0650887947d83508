import * as tf from "@tensorflow/tfjs-core";
import type { Config, Human } from "@vladmandic/human";
import { letterbox } from "./decode.ts";
import { describeFace } from "./face-mesh.ts";
import type { FacesResult, LabelsResult, ModerationResult, ObjectDetection } from "./messages.ts";
import { loadHuman, loadModeration, OBJECT_MIN_SCORE } from "./models.ts";
import { boxesMask, invertMask, type RgbImage, regionStats } from "./region-stats.ts";

const OBJECTS_ONLY: Partial<Config> = { face: { enabled: false }, object: { enabled: true } };
/** Labels use faces for Face, Head and the person's description; emotion and iris are DetectFaces' business. */
const FACES_FOR_LABELS: Partial<Config> = {
  object: { enabled: false },
  face: { enabled: true, emotion: { enabled: false }, iris: { enabled: false } },
};
const FACES_ONLY: Partial<Config> = {
  object: { enabled: false },
  face: { enabled: true, emotion: { enabled: true }, iris: { enabled: true } },
};

async function detect(human: Human, image: RgbImage, config: Partial<Config>) {
  const input = tf.tensor4d(Int32Array.from(image.data), [1, image.height, image.width, 3], "int32");
  try {
    return await human.detect(input, config);
  } finally {
    input.dispose();
  }
}

const clamp01 = (v: number) => Math.min(1, Math.max(0, v));

/** Objects found on the letterboxed square, with boxes mapped back to ratios of the image. */
async function detectObjects(human: Human, image: RgbImage): Promise<ObjectDetection[]> {
  const { square, offsetX, offsetY } = letterbox(image);
  const result = await detect(human, square, OBJECTS_ONLY);
  if (result.error) throw new Error(result.error);
  return result.object
    .filter((o) => o.score >= OBJECT_MIN_SCORE)
    .map((o) => {
      const [x, y, w, h] = o.boxRaw;
      const left = clamp01((x * square.width - offsetX) / image.width);
      const top = clamp01((y * square.height - offsetY) / image.height);
      const right = clamp01(((x + w) * square.width - offsetX) / image.width);
      const bottom = clamp01(((y + h) * square.height - offsetY) / image.height);
      return {
        className: o.label,
        score: o.score,
        box: { left, top, width: right - left, height: bottom - top },
      };
    })
    .filter((o) => o.box.width > 0 && o.box.height > 0);
}

export async function analyseLabels(image: RgbImage, imageProperties: boolean): Promise<LabelsResult> {
  const human = await loadHuman();
  const objects = await detectObjects(human, image);
  const faceResult = await detect(human, image, FACES_FOR_LABELS);
  if (faceResult.error) throw new Error(faceResult.error);
  const faces = faceResult.face.map((f) => describeFace(f, image));
  if (!imageProperties) return { objects, faces };
  for (const o of objects) o.colors = regionStats(image, { box: o.box })?.colors ?? [];
  const whole = regionStats(image, { mask: new Uint8Array(image.width * image.height).fill(1) });
  if (!whole) throw new Error("image has no pixels");
  // The foreground is what the detector found; with nothing found, the image has no foreground.
  const mask = boxesMask(
    image,
    objects.map((o) => o.box),
  );
  const foreground = objects.length ? regionStats(image, { mask }) : undefined;
  const background = objects.length ? regionStats(image, { mask: invertMask(mask) }) : undefined;
  return {
    objects,
    faces,
    properties: {
      whole,
      ...(foreground ? { foreground } : {}),
      ...(background ? { background } : {}),
    },
  };
}

export async function analyseFaces(image: RgbImage): Promise<FacesResult> {
  const human = await loadHuman();
  const result = await detect(human, image, FACES_ONLY);
  if (result.error) throw new Error(result.error);
  return { faces: result.face.map((f) => describeFace(f, image)) };
}

/** nsfwjs's classifier looks at the whole image at 224x224. */
export async function analyseModeration(image: RgbImage): Promise<ModerationResult> {
  const model = await loadModeration();
  const input = tf.tensor3d(Int32Array.from(image.data), [image.height, image.width, 3], "int32");
  try {
    const classes = await model.classify(input, 5);
    return { classes: classes.map((c) => ({ className: c.className, probability: c.probability })) };
  } finally {
    input.dispose();
  }
}
