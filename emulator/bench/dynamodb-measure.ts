import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { createTable, KEYSPACE, putItem, queryPartition } from "./dynamodb-load.ts";
import type { Peer } from "./peers.ts";
import { type MeasuredPhase, PhaseTotals } from "./phase-totals.ts";
import { inRounds, runConcurrently } from "./runner.ts";

const SLICE_CAP_MS = 60_000;
/** Callers in flight while the keyspace is first filled (not timed). */
const PRELOAD_CONCURRENCY = 8;

export type DynamoPhase = "PutItem seq" | "Query seq";
export const DYNAMO_PHASES: readonly DynamoPhase[] = ["PutItem seq", "Query seq"];

export interface DynamoTarget {
  name: string;
  kind: "darkroom" | "dynalite";
  /** What an acknowledged write survives, in words, for the report. */
  durability: string;
  peer: Peer;
  client: DynamoDBClient;
}

export interface DynamoResult {
  name: string;
  kind: DynamoTarget["kind"];
  durability: string;
  phases: Map<DynamoPhase, MeasuredPhase>;
}

async function prepare(target: DynamoTarget, warmup: number): Promise<void> {
  const { client } = target;
  await createTable(client);
  await runConcurrently(0, KEYSPACE, PRELOAD_CONCURRENCY, SLICE_CAP_MS, (i) => putItem(client, i));
  await runConcurrently(0, warmup, 1, SLICE_CAP_MS, (i) => putItem(client, i));
  await runConcurrently(0, warmup, 1, SLICE_CAP_MS, (i) => queryPartition(client, i));
}

/** Sequential PutItem and Query against every target, rotating through them. */
export async function measureDynamo(
  targets: DynamoTarget[],
  counts: { warmup: number; sequential: number },
  rounds: number,
): Promise<DynamoResult[]> {
  for (const target of targets) await prepare(target, counts.warmup);
  const totals = new Map<DynamoTarget, Map<DynamoPhase, PhaseTotals>>(targets.map((t) => [t, new Map()]));
  const ops: Record<DynamoPhase, (client: DynamoDBClient, i: number) => Promise<void>> = {
    "PutItem seq": putItem,
    "Query seq": queryPartition,
  };
  for (const phase of DYNAMO_PHASES) {
    await inRounds(targets, rounds, counts.sequential, async (target, from, n) => {
      const byPhase = totals.get(target)!;
      const phaseTotals = byPhase.get(phase) ?? new PhaseTotals();
      byPhase.set(phase, phaseTotals);
      await phaseTotals.add(target.peer.pid, () =>
        runConcurrently(from, n, 1, SLICE_CAP_MS, (i) => ops[phase](target.client, i)),
      );
    });
    process.stderr.write(`  ${phase} done\n`);
  }
  return targets.map((t) => ({
    name: t.name,
    kind: t.kind,
    durability: t.durability,
    phases: new Map([...totals.get(t)!].map(([phase, p]) => [phase, p.result()])),
  }));
}
