import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { setWasmPaths } from "@tensorflow/tfjs-backend-wasm";
import * as tf from "@tensorflow/tfjs-core";
import type { Config, Human } from "@vladmandic/human";
import { registerFileLoader } from "./model-files.ts";

const require = createRequire(import.meta.url);

/** Where the packages keep their files: the wasm binaries, Human's bundled models. */
const wasmDir = `${dirname(require.resolve("@tensorflow/tfjs-backend-wasm"))}/`;
// Human's exports map has no entry for its wasm build; its main entry sits beside it in dist/.
const humanDist = dirname(require.resolve("@vladmandic/human"));
const humanModels = join(humanDist, "..", "models");

/** The object detector's score that counts as a detection (Human's own default). */
export const OBJECT_MIN_SCORE = 0.2;
/** The face detector's score that counts as a face: high enough that textures rarely pass. */
export const FACE_MIN_SCORE = 0.6;

/** Every model the inference process uses, configured once; tasks switch parts on and off per call. */
const humanConfig: Partial<Config> = {
  backend: "wasm",
  wasmPath: wasmDir,
  modelBasePath: `file://${humanModels}/`,
  cacheModels: false,
  debug: false,
  async: false,
  warmup: "none",
  filter: { enabled: false },
  gesture: { enabled: false },
  body: { enabled: false },
  hand: { enabled: false },
  segmentation: { enabled: false },
  object: { enabled: true, modelPath: "centernet.json", minConfidence: 0.05, maxDetected: 30, skipFrames: 0 },
  face: {
    enabled: true,
    detector: {
      rotation: false,
      maxDetected: 20,
      minConfidence: FACE_MIN_SCORE,
      skipFrames: 0,
      return: false,
    },
    mesh: { enabled: true },
    iris: { enabled: true, skipFrames: 0 },
    description: { enabled: true, minConfidence: 0, skipFrames: 0 },
    emotion: { enabled: true, minConfidence: 0, skipFrames: 0 },
    antispoof: { enabled: false },
    liveness: { enabled: false },
  },
};

let human: Promise<Human> | undefined;

/** Human with its models, loaded on first use and kept. */
export function loadHuman(): Promise<Human> {
  human ??= (async () => {
    registerFileLoader();
    setWasmPaths(wasmDir);
    const { Human: HumanClass } = require(
      join(humanDist, "human.node-wasm.js"),
    ) as typeof import("@vladmandic/human");
    const instance = new HumanClass(humanConfig);
    await instance.load();
    await tf.ready();
    return instance;
  })();
  return human;
}

/** The moderation classifier's interface, as nsfwjs exposes it. */
export interface ModerationModel {
  classify(image: tf.Tensor3D, topk?: number): Promise<Array<{ className: string; probability: number }>>;
}

let moderation: Promise<ModerationModel> | undefined;

/** nsfwjs's MobileNetV2, from the weights bundled in the package, loaded on first use. */
export function loadModeration(): Promise<ModerationModel> {
  moderation ??= (async () => {
    await loadHuman(); // the wasm backend is set up there, and the classifier shares it
    const nsfwjs = (await import("nsfwjs")) as { load(model: string): Promise<ModerationModel> };
    // nsfwjs prints a hosting tip when it loads its bundled weights; the emulator's output is not the place.
    const info = console.info;
    const log = console.log;
    console.info = console.log = () => {};
    try {
      return await nsfwjs.load("MobileNetV2");
    } finally {
      console.info = info;
      console.log = log;
    }
  })();
  return moderation;
}
