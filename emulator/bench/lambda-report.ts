import type { DynamoResult } from "./dynamodb-measure.ts";
import { CALLERS, type ColdSample, LAMBDA_PHASES, type LambdaResult } from "./lambda-measure.ts";
import type { Machine, OtherCpu } from "./machine.ts";
import { BUSY_MACHINE_PERCENT, f, table } from "./report.ts";
import { percentile } from "./stats.ts";

/** The issue's targets for the runtime. */
export const COLD_START_TARGET_MS = 300;
export const WARM_OVERHEAD_TARGET_MS = 5;

export interface LambdaReport {
  date: string;
  command: string;
  machine: Machine;
  /** "name version" of the clients and the peer. */
  packages: string[];
  runtime: string;
  counts: {
    warmup: number;
    dryRun: number;
    sequential: number;
    concurrent: number;
    coldSamples: number;
    dynamoWarmup: number;
    dynamoSequential: number;
  };
  rounds: number;
  dynamoItems: { partitions: number; perPartition: number };
  load: { before: number; after: number };
  otherCpu: OtherCpu;
  lambda: LambdaResult[];
  dynamo: DynamoResult[];
}

const sorted = (values: number[]) => [...values].sort((a, b) => a - b);

export function lambdaTable(results: LambdaResult[]): string {
  const rows: string[][] = [];
  for (const r of results) {
    for (const phase of LAMBDA_PHASES) {
      const p = r.phases.get(phase);
      if (!p) continue;
      const ops = `${p.latency.ops}${p.truncated ? " (time cap)" : ""}`;
      const envs = phase === "Invoke DryRun seq" ? "–" : String(p.environments);
      const cpu = [f(p.serverCpuUs, 0), f(p.clientCpuUs, 0)];
      const l = p.latency;
      rows.push([r.name, phase, ops, f(l.p50), f(l.p90), f(l.p99), f(l.opsPerSec, 0), envs, ...cpu]);
      if (phase === "Invoke seq") {
        const n = p.net;
        rows.push([r.name, "Invoke seq, overhead", ops, f(n.p50), f(n.p90), f(n.p99), "", envs, "", ""]);
      }
    }
  }
  return table(
    [
      "target",
      "phase",
      "ops",
      "p50 ms",
      "p90 ms",
      "p99 ms",
      "invokes/s",
      "environments",
      "server CPU µs/op",
      "client CPU µs/op",
    ],
    rows,
  );
}

function coldRow(name: string, samples: ColdSample[]): string[] {
  const rt = sorted(samples.map((s) => s.roundTripMs));
  const init = sorted(samples.map((s) => s.initMs));
  const duration = sorted(samples.map((s) => s.durationMs));
  return [
    name,
    String(samples.length),
    f(percentile(rt, 50), 1),
    f(percentile(rt, 90), 1),
    f(rt.at(-1) ?? Number.NaN, 1),
    f(percentile(init, 50), 1),
    f(percentile(init, 90), 1),
    f(percentile(duration, 50), 1),
    samples.map((s) => s.roundTripMs.toFixed(0)).join(", "),
  ];
}

export function coldTable(results: LambdaResult[]): string {
  return table(
    [
      "target",
      "samples",
      "p50 ms",
      "p90 ms",
      "max ms",
      "Init Duration p50 ms",
      "Init Duration p90 ms",
      "Duration p50 ms",
      "all round trips ms",
    ],
    results.map((r) => coldRow(r.name, r.cold)),
  );
}

export function lambdaVerdictTable(results: LambdaResult[]): string {
  const rows: string[][] = [];
  for (const r of results) {
    const cold = percentile(sorted(r.cold.map((s) => s.roundTripMs)), 50);
    const overhead = r.phases.get("Invoke seq")?.net.p50 ?? Number.NaN;
    rows.push([
      r.name,
      `cold start p50 < ${COLD_START_TARGET_MS} ms`,
      `${f(cold, 1)} ms`,
      met(cold, COLD_START_TARGET_MS),
    ]);
    rows.push([
      r.name,
      `warm overhead p50 < ${WARM_OVERHEAD_TARGET_MS} ms`,
      `${f(overhead)} ms`,
      met(overhead, WARM_OVERHEAD_TARGET_MS),
    ]);
  }
  return table(["target", "goal", "measured", "met"], rows);
}

const met = (value: number, limit: number) => (value < limit ? "yes" : "**no**");

export function dynamoTable(results: DynamoResult[]): string {
  const rows: string[][] = [];
  for (const r of results) {
    for (const [phase, p] of r.phases) {
      const l = p.latency;
      rows.push([
        r.name,
        phase,
        `${l.ops}${p.truncated ? " (time cap)" : ""}`,
        f(l.p50),
        f(l.p90),
        f(l.p99),
        f(l.opsPerSec, 0),
        f(p.serverCpuUs, 0),
        f(p.clientCpuUs, 0),
      ]);
    }
  }
  return table(
    ["target", "phase", "ops", "p50 ms", "p90 ms", "p99 ms", "ops/s", "server CPU µs/op", "client CPU µs/op"],
    rows,
  );
}

/** Each Darkroom target's p50 over each dynalite target's, per phase. */
export function dynamoRatioTable(results: DynamoResult[]): string {
  const peers = results.filter((r) => r.kind === "dynalite");
  const rows: string[][] = [];
  for (const d of results.filter((r) => r.kind === "darkroom")) {
    for (const [phase, p] of d.phases) {
      const ratios = peers.map((peer) => {
        const q = peer.phases.get(phase);
        return q ? `${f(p.latency.p50 / q.latency.p50)}×` : "n/a";
      });
      rows.push([d.name, phase, ...ratios]);
    }
  }
  return table(["darkroom target", "phase", ...peers.map((p) => `p50 / ${p.name} p50`)], rows);
}

