import { processTreeCpuMs, selfCpuMs } from "./machine.ts";
import type { RunSample } from "./runner.ts";
import { type PhaseStats, summarize } from "./stats.ts";

/** One phase against one target, over all its slices. */
export interface MeasuredPhase {
  /** Round trips as the client saw them. */
  latency: PhaseStats;
  /** Round trips minus what the operations reported as their own work (a handler's run time). */
  net: PhaseStats;
  truncated: boolean;
  /** CPU of the server's whole process tree (for Darkroom: the emulator and its function environments), per op. */
  serverCpuUs: number;
  /** CPU of the bench process (the SDK client), per op. */
  clientCpuUs: number;
}

/** Adds up the slices of one phase against one target. */
export class PhaseTotals {
  private readonly latencies: number[] = [];
  private readonly net: number[] = [];
  private wallMs = 0;
  private serverCpuMs = 0;
  private clientCpuMs = 0;
  private truncated = false;

  /** Runs one slice, charging the CPU that `serverPid`'s tree and the bench used meanwhile. */
  async add(serverPid: number, run: () => Promise<RunSample>): Promise<RunSample> {
    const server0 = processTreeCpuMs(serverPid);
    const client0 = selfCpuMs();
    const sample = await run();
    this.clientCpuMs += selfCpuMs() - client0;
    this.serverCpuMs += processTreeCpuMs(serverPid) - server0;
    this.latencies.push(...sample.latencies);
    this.net.push(...sample.net);
    this.wallMs += sample.wallMs;
    this.truncated ||= sample.truncated;
    return sample;
  }

  result(): MeasuredPhase {
    const latency = summarize(this.latencies, this.wallMs);
    return {
      latency,
      net: summarize(this.net, this.wallMs),
      truncated: this.truncated,
      serverCpuUs: (this.serverCpuMs * 1000) / latency.ops,
      clientCpuUs: (this.clientCpuMs * 1000) / latency.ops,
    };
  }
}
