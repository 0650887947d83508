import { writeFileSync } from "node:fs";
import { loadavg } from "node:os";
import { BENCHMARKS_MD, previousNotes } from "./benchmarks-file.ts";
import { type ChecksumMode, createBucket, KEYSPACE, makeClient, OBJECT_BYTES } from "./load.ts";
import { describeMachine } from "./machine.ts";
import { CONCURRENCY, measureAll, ROUNDS, type TargetSpec, WARMUP_OPS } from "./measure.ts";
import { benchOptions } from "./options.ts";
import { startDarkroom, startFloor, startS3rver } from "./peers.ts";
import {
  type Report,
  ratioTable,
  renderMarkdown,
  resultsTable,
  type StartupResult,
  startupTable,
  verdictTable,
} from "./report.ts";
import { verifyRoundTrip } from "./roundtrip.ts";
import { timeBareTsxNode, timeStartup } from "./startup.ts";
import { median } from "./stats.ts";

/**
 * `npm run bench:emulator`: S3 Put/Get latency and throughput of Darkroom (persistent and
 * in memory) against s3rver, plus emulator startup, then rewrites BENCHMARKS.md.
 * `--no-write` or DARKROOM_BENCH_WRITE=0 only prints; `--quick` runs a tenth of the work and never writes.
 */

const { quick, write, scale, command } = benchOptions("bench:emulator", "s3-bench.ts");
const SEQUENTIAL = Math.round(2000 * scale);
const CONCURRENT = Math.round(4000 * scale);
const STARTUP_RUNS = quick ? 2 : 10;

/** s3rver gets the SDK's default checksums unless they break it; then both sides switch, for a fair row. */
async function s3rverChecksums(): Promise<{ mode: ChecksumMode; note: string }> {
  const peer = await startS3rver();
  const client = makeClient(peer.url, "default");
  try {
    await createBucket(client, "probe");
    await verifyRoundTrip(client, "probe");
    return {
      mode: "default",
      note:
        "s3rver accepts the SDK's default checksum behaviour as is: for a Buffer body the SDK sends CRC32 " +
        "in an `x-amz-checksum-crc32` header, not an aws-chunked body with a trailer, so no client change was needed.",
    };
  } catch (err) {
    return {
      mode: "when-required",
      note:
        `s3rver rejected the SDK's default checksums (${(err as Error).message}); its client uses ` +
        '`requestChecksumCalculation: "WHEN_REQUIRED"` and a Darkroom row with the same setting is added.',
    };
  } finally {
    client.destroy();
    await peer.stop();
  }
}

async function startupRuns(label: string, once: () => Promise<number>, runs: number): Promise<StartupResult> {
  const runsMs: number[] = [];
  for (let i = 0; i < runs; i++) runsMs.push(await once());
  process.stderr.write(`  startup ${label}: median ${median(runsMs).toFixed(0)} ms\n`);
  return { label, runsMs, median: median(runsMs), max: Math.max(...runsMs) };
}

async function main(): Promise<void> {
  const began = performance.now();
  const loadBefore = loadavg()[0]!;
  const probe = await s3rverChecksums();
  const specs: TargetSpec[] = [
    {
      name: "darkroom persistent",
      kind: "darkroom",
      persist: true,
      checksums: "default",
      start: () => startDarkroom(true),
    },
    {
      name: "darkroom in-memory",
      kind: "darkroom",
      persist: false,
      checksums: "default",
      start: () => startDarkroom(false),
    },
    { name: "s3rver", kind: "s3rver", persist: true, checksums: probe.mode, start: startS3rver },
    { name: "floor", kind: "floor", persist: false, checksums: "default", start: () => startFloor(false) },
    {
      name: "floor, durable",
      kind: "floor",
      persist: true,
      checksums: "default",
      start: () => startFloor(true),
    },
  ];
  if (probe.mode === "when-required") {
    specs.push({
      name: "darkroom persistent, WHEN_REQUIRED",
      kind: "darkroom",
      persist: true,
      checksums: "when-required",
      start: () => startDarkroom(true),
    });
  }
  const { targets, otherCpu } = await measureAll(specs, { sequential: SEQUENTIAL, concurrent: CONCURRENT });
  const startup = [
    await startupRuns("darkroom in-memory", () => timeStartup(false), STARTUP_RUNS),
    await startupRuns("darkroom persistent (empty state dir)", () => timeStartup(true), STARTUP_RUNS),
    await startupRuns("`node --import tsx` on an empty module, to exit", timeBareTsxNode, STARTUP_RUNS),
  ];
  const report: Report = {
    date: new Date().toISOString(),
    command,
    machine: describeMachine(),
    counts: {
      sequential: SEQUENTIAL,
      concurrent: CONCURRENT,
      concurrency: CONCURRENCY,
      objectKiB: OBJECT_BYTES / 1024,
      keyspace: KEYSPACE,
      warmup: WARMUP_OPS,
    },
    rounds: ROUNDS,
    s3rverNote: probe.note,
    load: { before: loadBefore, after: loadavg()[0]! },
    otherCpu,
    targets,
    startup,
  };
  process.stdout.write(
    `\n${resultsTable(targets)}\n\n${ratioTable(targets)}\n\n${verdictTable(targets)}\n\n${startupTable(startup)}\n`,
  );
  if (write) {
    writeFileSync(BENCHMARKS_MD, renderMarkdown(report, previousNotes()));
    process.stdout.write(`\nwrote ${BENCHMARKS_MD}\n`);
  }
  process.stdout.write(
    `other processes used ${otherCpu.percent.toFixed(1)}% of the machine's CPU during the S3 phases\n`,
  );
  process.stdout.write(`bench took ${((performance.now() - began) / 1000).toFixed(0)} s\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`bench failed: ${(err as Error).stack ?? String(err)}\n`);
  process.exit(1);
});
