import { randomBytes } from "node:crypto";
import type { LambdaClient } from "@aws-sdk/client-lambda";
import {
  createFunction,
  deleteFunction,
  dryRun,
  invokeTrivial,
  reportField,
  trivialPackage,
} from "./lambda-functions.ts";
import type { Peer } from "./peers.ts";
import { type MeasuredPhase, PhaseTotals } from "./phase-totals.ts";
import { inRounds, runConcurrently } from "./runner.ts";

/** Callers in flight for the throughput phase; the function has no reserved concurrency, so up to this many environments. */
export const CALLERS = 8;
const WARM_FUNCTION = "bench-trivial";
/** Per phase slice; only stops a pathological target. */
const SLICE_CAP_MS = 60_000;

export type LambdaPhase = "Invoke DryRun seq" | "Invoke seq" | "Invoke x8";
export const LAMBDA_PHASES: readonly LambdaPhase[] = ["Invoke DryRun seq", "Invoke seq", "Invoke x8"];

export interface LambdaTarget {
  name: string;
  peer: Peer;
  client: LambdaClient;
}

export interface LambdaPhaseResult extends MeasuredPhase {
  /** Distinct execution environments that answered. */
  environments: number;
}

export interface ColdSample {
  /** Invoke to response, as the caller saw it. */
  roundTripMs: number;
  /** The REPORT line's Init Duration: spawn to handler loaded. */
  initMs: number;
  /** The REPORT line's Duration: the invocation itself. */
  durationMs: number;
}

export interface LambdaResult {
  name: string;
  phases: Map<LambdaPhase, LambdaPhaseResult>;
  cold: ColdSample[];
  /** process.version inside the functions. */
  functionNode: string;
}

interface Running {
  target: LambdaTarget;
  totals: Map<LambdaPhase, { totals: PhaseTotals; environments: Set<string> }>;
  cold: ColdSample[];
  node: string;
}

export interface LambdaCounts {
  warmup: number;
  dryRun: number;
  sequential: number;
  concurrent: number;
  coldSamples: number;
}

/** One invoke of the warm function; resolves to the handler's own time, which is not overhead. */
async function warmInvoke(run: Running, environments?: Set<string>): Promise<number> {
  const { answer } = await invokeTrivial(run.target.client, WARM_FUNCTION);
  environments?.add(answer.environment);
  run.node = answer.node;
  return answer.handlerMs;
}

async function prepare(target: LambdaTarget, warmup: number): Promise<Running> {
  await createFunction(target.client, WARM_FUNCTION, trivialPackage("warm"));
  const run: Running = { target, totals: new Map(), cold: [], node: "?" };
  // Sequential and concurrent calls both warm up, so all CALLERS environments exist before timing.
  await runConcurrently(0, warmup, 1, SLICE_CAP_MS, () => warmInvoke(run));
  await runConcurrently(0, warmup, CALLERS, SLICE_CAP_MS, () => warmInvoke(run));
  await runConcurrently(0, warmup, 1, SLICE_CAP_MS, () => dryRun(target.client, WARM_FUNCTION));
  return run;
}

function totalsOf(run: Running, phase: LambdaPhase) {
  let entry = run.totals.get(phase);
  if (!entry) {
    entry = { totals: new PhaseTotals(), environments: new Set() };
    run.totals.set(phase, entry);
  }
  return entry;
}

/**
 * The first invoke of a fresh function: a new function each sample (its own code, so
 * its package is unpacked and copied as a deploy's would be), deleted afterwards.
 */
async function coldSample(run: Running, index: number): Promise<void> {
  const { client } = run.target;
  const name = `bench-cold-${index}-${randomBytes(3).toString("hex")}`;
  await createFunction(client, name, trivialPackage(name));
  const started = performance.now();
  const { answer, log } = await invokeTrivial(client, name, true);
  const roundTripMs = performance.now() - started;
  if (!answer.cold) throw new Error(`the first invoke of ${name} ran in a used environment`);
  run.cold.push({
    roundTripMs,
    initMs: reportField(log, "Init Duration"),
    durationMs: reportField(log, "Duration"),
  });
  await deleteFunction(client, name);
}

/** Warm invoke latency and overhead, throughput with CALLERS callers, and cold starts, rotating through the targets. */
export async function measureLambda(targets: LambdaTarget[], counts: LambdaCounts, rounds: number) {
  const running: Running[] = [];
  for (const target of targets) running.push(await prepare(target, counts.warmup));
  const plan: Array<[LambdaPhase, number, number, (run: Running, envs: Set<string>) => Promise<unknown>]> = [
    ["Invoke DryRun seq", counts.dryRun, 1, (run) => dryRun(run.target.client, WARM_FUNCTION)],
    ["Invoke seq", counts.sequential, 1, warmInvoke],
    ["Invoke x8", counts.concurrent, CALLERS, warmInvoke],
  ];
  for (const [phase, count, concurrency, once] of plan) {
    await inRounds(running, rounds, count, async (run, from, n) => {
      const { totals, environments } = totalsOf(run, phase);
      await totals.add(run.target.peer.pid, () =>
        runConcurrently(from, n, concurrency, SLICE_CAP_MS, () => once(run, environments)),
      );
    });
    process.stderr.write(`  ${phase} done\n`);
  }
  for (let i = 0; i < counts.coldSamples; i++) {
    for (let k = 0; k < running.length; k++) await coldSample(running[(i + k) % running.length]!, i);
  }
  process.stderr.write("  cold starts done\n");
  return running.map((run): LambdaResult => {
    const phases = new Map<LambdaPhase, LambdaPhaseResult>();
    for (const [phase, { totals, environments }] of run.totals) {
      phases.set(phase, { ...totals.result(), environments: environments.size });
    }
    return { name: run.target.name, phases, cold: run.cold, functionNode: run.node };
  });
}