/** What the emulator's fdatasync per acknowledged write costs: persistent minus in-memory PutItem p50. */
function durabilityCost(results: DynamoResult[]): string {
  const durable = results.find((r) => r.kind === "darkroom" && r.durability.includes("fdatasync"));
  const memory = results.find((r) => r.kind === "darkroom" && r !== durable);
  const a = durable?.phases.get("PutItem seq");
  const b = memory?.phases.get("PutItem seq");
  if (!durable || !memory || !a || !b) return "";
  return `- Durability's price in the emulator: ${durable.name} PutItem p50 minus ${memory.name}'s, ${f(a.latency.p50 - b.latency.p50)} ms.`;
}

export function renderLambdaSection(r: LambdaReport): string {
  const m = r.machine;
  const c = r.counts;
  const busy = r.otherCpu.percent > BUSY_MACHINE_PERCENT;
  const functionNodes = [...new Set(r.lambda.map((l) => l.functionNode))].join(", ");
  const runtimeMajor = /^nodejs(\d+)/.exec(r.runtime)?.[1];
  const standIn = !functionNodes.startsWith(`v${runtimeMajor}.`)
    ? ` (the host's Node standing in: no Node ${runtimeMajor} was found; \`npm run lambda:node\` fetches one)`
    : "";
  return `## Lambda and DynamoDB

Generated by \`${r.command}\` on ${r.date}${busy ? ", **taken while other work ran**" : ""}. Every number in this
section comes from that run; rerun the command to refresh it (\`DARKROOM_BENCH_WRITE=0\` only prints).

- Machine: ${m.cpu}, ${m.cores} cores, ${m.memoryGiB} GiB; ${m.os}.
- Node ${m.node} runs the bench and the emulator; the functions (\`${r.runtime}\`) ran on Node ${functionNodes}${standIn}.
- ${r.packages.join(", ")}; emulator source ${m.source}.
- Load average (1 min) before the run: ${f(r.load.before)}; after: ${f(r.load.after)}. Processes other than the
  bench, its servers and their function environments used ${f(r.otherCpu.percent, 1)}% of the machine's CPU time
  (${f(r.otherCpu.ms / 1000, 1)} CPU-seconds)${busy ? ": enough to skew the numbers, rerun on a quiet machine" : ""}.

### Method

- Darkroom runs as \`npm run emulator\` does (\`node --import tsx src/cli.ts\`, request log off), once persistent
  (the default: every acknowledged change fdatasync'd) and once with \`DARKROOM_PERSIST=0\`, each in its own process;
  the SDK clients (\`LambdaClient\`, \`DynamoDBClient\`, \`test:test\`, no retries) run in the bench process.
- The function is a trivial ES module handler (\`${r.runtime}\`, 128 MB) that times itself with
  \`performance.now()\` and returns that time, its environment's id and whether this was its first call.
- Warm-up per target: ${c.warmup} sequential invokes, ${c.warmup} with ${CALLERS} callers (so ${CALLERS} environments
  exist) and ${c.warmup} DryRun invokes. Then, rotating through the targets in ${r.rounds} rounds:
  ${c.dryRun} sequential \`InvocationType: DryRun\` invokes (the same API path, auth and checks, without running
  anything), ${c.sequential} sequential invokes and ${c.concurrent} invokes with ${CALLERS} callers.
- **Overhead** is each invoke's round trip minus the handler's own time, as it measured it.
- **Cold start**: ${c.coldSamples} samples per target, alternating between them. Each creates a new function with
  its own package, waits until it is Active, then times its first Invoke (\`LogType: Tail\`, for the REPORT line's
  Init Duration); the handler confirms it ran in a new environment. The round trip includes unpacking and copying
  the code, spawning Node and loading the handler.
- Server CPU is the user+system CPU of the server's whole process tree (for Darkroom the emulator and its
  function environments) over the phase, per operation.
- DynamoDB: a table with \`pk\` (S) and \`sk\` (N) keys holding ${r.dynamoItems.partitions} partitions of
  ${r.dynamoItems.perPartition} items (~200 bytes each), filled first; ${c.dynamoWarmup} warm-up PutItems and Queries
  per target; then ${c.dynamoSequential} sequential PutItems (overwriting) and ${c.dynamoSequential} sequential
  Queries of one whole partition (${r.dynamoItems.perPartition} items, count checked), in ${r.rounds} rounds rotating
  through the targets. dynalite ${r.packages.find((p) => p.startsWith("dynalite"))?.split(" ")[1] ?? ""} runs standalone in its own process,
  as its CLI does: in memory, and on disk (LevelDB, which does not sync per write). It does not verify
  signatures; Darkroom does, and runs the same dynalite validation and expression code in-process over its state store.

### Lambda

${lambdaTable(r.lambda)}

Cold starts (first Invoke of a new function):

${coldTable(r.lambda)}

${lambdaVerdictTable(r.lambda)}

### DynamoDB

${dynamoTable(r.dynamo)}

Below 1× favours Darkroom.

${dynamoRatioTable(r.dynamo)}

${r.dynamo.map((d) => `- ${d.name}: ${d.durability}.`).join("\n")}
${durabilityCost(r.dynamo)}
`;
}
