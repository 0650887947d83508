import { z } from "zod";
import { analyseFaces, analyseLabels, analyseModeration } from "./analysis.ts";
import { decodeForAnalysis, UndecodableImage } from "./decode.ts";
import { type InferenceReply, type InferenceRequest, inferenceRequestSchema } from "./messages.ts";
import { setOwnPriority } from "./priority.ts";

/**
 * The inference process: decodes images and runs the models in a process of its own, at a
 * lower CPU priority than the gateway, so S3 and the other services keep their core while a
 * model works. Requests run one at a time (the wasm backend is single-threaded), in arrival order.
 */
const send = process.send?.bind(process);
if (!send) throw new Error("the Rekognition inference process runs as a child with an IPC channel");

// The nice value the gateway chose for this process (10 below its own).
setOwnPriority(z.coerce.number().int().min(-20).max(19).parse(process.argv[2]));
// The gateway went away (exited or was killed): nothing is left to answer.
process.on("disconnect", () => process.exit(0));

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

async function answer(request: InferenceRequest): Promise<InferenceReply> {
  try {
    return { id: request.id, ok: true, result: await run(request) };
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    const kind = err instanceof UndecodableImage ? "invalid-image" : "internal";
    return { id: request.id, ok: false, error: { kind, message } };
  }
}

let queue: Promise<void> = Promise.resolve();

process.on("message", (message: unknown) => {
  const request = inferenceRequestSchema.safeParse(message);
  if (!request.success) {
    // Answer what can be answered, so the caller does not wait forever.
    const id = z.object({ id: z.number() }).safeParse(message);
    if (id.success) {
      send({ id: id.data.id, ok: false, error: { kind: "internal", message: request.error.message } });
    }
    return;
  }
  queue = queue.then(async () => {
    send(await answer(request.data));
  });
});
