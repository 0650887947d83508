import { execFileSync } from "node:child_process";
import { loadavg } from "node:os";
import {
  CloudWatchClient,
  type MetricDatum,
  PutMetricAlarmCommand,
  type PutMetricAlarmCommandInput,
  PutMetricDataCommand,
} from "@aws-sdk/client-cloudwatch";
import { writeSection } from "./benchmarks-file.ts";
import { describeMachine, packageVersion } from "./machine.ts";
import { benchOptions } from "./options.ts";
import { type Peer, startDarkroom, startMoto } from "./peers.ts";
import { median, percentile } from "./stats.ts";

/**
 * `npm run bench:cloudwatch`: PutMetricData throughput through the JS SDK (one datum per
 * call, and 1,000 per call), and the time one evaluation of 1,000 alarms takes over 24 h
 * of data (POST /_darkroom/cloudwatch/evaluate), against the emulator as `npm run
 * emulator` runs it (persistent state). PutMetricData runs against moto's server too, in
 * the same run, when Python has moto (moto stores alarms but never evaluates them, so the
 * evaluation has no peer). `--no-write` only prints; `--quick` runs a tenth.
 */

const { quick, write, scale, command } = benchOptions("bench:cloudwatch", "cloudwatch-bench.ts");
const SECTION = "bench:cloudwatch";
const MINUTE = 60_000;
const COUNTS = {
  singleCalls: Math.round(2000 * scale),
  batchCalls: Math.round(100 * scale),
  alarms: Math.round(1000 * scale),
  rounds: 5,
};
/** The alarms watch this many series, a day of one-minute datapoints each. */
const SERIES = Math.max(10, Math.round(COUNTS.alarms / 10));
const DAY_MINUTES = 24 * 60;

/** `gzip: false` for moto, which cannot read the gzip bodies the SDK sends for PutMetricData over 10 KiB. */
function client(url: string, gzip = true): CloudWatchClient {
  return new CloudWatchClient({
    endpoint: url,
    region: "us-east-1",
    credentials: { accessKeyId: "test", secretAccessKey: "test" },
    maxAttempts: 1,
    disableRequestCompression: !gzip,
  });
}

interface Throughput {
  label: string;
  calls: number;
  datums: number;
  wallMs: number;
  p50Ms: number;
  p99Ms: number;
}

async function putThroughput(
  cw: CloudWatchClient,
  label: string,
  calls: number,
  batch: number,
): Promise<Throughput> {
  const latencies: number[] = [];
  const now = Date.now();
  const began = performance.now();
  for (let c = 0; c < calls; c++) {
    const data: MetricDatum[] = Array.from({ length: batch }, (_, i) => ({
      MetricName: `Latency${i % 20}`,
      Dimensions: [{ Name: "Function", Value: `fn-${(c + i) % 50}` }],
      Value: (c * 7 + i) % 1000,
      Unit: "Milliseconds",
      Timestamp: new Date(now - ((c + i) % 60) * 1000),
    }));
    const t = performance.now();
    await cw.send(new PutMetricDataCommand({ Namespace: "Bench/Throughput", MetricData: data }));
    latencies.push(performance.now() - t);
  }
  const wallMs = performance.now() - began;
  latencies.sort((a, b) => a - b);
  return {
    label,
    calls,
    datums: calls * batch,
    wallMs,
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
  };
}

/** A day of one-minute datapoints for each series, 1,000 datums a call. */
async function loadDay(cw: CloudWatchClient, end: number): Promise<number> {
  const start = end - DAY_MINUTES * MINUTE;
  let pending: MetricDatum[] = [];
  let datums = 0;
  const flush = async () => {
    if (pending.length === 0) return;
    await cw.send(new PutMetricDataCommand({ Namespace: "Bench/Alarms", MetricData: pending }));
    datums += pending.length;
    pending = [];
  };
  for (let s = 0; s < SERIES; s++) {
    for (let m = 0; m < DAY_MINUTES; m++) {
      pending.push({
        MetricName: "Errors",
        Dimensions: [{ Name: "Function", Value: `fn-${s}` }],
        Value: (s * 31 + m * 17) % 10,
        Unit: "Count",
        Timestamp: new Date(start + m * MINUTE + 1000),
      });
      if (pending.length === 1000) await flush();
    }
  }
  await flush();
  return datums;
}

