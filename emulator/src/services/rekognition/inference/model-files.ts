import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import * as tf from "@tensorflow/tfjs-core";
import { z } from "zod";

/** The parts of a TensorFlow.js model.json this loader reads. */
const modelJsonSchema = z.object({
  modelTopology: z.unknown(),
  format: z.string().optional(),
  generatedBy: z.string().optional(),
  convertedBy: z.string().nullable().optional(),
  signature: z.unknown().optional(),
  userDefinedMetadata: z.record(z.string(), z.unknown()).optional(),
  weightsManifest: z.array(
    z.object({
      paths: z.array(z.string()),
      weights: z.array(z.custom<tf.io.WeightsManifestEntry>((v) => typeof v === "object" && v !== null)),
    }),
  ),
});

/** Reads a model.json and its weight files from disk: artifacts for tfjs, with no fetch involved. */
export function readModelArtifacts(path: string): tf.io.ModelArtifacts {
  const json = modelJsonSchema.parse(JSON.parse(readFileSync(path, "utf8")));
  const weightSpecs: tf.io.WeightsManifestEntry[] = [];
  const chunks: Buffer[] = [];
  for (const group of json.weightsManifest) {
    weightSpecs.push(...group.weights);
    for (const file of group.paths) chunks.push(readFileSync(join(dirname(path), file)));
  }
  const weights = Buffer.concat(chunks);
  return {
    modelTopology: json.modelTopology as tf.io.ModelArtifacts["modelTopology"],
    format: json.format,
    generatedBy: json.generatedBy,
    convertedBy: json.convertedBy ?? null,
    signature: json.signature as tf.io.ModelArtifacts["signature"],
    userDefinedMetadata: json.userDefinedMetadata as tf.io.ModelArtifacts["userDefinedMetadata"],
    weightSpecs,
    weightData: weights.buffer.slice(weights.byteOffset, weights.byteOffset + weights.byteLength),
  };
}

let registered = false;

/** Lets tfjs (and Human, which loads through it) open file:// model URLs from the installed packages. */
export function registerFileLoader(): void {
  if (registered) return;
  registered = true;
  const router = (url: string | string[]): tf.io.IOHandler | null => {
    const first = Array.isArray(url) ? url[0] : url;
    if (typeof first !== "string" || !first.startsWith("file://")) return null;
    const path = first.slice("file://".length);
    return { load: async () => readModelArtifacts(path) };
  };
  // tfjs asks each router in turn and skips those that answer null, though its type says otherwise.
  tf.io.registerLoadRouter(router as Parameters<typeof tf.io.registerLoadRouter>[0]);
}
