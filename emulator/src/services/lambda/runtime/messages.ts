import { z } from "zod";

/**
 * The IPC protocol between an environment and its child (bootstrap.mjs). The child
 * runs user code, so what it sends is validated before the parent acts on it.
 */

/** Parent → child: run one invocation. */
export interface InvokeMessage {
  type: "invoke";
  requestId: string;
  /** The event as JSON text. */
  event: string;
  /** Epoch milliseconds at which the invocation times out. */
  deadlineMs: number;
  invokedFunctionArn: string;
  /** The client context as JSON text (already base64-decoded), when the caller sent one. */
  clientContext?: string;
}

/** First message, before user code loads: which Node runs the function. */
const hello = z.object({ type: z.literal("hello"), nodeVersion: z.string() });

/** The handler is loaded: the init phase is over. */
const ready = z.object({ type: z.literal("ready") });

/** The handler could not be loaded; the child exits after sending this. */
const initError = z.object({
  type: z.literal("init-error"),
  errorType: z.string(),
  /** AWS's error payload, as JSON text. */
  payload: z.string(),
});

/** A console.* call, already in Lambda's text format (no trailing newline). */
const log = z.object({ type: z.literal("log"), at: z.number(), text: z.string() });

/** Something written to process.stdout or process.stderr, not split into lines. */
const output = z.object({
  type: z.literal("output"),
  stream: z.enum(["stdout", "stderr"]),
  at: z.number(),
  text: z.string(),
});

const result = z.object({
  type: z.literal("result"),
  requestId: z.string(),
  /** The response, or AWS's error payload, as JSON text. */
  payload: z.string(),
  /** Set when the handler failed. */
  errorType: z.string().optional(),
  /** The child exits after this result (an uncaught exception or rejection). */
  fatal: z.boolean().optional(),
  /** Peak resident set size of the child so far. */
  maxRssBytes: z.number().nonnegative(),
});

export const childMessage = z.discriminatedUnion("type", [hello, ready, initError, log, output, result]);

export type ChildMessage = z.infer<typeof childMessage>;
export type ResultMessage = z.infer<typeof result>;
export type InitErrorMessage = z.infer<typeof initError>;
