import { type ChildProcess, fork } from "node:child_process";
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
import { inferenceNice, trySetPriority } from "./priority.ts";

/** Why an inference call failed: the image does not decode, or something else went wrong. */
export class InferenceError extends Error {
  readonly kind: "invalid-image" | "internal";

  constructor(kind: "invalid-image" | "internal", message: string) {
    super(message);
    this.kind = kind;
  }
}

interface Call {
  request: InferenceRequest;
  resolve: (value: unknown) => void;
  reject: (err: Error) => void;
}

const ENTRY = new URL("./process-entry.mjs", import.meta.url);

/**
 * The gateway's side of the inference process: one child process, started on the first call,
 * kept warm with its models loaded, and run at a lower CPU priority than the gateway. Calls wait
 * here in arrival order and go to the child one at a time, so four concurrent DetectLabels
 * neither thrash the child nor hold four images in its memory. A child that dies fails the call
 * it was running; the next call starts a new one.
 */
export class InferenceClient {
  private child: ChildProcess | undefined;
  private readonly waiting: Call[] = [];
  private running: Call | undefined;
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

  /** Stops the child; the running and waiting calls fail. */
  async close(): Promise<void> {
    const stopped = new InferenceError("internal", "the Rekognition inference process was stopped");
    for (const call of this.waiting.splice(0)) call.reject(stopped);
    this.running?.reject(stopped);
    this.running = undefined;
    const child = this.child;
    this.child = undefined;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
    child.kill();
    await exited;
  }

  private async call<T>(
    task: Task,
    image: Buffer,
    schema: z.ZodType<T>,
    options: Pick<InferenceRequest, "imageProperties"> = {},
  ): Promise<T> {
    const result = await new Promise<unknown>((resolve, reject) => {
      const request: InferenceRequest = { id: this.nextId++, task, image, ...options };
      this.waiting.push({ request, resolve, reject });
      this.startNext();
    });
    return schema.parse(result);
  }

  private startNext(): void {
    if (this.running) return;
    const call = this.waiting.shift();
    if (!call) {
      // An idle child must not keep the emulator (or a test run) alive.
      this.child?.channel?.unref();
      return;
    }
    const child = this.start();
    child.channel?.ref();
    this.running = call;
    child.send(call.request, (err) => {
      if (err) this.finish(call.request.id, () => call.reject(failed(err)));
    });
  }

  /** Settles the running call if it is still `id`, then starts the next one. */
  private finish(id: number, settle: () => void): void {
    if (this.running?.request.id !== id) return;
    this.running = undefined;
    settle();
    this.startNext();
  }

  private start(): ChildProcess {
    if (this.child) return this.child;
    const nice = inferenceNice();
    const child = fork(ENTRY, [String(nice)], {
      // No inherited flags (an --inspect port, --cpu-prof): the entry loads the TypeScript itself.
      execArgv: [],
      // Buffers cross as bytes, not as JSON arrays of numbers.
      serialization: "advanced",
      stdio: ["ignore", "inherit", "inherit", "ipc"],
    });
    // The child sets each of its threads too; this covers it before its first line runs.
    if (child.pid !== undefined) trySetPriority(child.pid, nice);
    child.unref();
    child.on("message", (message: unknown) => {
      const reply = inferenceReplySchema.safeParse(message);
      if (!reply.success) return;
      const call = this.running;
      if (!call) return;
      const data = reply.data;
      this.finish(data.id, () => {
        if (data.ok) call.resolve(data.result);
        else call.reject(new InferenceError(data.error.kind, data.error.message));
      });
    });
    const fail = (err: Error) => {
      if (this.child !== child) return;
      this.child = undefined;
      const call = this.running;
      if (call) this.finish(call.request.id, () => call.reject(failed(err)));
    };
    child.on("error", fail);
    child.on("exit", (code, signal) => fail(new Error(signal ? `signal ${signal}` : `exit code ${code}`)));
    this.child = child;
    return child;
  }
}

const failed = (err: Error) =>
  new InferenceError("internal", `the Rekognition inference process stopped: ${err.message}`);
