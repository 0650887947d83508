import type { ChecksumMode } from "./load.ts";
import type { Machine, OtherCpu } from "./machine.ts";
import type { PhaseStats } from "./stats.ts";

export type PhaseName = "Put seq" | "Get seq" | "Put x16" | "Get x16";
export const PHASES: readonly PhaseName[] = ["Put seq", "Get seq", "Put x16", "Get x16"];

export interface PhaseResult extends PhaseStats {
  truncated: boolean;
  /** Server and bench-process CPU per operation, microseconds. */
  serverCpuUs: number;
  clientCpuUs: number;
}

export interface TargetResult {
  name: string;
  kind: "darkroom" | "s3rver" | "floor";
  persist: boolean;
  checksums: ChecksumMode;
  phases: Map<PhaseName, PhaseResult>;
}

export interface StartupResult {
  label: string;
  runsMs: number[];
  median: number;
  max: number;
}

/** Above this, other work on the machine is large enough to move the numbers. */
export const BUSY_MACHINE_PERCENT = 5;

export interface Report {
  date: string;
  command: string;
  machine: Machine;
  counts: {
    sequential: number;
    concurrent: number;
    concurrency: number;
    objectKiB: number;
    keyspace: number;
    warmup: number;
  };
  /** Slices per phase and target, rotated through the targets. */
  rounds: number;
  s3rverNote: string;
  /** 1-minute load average before the run and after it: other work on the machine skews everything. */
  load: { before: number; after: number };
  otherCpu: OtherCpu;
  targets: TargetResult[];
  startup: StartupResult[];
}

const P50_TARGET_MS = 2;

/** A number for a table cell: fixed digits, "n/a" when not a number. */
export const f = (n: number, digits = 2): string => (Number.isFinite(n) ? n.toFixed(digits) : "n/a");

/** A Markdown table. */
export function table(header: string[], rows: string[][]): string {
  const line = (cells: string[]) => `| ${cells.join(" | ")} |`;
  return [line(header), line(header.map(() => "---")), ...rows.map(line)].join("\n");
}

export function resultsTable(targets: TargetResult[]): string {
  const rows: string[][] = [];
  for (const t of targets) {
    for (const phase of PHASES) {
      const r = t.phases.get(phase);
      if (!r) continue;
      rows.push([
        t.name,
        t.checksums === "default" ? "SDK default" : "WHEN_REQUIRED",
        phase,
        `${r.ops}${r.truncated ? " (time cap)" : ""}`,
        f(r.p50),
        f(r.p99),
        f(r.opsPerSec, 0),
        f(r.serverCpuUs, 0),
        f(r.clientCpuUs, 0),
      ]);
    }
  }
  return table(
    [
      "target",
      "checksums",
      "phase",
      "ops",
      "p50 ms",
      "p99 ms",
      "ops/s",
      "server CPU µs/op",
      "client CPU µs/op",
    ],
    rows,
  );
}

/** Each Darkroom target against the s3rver row with the same checksum setting (or any s3rver row). */
export function ratioTable(targets: TargetResult[]): string {
  const rows: string[][] = [];
  for (const d of targets.filter((t) => t.kind === "darkroom")) {
    const peer =
      targets.find((t) => t.kind === "s3rver" && t.checksums === d.checksums) ??
      targets.find((t) => t.kind === "s3rver");
    if (!peer) continue;
    for (const phase of PHASES) {
      const a = d.phases.get(phase);
      const b = peer.phases.get(phase);
      if (!a || !b) continue;
      rows.push([d.name, phase, `${f(a.opsPerSec / b.opsPerSec)}×`, `${f(a.p50 / b.p50)}×`]);
    }
  }
  return table(["darkroom target", "phase", "throughput darkroom/s3rver", "p50 darkroom/s3rver"], rows);
}

interface Verdict {
  target: string;
  goal: string;
  measured: string;
  met: boolean;
}

export function verdicts(targets: TargetResult[]): Verdict[] {
  const out: Verdict[] = [];
  const s3rver = targets.find((t) => t.kind === "s3rver");
  for (const d of targets.filter((t) => t.kind === "darkroom" && t.checksums === "default")) {
    for (const phase of ["Put seq", "Get seq"] as const) {
      const r = d.phases.get(phase);
      if (r) {
        out.push({
          target: d.name,
          goal: `${phase} p50 < ${P50_TARGET_MS} ms`,
          measured: `${f(r.p50)} ms`,
          met: r.p50 < P50_TARGET_MS,
        });
      }
    }
    for (const phase of PHASES) {
      const a = d.phases.get(phase);
      const b = s3rver?.phases.get(phase);
      if (a && b) {
        out.push({
          target: d.name,
          goal: `${phase} ops/s ≥ s3rver`,
          measured: `${f(a.opsPerSec, 0)} vs ${f(b.opsPerSec, 0)}`,
          met: a.opsPerSec >= b.opsPerSec,
        });
      }
    }
  }
  return out;
}