/** Alarms of every kind the engine evaluates: Sum, Average, p95, M of N, and a metric-math rate. */
function alarm(i: number): PutMetricAlarmCommandInput {
  const dimensions = [{ Name: "Function", Value: `fn-${i % SERIES}` }];
  const base = {
    AlarmName: `bench-${String(i).padStart(5, "0")}`,
    EvaluationPeriods: 5,
    DatapointsToAlarm: 3,
    Threshold: i % 10,
    ComparisonOperator: "GreaterThanThreshold" as const,
    TreatMissingData: "notBreaching",
  };
  switch (i % 4) {
    case 0:
      return {
        ...base,
        Namespace: "Bench/Alarms",
        MetricName: "Errors",
        Dimensions: dimensions,
        Statistic: "Sum",
        Period: 60,
      };
    case 1:
      return {
        ...base,
        Namespace: "Bench/Alarms",
        MetricName: "Errors",
        Dimensions: dimensions,
        Statistic: "Average",
        Period: 300,
      };
    case 2:
      return {
        ...base,
        Namespace: "Bench/Alarms",
        MetricName: "Errors",
        Dimensions: dimensions,
        ExtendedStatistic: "p95",
        Period: 60,
      };
    default:
      return {
        ...base,
        Metrics: [
          {
            Id: "e",
            MetricStat: {
              Metric: { Namespace: "Bench/Alarms", MetricName: "Errors", Dimensions: dimensions },
              Period: 60,
              Stat: "Sum",
            },
            ReturnData: false,
          },
          {
            Id: "n",
            MetricStat: {
              Metric: { Namespace: "Bench/Alarms", MetricName: "Errors", Dimensions: dimensions },
              Period: 60,
              Stat: "SampleCount",
            },
            ReturnData: false,
          },
          { Id: "rate", Expression: "100*e/(n*10)", ReturnData: true },
        ],
      };
  }
}

interface EvaluationRun {
  wallMs: number;
  evaluated: number;
  transitions: number;
  errors: number;
}

async function evaluateOnce(url: string, at: number): Promise<EvaluationRun> {
  const t = performance.now();
  const res = await fetch(`${url}/_darkroom/cloudwatch/evaluate?at=${at}`, { method: "POST" });
  const report = (await res.json()) as { evaluated: number; transitions: unknown[]; errors: unknown[] };
  if (res.status !== 200) throw new Error(`evaluate answered ${res.status}`);
  return {
    wallMs: performance.now() - t,
    evaluated: report.evaluated,
    transitions: report.transitions.length,
    errors: report.errors.length,
  };
}

const fmt = (n: number, digits = 1) => n.toFixed(digits);

/** The same two PutMetricData runs against moto, or null without moto. */
async function motoThroughput(): Promise<[Throughput, Throughput] | null> {
  const moto = await startMoto();
  if (!moto) return null;
  const cw = client(moto.url, false);
  try {
    await putThroughput(cw, "warm-up", Math.round(200 * scale), 10);
    return [
      await putThroughput(cw, "1 datum per call", COUNTS.singleCalls, 1),
      await putThroughput(cw, "1,000 datums per call", COUNTS.batchCalls, 1000),
    ];
  } finally {
    cw.destroy();
    await moto.stop();
  }
}

function motoVersion(): string {
  const python = process.env.DARKROOM_PYTHON ?? "python3";
  return execFileSync(python, ["-c", "import moto; print(moto.__version__)"], { encoding: "utf8" }).trim();
}

