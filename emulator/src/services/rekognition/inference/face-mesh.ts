import type { FaceResult } from "@vladmandic/human";
import type { FaceAnalysis } from "./messages.ts";
import type { RgbImage } from "./region-stats.ts";
import { regionStats } from "./region-stats.ts";

/**
 * Rekognition's landmark types as points of MediaPipe's 468-point face mesh. "Left" is the
 * image's left, as in Rekognition's answers, so eyeLeft is the subject's right eye.
 */
const LANDMARK_POINTS: Record<string, number> = {
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

/** The corners of each eye; the eye and pupil landmarks are the iris centre between them. */
const EYE_CORNERS: Record<string, [number, number]> = {
  eyeLeft: [33, 133],
  leftPupil: [33, 133],
  eyeRight: [362, 263],
  rightPupil: [362, 263],
};
/** The iris model's two centres, appended to the mesh when it ran. */
const IRIS_CENTRES = [468, 473];

const toDegrees = (radians: number) => (radians * 180) / Math.PI;

type Mesh = FaceResult["mesh"];

function distance(mesh: Mesh, a: number, b: number): number {
  const p = mesh[a];
  const q = mesh[b];
  if (!p || !q) return 0;
  return Math.hypot(p[0] - q[0], p[1] - q[1]);
}

/** The iris centre nearest the middle of the eye's corners, or that middle when the iris did not run. */
function eyeCentre(mesh: Mesh, a: number, b: number): [number, number] | undefined {
  const [p, q] = [mesh[a], mesh[b]];
  if (!p || !q) return undefined;
  const middle: [number, number] = [(p[0] + q[0]) / 2, (p[1] + q[1]) / 2];
  const irises = IRIS_CENTRES.map((i) => mesh[i]).filter((v) => v !== undefined);
  const nearest = irises.sort(
    (u, v) => Math.hypot(u[0] - middle[0], u[1] - middle[1]) - Math.hypot(v[0] - middle[0], v[1] - middle[1]),
  )[0];
  return nearest ? [nearest[0], nearest[1]] : middle;
}

/** One face as the inference process reports it: box, landmarks and pose from the mesh, quality from its pixels. */
export function describeFace(face: FaceResult, image: RgbImage): FaceAnalysis {
  const [x, y, w, h] = face.boxRaw;
  const box = { left: x, top: y, width: w, height: h };
  const mesh = face.mesh;
  const landmarks: FaceAnalysis["landmarks"] = {};
  for (const [type, index] of Object.entries(LANDMARK_POINTS)) {
    const point = mesh[index];
    if (point) landmarks[type] = { x: point[0] / image.width, y: point[1] / image.height };
  }
  for (const [type, [a, b]] of Object.entries(EYE_CORNERS)) {
    const centre = eyeCentre(mesh, a, b);
    if (centre) landmarks[type] = { x: centre[0] / image.width, y: centre[1] / image.height };
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
