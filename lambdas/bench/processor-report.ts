import { VARIANT_NAMES } from "@darkroom/image-record";
import type { Machine } from "../../emulator/bench/machine.ts";
import { BUSY_MACHINE_PERCENT, f, table } from "../../emulator/bench/report.ts";
import type { EncoderOptionResult } from "./encoder-options.ts";
import type { Original } from "./originals.ts";
import type { PartCost, StepTime } from "./part-costs.ts";
import { TARGET_IN_FLIGHT, type ThroughputPlan, type ThroughputRun } from "./throughput.ts";
import type { Implementation, VariantOutput } from "./variant-output.ts";

/** Issue 4: the processor at least this many times the obvious baseline's images/s on 12 MP. */
export const TARGET_RATIO = 2;

export interface OriginalRun {
  original: Original;
  /** Whether the target is judged on this original. */
  target: boolean;
  plan: ThroughputPlan;
  run: ThroughputRun;
  outputs: Map<string, VariantOutput[]>;
}

export interface ProcessorReport {
  date: string;
  command: string;
  machine: Machine;
  versions: { sharp: string; libvips: string; mozjpeg: string; webp: string; png: string; zlib: string };
  sharpConcurrency: number;
  threadPool: string;
  source: string;
  load: { before: number; after: number };
  implementations: readonly Implementation[];
  processor: string;
  baseline: string;
  runs: OriginalRun[];
  parts: { original: Original; costs: PartCost[] };
  encoderOptions: { photos: string[]; results: EncoderOptionResult[] };
  encoderChoice: (option: EncoderOptionResult) => "processor" | "baseline" | "both" | "";
}

const mp = (o: Original) => (o.width * o.height) / 1e6;
const shown = (o: Original) => (o.orientation >= 5 ? `${o.height}x${o.width}` : `${o.width}x${o.height}`);
const kib = (bytes: number) => f(bytes / 1024, 0);

function ratioOf(r: OriginalRun, name: string, baseline: string): number {
  const of = (n: string) => r.run.results.find((x) => x.name === n)!;
  return of(name).imagesPerSec / of(baseline).imagesPerSec;
}

function originalsTable(runs: OriginalRun[]): string {
  return table(
    ["original", "stored", "EXIF orientation", "shown", "bytes", "bits/pixel", "SHA-256 (first 16)"],
    runs.map(({ original: o }) => [
      o.name,
      `${o.width}x${o.height} (${f(mp(o), 1)} MP)`,
      String(o.orientation),
      shown(o),
      String(o.bytes.length),
      f((o.bytes.length * 8) / (o.width * o.height), 2),
      o.sha256.slice(0, 16),
    ]),
  );
}

function throughputTable(r: ProcessorReport): string {
  const rows: string[][] = [];
  for (const run of r.runs) {
    for (const x of run.run.results) {
      const ratio = ratioOf(run, x.name, r.baseline);
      const cpuRatio = run.run.results.find((y) => y.name === r.baseline)!.cpuMsPerImage / x.cpuMsPerImage;
      rows.push([
        run.original.name,
        String(run.plan.inFlight),
        x.name,
        String(x.images),
        f(x.p50, 0),
        f(x.p95, 0),
        f(x.imagesPerSec, 3),
        x.name === r.baseline ? "1×" : `**${f(ratio)}×**`,
        f(x.cpuMsPerImage, 0),
        x.name === r.baseline ? "1×" : `${f(cpuRatio)}×`,
        f((x.imagesPerSec * x.cpuMsPerImage) / 1000, 2),
      ]);
    }
  }
  return table(
    [
      "original",
      "in flight",
      "implementation",
      "images",
      "p50 ms",
      "p95 ms",
      "images/s",
      "images/s vs baseline in turn",
      "CPU ms/image",
      "CPU baseline in turn / this",
      "cores busy",
    ],
    rows,
  );
}

function loadLines(runs: OriginalRun[]): string {
  return runs
    .map(({ original, plan, run }) => {
      const o = run.other;
      const busy = o.percent > BUSY_MACHINE_PERCENT ? " — enough to skew the figures" : "";
      return `  - ${original.name}, ${plan.inFlight} in flight: ${f(o.percent, 1)}% (${f(o.ms / 1000, 1)} CPU-seconds over ${f(run.wallMs / 1000, 0)} s)${busy}`;
    })
    .join("\n");
}

function targetTable(r: ProcessorReport): string {
  return table(
    ["original", "goal", "measured", "met"],
    r.runs
      .filter((run) => run.target && run.plan.inFlight === TARGET_IN_FLIGHT)
      .map((run) => {
        const ratio = ratioOf(run, r.processor, r.baseline);
        return [
          run.original.name,
          `processor images/s ≥ ${TARGET_RATIO}× the per-variant baseline's, ${run.plan.inFlight} in flight`,
          `${f(ratio)}×`,
          ratio >= TARGET_RATIO ? "yes" : "**no**",
        ];
      }),
  );
}

function bytesTable(r: ProcessorReport): string {
  const rows: string[][] = [];
  // Each original once: the bytes do not depend on how many images are in flight.
  const once = r.runs.filter((run, i) => r.runs.findIndex((x) => x.original === run.original) === i);
  for (const run of once) {
    for (const name of VARIANT_NAMES) {
      const cells = r.implementations.map((impl) => {
        const out = run.outputs.get(impl.name)?.find((o) => o.name === name);
        return out ? `${kib(out.body.length)} (${out.width}x${out.height})` : "–";
      });
      rows.push([run.original.name, name, ...cells]);
    }
  }
  return table(["original", "variant", ...r.implementations.map((i) => `${i.name}, KiB`)], rows);
}

