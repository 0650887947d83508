/** How a deploy tells its caller what it is doing: `npm run deploy` and `npm start` print differently. */
export interface DeployReporter {
  /** A finished step and how long it took. */
  step(what: string, ms: number): void;
  /** Something worth one line that is not a step (where the provider comes from, a skip). */
  info(line: string): void;
  /** One resource done during apply or destroy: `done` of `total`. */
  resource?(done: number, total: number, address: string, action: string, seconds: number): void;
}

/** Runs `work`, then reports it as a step with its duration. */
export async function timedStep<T>(
  reporter: DeployReporter,
  what: string | ((result: T) => string),
  work: () => Promise<T>,
): Promise<T> {
  const started = performance.now();
  const result = await work();
  reporter.step(typeof what === "string" ? what : what(result), performance.now() - started);
  return result;
}

export function formatDuration(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}
