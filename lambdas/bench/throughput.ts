import { type OtherCpu, otherCpuMeter, selfCpuMs } from "../../emulator/bench/machine.ts";
import { inRounds, runConcurrently } from "../../emulator/bench/runner.ts";
import { percentile } from "../../emulator/bench/stats.ts";
import type { Implementation } from "./variant-output.ts";

/** The setting: two uploads handled side by side, as many as the machine has cores. */
export const TARGET_IN_FLIGHT = 2;

export interface ThroughputPlan {
  /** Images each implementation has in progress at once. */
  inFlight: number;
  warmup: number;
  images: number;
  rounds: number;
}

export interface ImplementationThroughput {
  name: string;
  images: number;
  p50: number;
  p95: number;
  imagesPerSec: number;
  /** The bench process's CPU time per image: what one image costs, whatever ran it. */
  cpuMsPerImage: number;
}

export interface ThroughputRun {
  results: ImplementationThroughput[];
  other: OtherCpu;
  wallMs: number;
}

interface Tally {
  latencies: number[];
  wallMs: number;
  cpuMs: number;
}

/**
 * Each implementation on the same original with `plan.inFlight` images at once: a warm-up, then
 * `rounds` slices rotating through the implementations, so load from elsewhere lands on all of them.
 * Images per second is images over the wall time of that implementation's slices.
 */
export async function measureThroughput(
  original: Buffer,
  implementations: readonly Implementation[],
  plan: ThroughputPlan,
): Promise<ThroughputRun> {
  for (const implementation of implementations) {
    await runConcurrently(0, plan.warmup, plan.inFlight, Number.POSITIVE_INFINITY, () =>
      implementation.run(original),
    );
  }
  const tallies = new Map<Implementation, Tally>(
    implementations.map((implementation) => [implementation, { latencies: [], wallMs: 0, cpuMs: 0 }]),
  );
  const began = performance.now();
  const others = otherCpuMeter(selfCpuMs);
  await inRounds(implementations, plan.rounds, plan.images, async (implementation, from, count) => {
    const tally = tallies.get(implementation)!;
    const cpu0 = selfCpuMs();
    const sample = await runConcurrently(from, count, plan.inFlight, Number.POSITIVE_INFINITY, () =>
      implementation.run(original),
    );
    tally.cpuMs += selfCpuMs() - cpu0;
    tally.wallMs += sample.wallMs;
    tally.latencies.push(...sample.latencies);
  });
  const other = others();
  return {
    other,
    wallMs: performance.now() - began,
    results: implementations.map((implementation) => {
      const { latencies, wallMs, cpuMs } = tallies.get(implementation)!;
      const sorted = [...latencies].sort((a, b) => a - b);
      return {
        name: implementation.name,
        images: sorted.length,
        p50: percentile(sorted, 50),
        p95: percentile(sorted, 95),
        imagesPerSec: (sorted.length * 1000) / wallMs,
        cpuMsPerImage: cpuMs / sorted.length,
      };
    }),
  };
}