function partsTable(parts: PartCost[]): string {
  const time = (t: StepTime | null) => (t === null ? "–" : `${f(t.ms, 0)} / ${f(t.cpuMs, 0)}`);
  const total = (pick: (p: PartCost) => StepTime | null) => {
    const steps = parts.map(pick).filter((t): t is StepTime => t !== null);
    return time({ ms: steps.reduce((s, t) => s + t.ms, 0), cpuMs: steps.reduce((s, t) => s + t.cpuMs, 0) });
  };
  const rows = parts.map((p) => [
    p.part,
    time(p.baseline),
    p.baselineBytes === null ? "–" : kib(p.baselineBytes),
    time(p.processor),
    p.processorBytes === null ? "–" : kib(p.processorBytes),
  ]);
  // The baseline's decode row is already inside each of its variants.
  rows.push([
    "**sum** (baseline: its 5 variants)",
    total((p) => (p.baselineBytes === null ? null : p.baseline)),
    "",
    total((p) => p.processor),
    "",
  ]);
  return table(
    ["step", "baseline wall / CPU ms", "baseline KiB", "processor wall / CPU ms", "processor KiB"],
    rows,
  );
}

function encoderTable(r: ProcessorReport): string {
  const { photos, results } = r.encoderOptions;
  return table(
    [
      "encoder",
      "setting",
      "used by",
      `ms (${r.parts.original.name})`,
      ...photos.map((p) => `KiB ${p}`),
      `PSNR dB (${photos[0]})`,
    ],
    results.map((x) => [
      x.encoder,
      x.setting,
      r.encoderChoice(x),
      f(x.ms, 0),
      ...x.bytes.map((b) => f(b / 1024, 1)),
      x.psnr === null ? "lossless" : f(x.psnr),
    ]),
  );
}

export function renderProcessorSection(r: ProcessorReport): string {
  const m = r.machine;
  const describe = r.implementations.map((i) => `  - **${i.name}**: ${i.description}.`).join("\n");
  const plans = r.runs
    .map(
      (run) =>
        `${run.original.name} with ${run.plan.inFlight} in flight: ${run.plan.warmup} warm-up and ` +
        `${run.plan.images} measured images each`,
    )
    .join("; ");
  return `## Image processor throughput

Generated by \`${r.command}\` on ${r.date}. Every number in this section comes from that run;
rerun the command to refresh it (\`DARKROOM_BENCH_WRITE=0\` only prints).

- Machine: ${m.cpu}, ${m.cores} cores, ${m.memoryGiB} GiB; ${m.os}. Node ${m.node}.
- sharp ${r.versions.sharp}, libvips ${r.versions.libvips} (mozjpeg ${r.versions.mozjpeg}, libwebp ${r.versions.webp},
  libpng ${r.versions.png}, zlib-ng ${r.versions.zlib}); \`sharp.concurrency()\` ${r.sharpConcurrency}, libuv thread pool ${r.threadPool};
  libvips' operation cache off, as the handler sets it. Processor source: ${r.source}.
- Load average (1 min) before the run: ${f(r.load.before)}; after: ${f(r.load.after)}. Processes other than the bench
  used this share of the machine's CPU time during each original's throughput runs:
${loadLines(r.runs)}

### Method

- Everything runs in the bench process, in-process: no S3, DynamoDB or Rekognition, only the image work
  (the processor's download, writes and labels are I/O, not CPU, and the same for any approach).
- Implementations, each producing the 5 variants of \`VARIANT_SPECS\` (checked on every original before
  timing: names, formats, sizes from the oriented size, no EXIF or ICC profile, 8-bit sRGB):
${describe}
- Originals are generated from \`lambdas/test-fixtures/coffee.png\` (CC0): upscaled, seeded sensor-like grain
  (so they compress like photos), JPEG q90 with EXIF Make/Model and Orientation, cached in the OS temp directory.
- ${TARGET_IN_FLIGHT} images in flight per implementation (two callers, each starting its next image when one is
  done), as the issue asks; the 12 MP original also with 1 in flight, which is how a Lambda environment works (one
  event at a time, on its own vCPUs): there latency is what is billed. ${plans}; in ${r.runs[0]?.plan.rounds ?? 0} rounds rotating through the implementations, so load from elsewhere
  lands on all of them. Latency is one image's start to its last variant; images/s is images over the wall
  time of that implementation's slices; CPU ms/image is the bench process's user+system CPU over them;
  cores busy is images/s × CPU per image (2 = this machine saturated).
- "Where the time goes" runs each step alone, one after another: median wall and CPU time of 3 runs after one
  unmeasured run. A baseline variant's pipeline decodes and encodes on two libvips threads at once, so its CPU time
  exceeds its wall time; the processor's encoders read finished pixels and run on one thread each.

### Originals

${originalsTable(r.runs)}

### Throughput

${throughputTable(r)}

${targetTable(r)}

### Output bytes per variant

${bytesTable(r)}

### Where the time goes (${r.parts.original.name}, each step alone)

${partsTable(r.parts.costs)}

### Encoder settings (on each photo's decoded pixels, one encode at a time)

The first photo is the bench's ${r.parts.original.name} original; the others are the real photographs of
\`lambdas/test-fixtures\` at their own size (no upscaling, no added grain). Quality numbers are the specs'.

${encoderTable(r)}`;
}
