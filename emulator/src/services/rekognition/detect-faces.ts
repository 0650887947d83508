import { marginConfidence, probabilityConfidence } from "./confidence.ts";
import type { FaceAnalysis } from "./inference/messages.ts";
import { boundingBox } from "./labels/detect-labels.ts";
import type { DetectFacesInput } from "./schemas.ts";

type Attribute = NonNullable<DetectFacesInput["Attributes"]>[number];

/** The landmarks Rekognition returns without ALL. */
const DEFAULT_LANDMARKS = ["eyeLeft", "eyeRight", "mouthLeft", "mouthRight", "nose"];

/** Human's emotion classes as Rekognition names them (the model's "neutral" is Rekognition's CALM). */
const EMOTIONS: Record<string, string> = {
  angry: "ANGRY",
  disgust: "DISGUSTED",
  fear: "FEAR",
  happy: "HAPPY",
  sad: "SAD",
  surprise: "SURPRISED",
  neutral: "CALM",
};

/** Openness (lid or lip gap over the eye or mouth width) above which eyes and mouths count as open. */
const EYES_OPEN_AT = 0.15;
const MOUTH_OPEN_AT = 0.08;

/** A yes/no read off a measurement: confident in proportion to its distance from the threshold. */
function measuredBoolean(value: number, threshold: number) {
  return { Value: value > threshold, Confidence: marginConfidence(Math.abs(value - threshold) / threshold) };
}

/** Estimates are single ages; Rekognition gives a range, wider for older faces. */
function ageRange(age: number) {
  const spread = Math.max(3, age * 0.15);
  return { Low: Math.max(0, Math.floor(age - spread)), High: Math.ceil(age + spread) };
}

const wants = (attributes: Attribute[], attribute: Attribute) =>
  attributes.includes("ALL") || attributes.includes(attribute);

/**
 * Rekognition's FaceDetail for one face: the default set always, the others when asked for
 * and the models give them. Smile, eyeglasses, sunglasses, beard, mustache, occlusion and
 * eye direction have no local model, so they are left out rather than made up.
 */
export function faceDetail(face: FaceAnalysis, attributes: Attribute[]) {
  const all = attributes.includes("ALL");
  const landmarks = Object.entries(face.landmarks)
    .filter(([type]) => all || DEFAULT_LANDMARKS.includes(type))
    .map(([Type, p]) => ({ Type, X: p.x, Y: p.y }));
  return {
    BoundingBox: boundingBox(face.box),
    ...(wants(attributes, "AGE_RANGE") && face.age !== undefined ? { AgeRange: ageRange(face.age) } : {}),
    ...(wants(attributes, "GENDER") && face.gender
      ? {
          Gender: {
            Value: face.gender.value === "male" ? "Male" : "Female",
            Confidence: marginConfidence(face.gender.score),
          },
        }
      : {}),
    ...(wants(attributes, "EYES_OPEN") && face.eyeOpenness !== undefined
      ? { EyesOpen: measuredBoolean(face.eyeOpenness, EYES_OPEN_AT) }
      : {}),
    ...(wants(attributes, "MOUTH_OPEN") && face.mouthOpenness !== undefined
      ? { MouthOpen: measuredBoolean(face.mouthOpenness, MOUTH_OPEN_AT) }
      : {}),
    ...(wants(attributes, "EMOTIONS") && face.emotions
      ? {
          Emotions: face.emotions
            .filter((e) => EMOTIONS[e.emotion] !== undefined)
            .map((e) => ({ Type: EMOTIONS[e.emotion]!, Confidence: probabilityConfidence(e.score) }))
            .sort((a, b) => b.Confidence - a.Confidence),
        }
      : {}),
    Landmarks: landmarks,
    Pose: { Roll: face.pose.roll, Yaw: face.pose.yaw, Pitch: face.pose.pitch },
    Quality: { Brightness: face.quality.brightness, Sharpness: face.quality.sharpness },
    Confidence: probabilityConfidence(face.score),
  };
}

/** Largest faces first, as Rekognition lists them (it returns the 100 largest). */
export function faceDetails(faces: FaceAnalysis[], attributes: Attribute[] = ["DEFAULT"]) {
  return [...faces]
    .sort((a, b) => b.box.width * b.box.height - a.box.width * a.box.height)
    .slice(0, 100)
    .map((face) => faceDetail(face, attributes));
}
