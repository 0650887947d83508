import type { S3Client } from "@aws-sdk/client-s3";
import { type ChecksumMode, createBucket, KEYSPACE, makeClient, type Op, runOps } from "./load.ts";
import { type OtherCpu, otherCpuMeter, processCpuMs, selfCpuMs } from "./machine.ts";
import type { Peer } from "./peers.ts";
import type { PhaseName, PhaseResult, TargetResult } from "./report.ts";
import { verifyRoundTrip } from "./roundtrip.ts";
import { inRounds } from "./runner.ts";
import { summarize } from "./stats.ts";

export const CONCURRENCY = 16;
/**
 * Requests of each kind a target serves before measuring starts: enough for V8 to optimise the
 * hot paths of every server (the first few hundred requests run ~10% slower), so the phases
 * measure steady state. Same for every target.
 */
export const WARMUP_OPS = 1000;
/** Per phase; with the bench's counts a phase takes seconds, so this only stops a pathological peer. */
const PHASE_CAP_MS = 30_000;
/** Each phase is run in this many slices per target, rotating through the targets. */
export const ROUNDS = 4;
const BUCKET = "bench";

export interface TargetSpec {
  name: string;
  kind: TargetResult["kind"];
  persist: boolean;
  checksums: ChecksumMode;
  start: () => Promise<Peer>;
}

interface Running {
  spec: TargetSpec;
  peer: Peer;
  client: S3Client;
  phases: Map<
    PhaseName,
    { latencies: number[]; wallMs: number; serverMs: number; clientUs: number; truncated: boolean }
  >;
}

async function prepare(spec: TargetSpec): Promise<Running> {
  const peer = await spec.start();
  const client = makeClient(peer.url, spec.checksums);
  try {
    await createBucket(client, BUCKET);
    // The floor stores nothing, so only the real servers can be checked.
    if (spec.kind !== "floor") await verifyRoundTrip(client, BUCKET);
    // Every key gets written first, so that warm-up Gets all find their object.
    await runOps(client, BUCKET, "put", 0, Math.max(KEYSPACE, WARMUP_OPS), 1, PHASE_CAP_MS);
    await runOps(client, BUCKET, "get", 0, WARMUP_OPS, 1, PHASE_CAP_MS);
  } catch (err) {
    client.destroy();
    await peer.stop();
    throw err;
  }
  return { spec, peer, client, phases: new Map() };
}

/** One slice of a phase against one target, added to that target's totals. */
async function slice(t: Running, phase: PhaseName, op: Op, from: number, count: number, concurrency: number) {
  const server0 = processCpuMs(t.peer.pid);
  const client0 = process.cpuUsage();
  const run = await runOps(t.client, BUCKET, op, from, count, concurrency, PHASE_CAP_MS / ROUNDS);
  const used = process.cpuUsage(client0);
  const acc = t.phases.get(phase) ?? { latencies: [], wallMs: 0, serverMs: 0, clientUs: 0, truncated: false };
  acc.latencies.push(...run.latencies);
  acc.wallMs += run.wallMs;
  acc.serverMs += processCpuMs(t.peer.pid) - server0;
  acc.clientUs += used.user + used.system;
  acc.truncated ||= run.truncated;
  t.phases.set(phase, acc);
}

/** Every phase is split into rounds that rotate through the targets (see inRounds). */
export async function measureAll(
  specs: TargetSpec[],
  counts: { sequential: number; concurrent: number },
): Promise<{ targets: TargetResult[]; otherCpu: OtherCpu }> {
  const running: Running[] = [];
  let otherCpu: OtherCpu = { percent: Number.NaN, ms: Number.NaN };
  try {
    for (const spec of specs) running.push(await prepare(spec));
    // Whatever else runs on the machine meanwhile competes with the servers and the client.
    const otherCpuSoFar = otherCpuMeter(
      () => running.reduce((n, t) => n + processCpuMs(t.peer.pid), 0) + selfCpuMs(),
    );
    const plan: Array<[PhaseName, Op, number, number]> = [
      ["Put seq", "put", counts.sequential, 1],
      ["Get seq", "get", counts.sequential, 1],
      ["Put x16", "put", counts.concurrent, CONCURRENCY],
      ["Get x16", "get", counts.concurrent, CONCURRENCY],
    ];
    for (const [phase, op, count, concurrency] of plan) {
      await inRounds(running, ROUNDS, count, (t, from, n) => slice(t, phase, op, from, n, concurrency));
      process.stderr.write(`  ${phase} done\n`);
    }
    otherCpu = otherCpuSoFar();
  } finally {
    for (const t of running) {
      t.client.destroy();
      await t.peer.stop();
    }
  }
  const targets = running.map((t): TargetResult => {
    const phases = new Map<PhaseName, PhaseResult>();
    for (const [name, acc] of t.phases) {
      const stats = summarize(acc.latencies, acc.wallMs);
      phases.set(name, {
        ...stats,
        truncated: acc.truncated,
        serverCpuUs: (acc.serverMs * 1000) / stats.ops,
        clientCpuUs: acc.clientUs / stats.ops,
      });
    }
    const { name, kind, persist, checksums } = t.spec;
    return { name, kind, persist, checksums, phases };
  });
  return { targets, otherCpu };
}