export function verdictTable(targets: TargetResult[]): string {
  return table(
    ["darkroom target", "goal", "measured", "met"],
    verdicts(targets).map((v) => [v.target, v.goal, v.measured, v.met ? "yes" : "**no**"]),
  );
}

export function startupTable(startup: StartupResult[]): string {
  return table(
    ["process", "runs", "median ms", "max ms", "all runs ms"],
    startup.map((s) => [
      s.label,
      String(s.runsMs.length),
      f(s.median, 0),
      f(s.max, 0),
      s.runsMs.map((n) => n.toFixed(0)).join(", "),
    ]),
  );
}

/** The whole BENCHMARKS.md; `notes` is the hand-written tail kept from the previous file. */
export function renderMarkdown(r: Report, notes: string): string {
  const m = r.machine;
  const c = r.counts;
  return `# Benchmarks

Generated by \`${r.command}\` on ${r.date}. Every number below comes from that run;
rerun the command to refresh this file (\`DARKROOM_BENCH_WRITE=0\` only prints).

## Machine

- CPU: ${m.cpu}, ${m.cores} cores
- Memory: ${m.memoryGiB} GiB
- OS: ${m.os}
- Node: ${m.node}; client ${m.sdk}; peer ${m.s3rver}
- Emulator source: ${m.source}

## Method

- S3 PutObject and GetObject of ${c.objectKiB} KiB random objects over ${c.keyspace} keys (reused, so
  Puts overwrite), through one AWS SDK v3 \`S3Client\` configuration: path style, \`test:test\`
  credentials, the SDK's default checksum behaviour (CRC32 on Put, validation on Get) unless a row says
  \`WHEN_REQUIRED\`. GetObject bodies are read to the end and their length checked.
- Per target: ${c.warmup} warm-up Puts and ${c.warmup} warm-up Gets (steady state: the first few hundred requests
  of any Node server run slower while V8 optimises them), then ${c.sequential} sequential Puts, ${c.sequential}
  sequential Gets, ${c.concurrent} Puts with ${c.concurrency} in flight, ${c.concurrent} Gets with ${c.concurrency} in flight.
  All servers run at once and each phase is split into ${r.rounds} rounds that rotate through them, so other work
  on the machine hits every row alike. Latency is per request as the client sees it; ops/s is completed
  requests over the phase's wall time.
- The client runs in the bench process; each server runs in its own process (\`node --import tsx
  src/cli.ts\` for Darkroom with \`DARKROOM_LOG_REQUESTS=0\`, s3rver with \`silent\` and a temp directory).
  Server/client CPU columns are each process's user+system CPU time over the phase divided by its ops.
- ${r.s3rverNote}
- s3rver does not verify SigV4 signatures or \`x-amz-checksum-*\` values and does not fsync; Darkroom verifies both and, when
  persistent, fdatasyncs its log before every response.
- \`floor\` is a bare node:http server in its own process that reads each body and answers PUT with an
  empty 200 and GET with a fixed ${c.objectKiB} KiB body: no auth, checksums or storage. It is what the SDK client and
  loopback HTTP cost on this machine, the part of every row no server can remove.
- \`floor, durable\` is the same server doing the least a durable S3 server must per PUT: the body's MD5
  for the ETag, then a write into a log preallocated with zeros and an \`fdatasync\` before the answer.
  Its Put seq p50 is the lowest a durable server in Node can reach with this client on this machine.
- Other processes used ${f(r.otherCpu.percent, 1)}% of the machine's CPU time during the S3 phases
  (${f(r.otherCpu.ms / 1000, 1)} CPU-seconds)${r.otherCpu.percent > BUSY_MACHINE_PERCENT ? ", enough to skew the numbers: rerun on a quiet machine" : ""}.
  Load average (1 min) before the run: ${f(r.load.before)}; after: ${f(r.load.after)}, most of it the bench's own.
- Startup: spawn to the first 200 from \`GET /_localstack/health\` (asked once the emulator prints its
  \`DARKROOM_READY\` line on port 0, then every 2 ms), fresh state
  directory each run.

## S3 latency and throughput

${resultsTable(r.targets)}

## Darkroom / s3rver

Throughput above 1× and p50 below 1× favour Darkroom.

${ratioTable(r.targets)}

## Targets

${verdictTable(r.targets)}

## Startup

${startupTable(r.startup)}
${NOTES_MARKER}
${notes}`;
}

/** Text after this line in BENCHMARKS.md is hand-written and kept across runs. */
export const NOTES_MARKER =
  "\n<!-- Hand-written notes below this line are kept when the bench rewrites this file. -->\n";
