import { Worker } from "node:worker_threads";
import type { z } from "zod";
import {
  type FacesResult,
  facesResultSchema,
  type InferenceRequest,
  inferenceReplySchema,
  type LabelsResult,
  labelsResultSchema,
  type ModerationResult,
  moderationResultSchema,
  type Task,
} from "./messages.ts";

/** Why a worker call failed: the image does not decode, or something else went wrong. */
export class InferenceError extends Error {
  readonly kind: "invalid-image" | "internal";

  constructor(kind: "invalid-image" | "internal", message: string) {
    super(message);
    this.kind = kind;
  }
}

interface Pending {
  resolve: (value: unknown) => void;
  reject: (err: Error) => void;
}

/**
 * The gateway's side of the inference worker: one worker thread, started on the first call and
 * kept warm with its models loaded. A worker that dies fails the calls in flight; the next call
 * starts a new one.
 */
export class InferenceClient {
  private worker: Worker | undefined;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;

  labels(image: Buffer, imageProperties: boolean): Promise<LabelsResult> {
    return this.call("labels", image, labelsResultSchema, { imageProperties });
  }

  faces(image: Buffer): Promise<FacesResult> {
    return this.call("faces", image, facesResultSchema);
  }

  moderation(image: Buffer): Promise<ModerationResult> {
    return this.call("moderation", image, moderationResultSchema);
  }

  /** Stops the worker; calls in flight fail. */
  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = undefined;
    if (worker) await worker.terminate();
  }

  private async call<T>(
    task: Task,
    image: Buffer,
    schema: z.ZodType<T>,
    options: Omit<InferenceRequest, "id" | "task" | "image"> = {},
  ): Promise<T> {
    const worker = this.start();
    const id = this.nextId++;
    // A copy the worker can own: the request's buffer may be a slice of a larger pooled one.
    const bytes = new Uint8Array(image);
    const result = await new Promise<unknown>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      const request: InferenceRequest = { id, task, image: bytes, ...options };
      worker.postMessage(request, [bytes.buffer]);
    });
    return schema.parse(result);
  }

  private start(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(new URL("./worker-entry.mjs", import.meta.url));
    // An idle worker must not keep the emulator (or a test run) alive.
    worker.unref();
    worker.on("message", (message: unknown) => {
      const reply = inferenceReplySchema.safeParse(message);
      if (!reply.success) return;
      const pending = this.pending.get(reply.data.id);
      if (!pending) return;
      this.pending.delete(reply.data.id);
      if (reply.data.ok) pending.resolve(reply.data.result);
      else pending.reject(new InferenceError(reply.data.error.kind, reply.data.error.message));
    });
    const fail = (err: Error) => {
      if (this.worker === worker) this.worker = undefined;
      for (const [id, pending] of this.pending) {
        this.pending.delete(id);
        pending.reject(new InferenceError("internal", `the Rekognition worker stopped: ${err.message}`));
      }
    };
    worker.on("error", fail);
    worker.on("exit", (code) => fail(new Error(`exit code ${code}`)));
    this.worker = worker;
    return worker;
  }
}
