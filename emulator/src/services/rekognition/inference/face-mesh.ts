import type { FaceResult } from "@vladmandic/human";
import type { FaceAnalysis } from "./messages.ts";
import type { RgbImage } from "./region-stats.ts";
import { regionStats } from "./region-stats.ts";

/**
 * Rekognition's landmark types as points of MediaPipe's 468-point face mesh (plus the two iris
 * centres, 468 and 473, when the iris model ran). "Left" is the image's left, as in
 * Rekognition's answers, so eyeLeft is the subject's right eye.
 */
const LANDMARK_POINTS: Record<string, number> = {
  eyeLeft: 468,
  eyeRight: 473,
  leftPupil: 468,
  rightPupil: 473,
  nose: 1,
  mouthLeft: 61,
  mouthRight: 291,
  mouthUp: 0,
  mouthDown: 17,
  leftEyeBrowLeft: 70,
  leftEyeBrowUp: 105,
  leftEyeBrowRight: 107,
  rightEyeBrowLeft: 336,
  rightEyeBrowUp: 334,
  rightEyeBrowRight: 300,
  leftEyeLeft: 33,
  leftEyeRight: 133,
  leftEyeUp: 159,
  leftEyeDown: 145,
  rightEyeLeft: 362,
  rightEyeRight: 263,
  rightEyeUp: 386,
  rightEyeDown: 374,
  noseLeft: 129,
  noseRight: 358,
  upperJawlineLeft: 234,
  midJawlineLeft: 172,
  chinBottom: 152,
  midJawlineRight: 397,
  upperJawlineRight: 454,
};

/** Eye centres when there is no iris: the midpoint of the eye corners. */
const EYE_CORNERS: Record<string, [number, number]> = {
  eyeLeft: [33, 133],
  leftPupil: [33, 133],
  eyeRight: [362, 263],
  rightPupil: [362, 263],
};

const toDegrees = (radians: number) => (radians * 180) / Math.PI;

type Mesh = FaceResult["mesh"];

function distance(mesh: Mesh, a: number, b: number): number {
  const p = mesh[a];
  const q = mesh[b];
  if (!p || !q) return 0;
  return Math.hypot(p[0] - q[0], p[1] - q[1]);
}

/** One face as the worker reports it: box, landmarks and pose from the mesh, quality from its pixels. */
export function describeFace(face: FaceResult, image: RgbImage): FaceAnalysis {
  const [x, y, w, h] = face.boxRaw;
  const box = { left: x, top: y, width: w, height: h };
  const mesh = face.mesh;
  const landmarks: FaceAnalysis["landmarks"] = {};
  for (const [type, index] of Object.entries(LANDMARK_POINTS)) {
    let point = mesh[index];
    const corners = EYE_CORNERS[type];
    if (!point && corners) {
      const [a, b] = [mesh[corners[0]], mesh[corners[1]]];
      if (a && b) point = [(a[0] + b[0]) / 2, (a[1] + b[1]) / 2];
    }
    if (point) landmarks[type] = { x: point[0] / image.width, y: point[1] / image.height };
  }
  const angle = face.rotation?.angle;
  const stats = regionStats(image, { box });
  const hasMesh = mesh.length >= 468;
  const eyeWidth = (distance(mesh, 33, 133) + distance(mesh, 362, 263)) / 2;
  const mouthWidth = distance(mesh, 61, 291);
  return {
    box,
    score: face.boxScore,
    landmarks,
    pose: {
      roll: angle ? toDegrees(angle.roll) : 0,
      yaw: angle ? toDegrees(angle.yaw) : 0,
      pitch: angle ? toDegrees(angle.pitch) : 0,
    },
    quality: { brightness: stats?.quality.brightness ?? 0, sharpness: stats?.quality.sharpness ?? 0 },
    ...(face.age !== undefined && face.age > 0 ? { age: face.age } : {}),
    ...(face.gender === "male" || face.gender === "female"
      ? { gender: { value: face.gender, score: face.genderScore ?? 0 } }
      : {}),
    ...(face.emotion?.length
      ? { emotions: face.emotion.map((e) => ({ emotion: e.emotion, score: e.score })) }
      : {}),
    ...(hasMesh && eyeWidth > 0
      ? { eyeOpenness: (distance(mesh, 159, 145) + distance(mesh, 386, 374)) / 2 / eyeWidth }
      : {}),
    ...(hasMesh && mouthWidth > 0 ? { mouthOpenness: distance(mesh, 13, 14) / mouthWidth } : {}),
  };
}
