/** Raw outcome of a run of operations: per-operation latency (ms) and the run's wall time. */
export interface RunSample {
  latencies: number[];
  /** Per operation: its latency minus the part it reported as not to be counted (see runConcurrently). */
  net: number[];
  wallMs: number;
  truncated: boolean;
}

/**
 * Runs operations `from` .. `from + count - 1` with `concurrency` in flight, stopping early
 * after `deadlineMs` (the sample then covers only what completed). Latency is client side.
 * An operation may resolve to milliseconds of its own that are not overhead (a Lambda handler's
 * own run time); `net` has them subtracted.
 */
export async function runConcurrently(
  from: number,
  count: number,
  concurrency: number,
  deadlineMs: number,
  once: (i: number) => Promise<unknown>,
): Promise<RunSample> {
  const latencies: number[] = [];
  const net: number[] = [];
  let next = from;
  const end = from + count;
  const started = performance.now();
  const stopAt = started + deadlineMs;
  const worker = async () => {
    while (next < end && performance.now() < stopAt) {
      const i = next++;
      const t0 = performance.now();
      const excluded = await once(i);
      const latency = performance.now() - t0;
      latencies.push(latency);
      net.push(latency - (typeof excluded === "number" ? excluded : 0));
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return { latencies, net, wallMs: performance.now() - started, truncated: latencies.length < count };
}

/**
 * Runs `count` operations of a phase against every target in `rounds` slices that rotate
 * through the targets, so a burst of other work on the machine lands on all of them alike
 * instead of on whichever ran at the time.
 */
export async function inRounds<T>(
  targets: readonly T[],
  rounds: number,
  count: number,
  slice: (target: T, from: number, count: number) => Promise<void>,
): Promise<void> {
  const perRound = Math.ceil(count / rounds);
  for (let r = 0; r < rounds; r++) {
    const from = r * perRound;
    if (from >= count) break;
    for (let k = 0; k < targets.length; k++) {
      await slice(targets[(r + k) % targets.length]!, from, Math.min(perRound, count - from));
    }
  }
}
