import { loadavg } from "node:os";
import { BENCHMARKS_MD, writeSection } from "./benchmarks-file.ts";
import { dynamoClient, PARTITIONS, PER_PARTITION } from "./dynamodb-load.ts";
import { type DynamoTarget, measureDynamo } from "./dynamodb-measure.ts";
import { BENCH_RUNTIME, lambdaClient } from "./lambda-functions.ts";
import { type LambdaTarget, measureLambda } from "./lambda-measure.ts";
import {
  coldTable,
  dynamoRatioTable,
  dynamoTable,
  type LambdaReport,
  lambdaTable,
  lambdaVerdictTable,
  renderLambdaSection,
} from "./lambda-report.ts";
import { describeMachine, otherCpuMeter, packageVersion, processTreeCpuMs, selfCpuMs } from "./machine.ts";
import { benchOptions } from "./options.ts";
import { type Peer, startDarkroom, startDynalite } from "./peers.ts";

/**
 * `npm run bench:lambda`: Lambda cold start, warm invoke overhead and throughput with 8
 * callers through the real SDK against the emulator, and DynamoDB PutItem/Query against
 * the emulator and dynalite standalone; writes its section of BENCHMARKS.md.
 * `--no-write` or DARKROOM_BENCH_WRITE=0 only prints; `--quick` runs a tenth of the work and never writes.
 */

const { quick, write, scale, command } = benchOptions("bench:lambda", "lambda-bench.ts");
const ROUNDS = 4;
const COUNTS = {
  warmup: Math.round(300 * scale),
  dryRun: Math.round(1000 * scale),
  sequential: Math.round(2000 * scale),
  concurrent: Math.round(2000 * scale),
  coldSamples: quick ? 2 : 10,
  dynamoWarmup: Math.round(500 * scale),
  dynamoSequential: Math.round(2000 * scale),
};
const SECTION = "bench:lambda";

async function main(): Promise<void> {
  const began = performance.now();
  const loadBefore = loadavg()[0]!;
  const peers: Peer[] = [];
  const start = async (peer: Promise<Peer>) => {
    const p = await peer;
    peers.push(p);
    return p;
  };
  const lambdaTargets: LambdaTarget[] = [];
  const dynamoTargets: DynamoTarget[] = [];
  try {
    const persistent = await start(startDarkroom(true));
    const inMemory = await start(startDarkroom(false));
    const dynaliteMemory = await start(startDynalite(false));
    const dynaliteDisk = await start(startDynalite(true));
    lambdaTargets.push(
      { name: "darkroom persistent", peer: persistent, client: lambdaClient(persistent.url) },
      { name: "darkroom in-memory", peer: inMemory, client: lambdaClient(inMemory.url) },
    );
    dynamoTargets.push(
      {
        name: "darkroom persistent",
        kind: "darkroom",
        durability: "every acknowledged write fdatasync'd to its log (the default)",
        peer: persistent,
        client: dynamoClient(persistent.url),
      },
      {
        name: "darkroom in-memory",
        kind: "darkroom",
        durability: "`DARKROOM_PERSIST=0`, nothing written to disk",
        peer: inMemory,
        client: dynamoClient(inMemory.url),
      },
      {
        name: "dynalite in-memory",
        kind: "dynalite",
        durability: "memory-level, nothing written to disk",
        peer: dynaliteMemory,
        client: dynamoClient(dynaliteMemory.url),
      },
      {
        name: "dynalite on disk",
        kind: "dynalite",
        durability:
          "LevelDB (`--path`), written without a sync: a write survives `kill -9` but not a power loss",
        peer: dynaliteDisk,
        client: dynamoClient(dynaliteDisk.url),
      },
    );
    const otherCpu = otherCpuMeter(
      () => peers.reduce((n, p) => n + processTreeCpuMs(p.pid), 0) + selfCpuMs(),
    );
    process.stderr.write("Lambda:\n");
    const lambda = await measureLambda(lambdaTargets, COUNTS, ROUNDS);
    process.stderr.write("DynamoDB:\n");
    const dynamo = await measureDynamo(
      dynamoTargets,
      { warmup: COUNTS.dynamoWarmup, sequential: COUNTS.dynamoSequential },
      ROUNDS,
    );
    const report: LambdaReport = {
      date: new Date().toISOString(),
      command,
      machine: describeMachine(),
      packages: ["@aws-sdk/client-lambda", "@aws-sdk/client-dynamodb", "dynalite"].map(
        (name) => `${name} ${packageVersion(name)}`,
      ),
      runtime: BENCH_RUNTIME,
      counts: COUNTS,
      rounds: ROUNDS,
      dynamoItems: { partitions: PARTITIONS, perPartition: PER_PARTITION },
      load: { before: loadBefore, after: loadavg()[0]! },
      otherCpu: otherCpu(),
      lambda,
      dynamo,
    };
    process.stdout.write(
      [
        lambdaTable(lambda),
        coldTable(lambda),
        lambdaVerdictTable(lambda),
        dynamoTable(dynamo),
        dynamoRatioTable(dynamo),
      ]
        .map((t) => `\n${t}\n`)
        .join(""),
    );
    process.stdout.write(
      `\nother processes used ${report.otherCpu.percent.toFixed(1)}% of the machine's CPU; ` +
        `load average ${report.load.before.toFixed(2)} before, ${report.load.after.toFixed(2)} after\n`,
    );
    if (write) {
      writeSection(SECTION, renderLambdaSection(report));
      process.stdout.write(`wrote its section of ${BENCHMARKS_MD}\n`);
    }
  } finally {
    for (const t of [...lambdaTargets, ...dynamoTargets]) t.client.destroy();
    for (const p of peers) await p.stop();
  }
  process.stdout.write(`bench took ${((performance.now() - began) / 1000).toFixed(0)} s\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`bench failed: ${(err as Error).stack ?? String(err)}\n`);
  process.exit(1);
});