async function main(): Promise<void> {
  const loadBefore = loadavg()[0]!;
  // The schedule stays out of the measurement: only the bench's own evaluations run.
  process.env.DARKROOM_ALARM_INTERVAL = "86400";
  const peer: Peer = await startDarkroom(true);
  const cw = client(peer.url);
  try {
    await putThroughput(cw, "warm-up", Math.round(200 * scale), 10);
    const single = await putThroughput(cw, "1 datum per call", COUNTS.singleCalls, 1);
    const batched = await putThroughput(cw, "1,000 datums per call", COUNTS.batchCalls, 1000);
    const moto = await motoThroughput();

    const end = Math.floor(Date.now() / MINUTE) * MINUTE;
    const loadBegan = performance.now();
    const loaded = await loadDay(cw, end);
    const loadMs = performance.now() - loadBegan;
    for (let i = 0; i < COUNTS.alarms; i++) await cw.send(new PutMetricAlarmCommand(alarm(i)));

    const runs: EvaluationRun[] = [];
    for (let r = 0; r < COUNTS.rounds; r++)
      runs.push(await evaluateOnce(peer.url, end - MINUTE * (COUNTS.rounds - r) + 30_000));
    const first = runs[0]!;
    const steady = runs.slice(1).map((r) => r.wallMs);
    const loadAfter = loadavg()[0]!;
    const machine = describeMachine();

    const rate = (t: Throughput) => (t.datums / t.wallMs) * 1000;
    const rows = [single, batched].map((t, i) => {
      const peer = moto?.[i];
      const vsMoto = peer ? `${fmt(rate(peer), 0)} | ${fmt(rate(t) / rate(peer), 2)}x` : "not run | -";
      return `| ${t.label} | ${t.calls} | ${t.datums} | ${fmt(rate(t), 0)} | ${fmt(t.p50Ms, 2)} | ${fmt(t.p99Ms, 2)} | ${vsMoto} |`;
    });
    const body = `## CloudWatch: PutMetricData and alarm evaluation

Generated by \`${command}\` on ${new Date().toISOString()}; ${machine.cpu}, ${machine.cores} cores, ${machine.memoryGiB} GiB, ${machine.os}, Node ${machine.node}, @aws-sdk/client-cloudwatch ${packageVersion("@aws-sdk/client-cloudwatch")}, source ${machine.source}. Load average ${fmt(loadBefore, 2)} before, ${fmt(loadAfter, 2)} after (2 cores: other work on the machine shows as load above ~1)${quick ? "; **--quick run: a tenth of the work**" : ""}. The emulator runs in its own process with persistent state (every acknowledged write fdatasync'd), the client is the JS SDK (awsJson1_0), one call at a time. The peer is moto ${moto ? `${motoVersion()} (\`python3 -m moto.server\`, in memory, no durability; its client sends uncompressed bodies, which moto needs, while Darkroom's gets the SDK's default gzip for bodies over 10 KiB)` : "(not installed: no peer run)"}, measured in the same run with the same calls.

PutMetricData throughput:

| Calls | Calls made | Datums | Datums/s | p50 ms/call | p99 ms/call | moto datums/s | Darkroom / moto |
| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |
${rows.join("\n")}

Alarm evaluation: ${COUNTS.alarms} alarms (a quarter each Sum/60 s, Average/300 s, p95/60 s and a metric-math rate over two queries; 3 of 5 periods) on ${SERIES} series holding 24 h of one-minute data (${loaded} datums, loaded in ${fmt(loadMs / 1000, 1)} s). One evaluation is one \`POST /_darkroom/cloudwatch/evaluate\`, which evaluates every alarm and answers when done (state changes, history and the store's flush included):

| Evaluation | Wall ms | Per alarm ms | Alarms | Transitions |
| --- | ---: | ---: | ---: | ---: |
| first (every alarm leaves INSUFFICIENT_DATA) | ${fmt(first.wallMs, 0)} | ${fmt(first.wallMs / Math.max(1, first.evaluated), 3)} | ${first.evaluated} | ${first.transitions} |
| next ${steady.length}, median | ${fmt(median(steady), 0)} | ${fmt(median(steady) / Math.max(1, first.evaluated), 3)} | ${runs[1]?.evaluated ?? 0} | ${runs
      .slice(1)
      .map((r) => r.transitions)
      .join(", ")} |
${runs.some((r) => r.errors > 0) ? `\nEvaluation errors reported: ${runs.map((r) => r.errors).join(", ")}.\n` : ""}`;
    process.stdout.write(`${body}\n`);
    if (write) writeSection(SECTION, body);
  } finally {
    cw.destroy();
    await peer.stop();
  }
}

await main();
