import { execFileSync } from "node:child_process";
import { loadavg } from "node:os";
import { fileURLToPath } from "node:url";
import sharp from "sharp";
import { BENCHMARKS_MD, writeSection } from "../../emulator/bench/benchmarks-file.ts";
import { describeMachine } from "../../emulator/bench/machine.ts";
import { benchOptions } from "../../emulator/bench/options.ts";
import {
  FIXTURE_PHOTOS,
  fixturePhoto,
  measureEncoderOptions,
  SHARP_DEFAULTS,
  uses,
} from "./encoder-options.ts";
import { loadOriginal, type Original, type OriginalSpec } from "./originals.ts";
import { checkOutputs } from "./output-check.ts";
import { measurePartCosts } from "./part-costs.ts";
import { concurrentTunedBaseline, obviousBaseline } from "./per-variant-baselines.ts";
import { PROCESSOR_ENCODER_SETTINGS } from "./processor-encoder-settings.ts";
import { processorImplementation } from "./processor-implementation.ts";
import { type OriginalRun, renderProcessorSection } from "./processor-report.ts";
import { measureThroughput, TARGET_IN_FLIGHT, type ThroughputPlan } from "./throughput.ts";

/**
 * `npm run bench:processor`: the processor's decode-once pipeline against the per-variant
 * approach on generated 12 MP and 1 MP JPEGs, 2 images in flight; writes its section of
 * BENCHMARKS.md. `--no-write` or DARKROOM_BENCH_WRITE=0 only prints; `--quick` runs a fraction and never writes.
 */

const options = benchOptions("bench:processor", "processor-bench.ts");
const command = process.env.npm_lifecycle_event
  ? options.command
  : ["node --import tsx lambdas/bench/processor-bench.ts", ...process.argv.slice(2)].join(" ");
const ROUNDS = options.quick ? 2 : 4;
const REPEATS = options.quick ? 1 : 3;
const SECTION = "bench:processor";

/** 12 MP as phones write it: landscape (Orientation 1), the target's; held upright (6) for comparison. */
const TWELVE_MP: OriginalSpec = { name: "12 MP", width: 4000, height: 3000, orientation: 1 };
const TWELVE_MP_PORTRAIT: OriginalSpec = {
  name: "12 MP portrait",
  width: 4000,
  height: 3000,
  orientation: 6,
};
const ONE_MP: OriginalSpec = { name: "1 MP", width: 1152, height: 864, orientation: 1 };

const count = (full: number, quick: number) => (options.quick ? quick : full);
const RUNS: { spec: OriginalSpec; target: boolean; plan: ThroughputPlan }[] = [
  {
    spec: TWELVE_MP,
    target: true,
    plan: { inFlight: TARGET_IN_FLIGHT, warmup: 2, images: count(24, 4), rounds: ROUNDS },
  },
  { spec: TWELVE_MP, target: false, plan: { inFlight: 1, warmup: 1, images: count(8, 2), rounds: ROUNDS } },
  {
    spec: TWELVE_MP_PORTRAIT,
    target: false,
    plan: { inFlight: TARGET_IN_FLIGHT, warmup: 2, images: count(16, 4), rounds: ROUNDS },
  },
  {
    spec: ONE_MP,
    target: false,
    plan: { inFlight: TARGET_IN_FLIGHT, warmup: 10, images: count(120, 20), rounds: ROUNDS },
  },
];

const IMPLEMENTATIONS = [processorImplementation, obviousBaseline, concurrentTunedBaseline] as const;

/** The processor code measured: commit, and uncommitted files in what the pipeline runs. */
function processorSource(): string {
  const cwd = fileURLToPath(new URL("../..", import.meta.url));
  const git = (...args: string[]) => execFileSync("git", args, { cwd, encoding: "utf8" }).trim();
  try {
    const paths = ["lambdas/processor/src", "image-record/src"];
    const dirty = git("status", "--porcelain", "--", ...paths)
      .split("\n")
      .filter(Boolean).length;
    return `${git("rev-parse", "--short", "HEAD")}${dirty > 0 ? ` + ${dirty} uncommitted files in ${paths.join(", ")}` : ""}`;
  } catch {
    return "unknown (not a git checkout)";
  }
}

async function main(): Promise<void> {
  // As the handler does: every original is new, the operation cache would only hold memory.
  sharp.cache(false);
  const loadBefore = loadavg()[0]!;
  const runs: OriginalRun[] = [];
  const originals = new Map<OriginalSpec, Original>();
  for (const { spec, target, plan } of RUNS) {
    const original = originals.get(spec) ?? (await loadOriginal(spec));
    originals.set(spec, original);
    const shown = spec.orientation >= 5 ? { width: spec.height, height: spec.width } : spec;
    const outputs = await checkOutputs(original.bytes, shown, IMPLEMENTATIONS);
    console.log(`${spec.name}, ${plan.inFlight} in flight: outputs checked; measuring…`);
    const run = await measureThroughput(original.bytes, IMPLEMENTATIONS, plan);
    for (const x of run.results) {
      console.log(
        `  ${x.name}: p50 ${x.p50.toFixed(0)} ms, p95 ${x.p95.toFixed(0)} ms, ${x.imagesPerSec.toFixed(3)} images/s, ` +
          `${x.cpuMsPerImage.toFixed(0)} CPU ms/image`,
      );
    }
    console.log(`  other processes: ${run.other.percent.toFixed(1)}% of the CPU`);
    runs.push({ original, target, plan, run, outputs });
  }
  const headline = runs.find((run) => run.target)!.original;
  console.log("where the time goes, encoder settings…");
  const costs = await measurePartCosts(headline.bytes, REPEATS);
  const decoded = await sharp(headline.bytes).rotate().raw().toBuffer({ resolveWithObject: true });
  const photos = [
    { name: headline.name, data: decoded.data, width: decoded.info.width, height: decoded.info.height },
    ...(await Promise.all(FIXTURE_PHOTOS.map(fixturePhoto))),
  ];
  const encoderResults = await measureEncoderOptions(photos, REPEATS);
  const machine = describeMachine();
  const section = renderProcessorSection({
    date: new Date().toISOString(),
    command,
    machine,
    versions: {
      sharp: sharp.versions.sharp ?? "?",
      libvips: sharp.versions.vips,
      mozjpeg: sharp.versions.mozjpeg ?? "?",
      webp: sharp.versions.webp ?? "?",
      png: sharp.versions.png ?? "?",
      zlib: sharp.versions["zlib-ng"] ?? "?",
    },
    sharpConcurrency: sharp.concurrency(),
    threadPool: process.env.UV_THREADPOOL_SIZE
      ? `UV_THREADPOOL_SIZE=${process.env.UV_THREADPOOL_SIZE}`
      : "4 threads (default)",
    source: processorSource(),
    load: { before: loadBefore, after: loadavg()[0]! },
    implementations: IMPLEMENTATIONS,
    processor: processorImplementation.name,
    baseline: obviousBaseline.name,
    runs,
    parts: { original: headline, costs },
    encoderOptions: { photos: photos.map((p) => p.name), results: encoderResults },
    encoderChoice: (option) => {
      const processor = uses(PROCESSOR_ENCODER_SETTINGS, option);
      const baseline = uses(SHARP_DEFAULTS, option);
      return processor && baseline ? "both" : processor ? "processor" : baseline ? "baseline" : "";
    },
  });
  console.log(`\n${section}\n`);
  if (options.write) {
    writeSection(SECTION, section);
    console.log(`Wrote the ${SECTION} section of ${BENCHMARKS_MD}.`);
  }
}

await main();
