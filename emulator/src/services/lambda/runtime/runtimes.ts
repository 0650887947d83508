/** The Lambda runtimes the emulator can run, and the Node.js major each names. */

export const SUPPORTED_RUNTIMES = ["nodejs20.x", "nodejs22.x", "nodejs24.x"] as const;

export type SupportedRuntime = (typeof SUPPORTED_RUNTIMES)[number];

/** True for the runtimes the execution runtime can start; the control plane rejects the rest. */
export function supportedRuntime(name: string): name is SupportedRuntime {
  return (SUPPORTED_RUNTIMES as readonly string[]).includes(name);
}

/** Thrown by `invoke` for a function whose runtime the emulator cannot run. */
export class UnsupportedRuntime extends Error {
  readonly runtime: string;

  constructor(runtime: string) {
    super(
      `The runtime parameter of ${runtime} is not supported by the Darkroom emulator; use one of ${SUPPORTED_RUNTIMES.join(", ")}.`,
    );
    this.name = "UnsupportedRuntime";
    this.runtime = runtime;
  }
}

/** 22 for "nodejs22.x". */
export function nodeMajorOf(runtime: SupportedRuntime): number {
  return Number(/^nodejs(\d+)\.x$/.exec(runtime)![1]);
}
