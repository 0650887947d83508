/** The Lambda runtimes the emulator runs: Node.js, in worker processes. */
export const SUPPORTED_RUNTIMES = ["nodejs20.x", "nodejs22.x", "nodejs24.x"] as const;

export type SupportedRuntime = (typeof SUPPORTED_RUNTIMES)[number];

export function supportedRuntime(name: string): name is SupportedRuntime {
  return (SUPPORTED_RUNTIMES as readonly string[]).includes(name);
}
