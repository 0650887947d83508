import { parentPort } from "node:worker_threads";
import { analyseFaces, analyseLabels, analyseModeration } from "./analysis.ts";
import { decodeForAnalysis, UndecodableImage } from "./decode.ts";
import type { InferenceReply, InferenceRequest } from "./messages.ts";

/**
 * The inference worker: decodes images and runs the models off the gateway's event loop.
 * Requests run one at a time (the wasm backend is single-threaded), in arrival order.
 */
const port = parentPort;
if (!port) throw new Error("the Rekognition worker runs as a worker thread");

async function run(request: InferenceRequest): Promise<unknown> {
  const image = await decodeForAnalysis(request.image);
  switch (request.task) {
    case "labels":
      return analyseLabels(image, request.imageProperties ?? false);
    case "faces":
      return analyseFaces(image);
    case "moderation":
      return analyseModeration(image);
  }
}

let queue: Promise<void> = Promise.resolve();

port.on("message", (request: InferenceRequest) => {
  queue = queue.then(async () => {
    let reply: InferenceReply;
    try {
      reply = { id: request.id, ok: true, result: await run(request) };
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      reply = {
        id: request.id,
        ok: false,
        error: { kind: err instanceof UndecodableImage ? "invalid-image" : "internal", message },
      };
    }
    port.postMessage(reply);
  });
});
