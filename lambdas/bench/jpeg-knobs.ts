/**
 * mozjpeg's other knobs at the `compressed` spec (q85, trellis on), on the bench's 12 MP original's
 * decoded pixels: does any of them buy back the time trellis quantisation costs? One encode at a
 * time on one libvips thread; the median CPU time of 5 runs after one unmeasured run, so load
 * from elsewhere moves it less than wall time. Prints a Markdown table; writes nothing.
 *
 *   npm run bench:processor:jpeg
 */
import { cpus } from "node:os";
import sharp, { type JpegOptions } from "sharp";
import { MOZJPEG_OPTIMISE_SCANS } from "../processor/src/pipeline/encode-variant.ts";
import { loadOriginal } from "./originals.ts";

const RUNS = 5;
const PROCESSOR: JpegOptions = { quality: 85, mozjpeg: true, optimiseScans: MOZJPEG_OPTIMISE_SCANS };
const SETTINGS: { name: string; options: JpegOptions }[] = [
  { name: "processor's (trellis, no scan optimisation)", options: PROCESSOR },
  { name: "+ progressive", options: { ...PROCESSOR, progressive: true } },
  { name: "+ scan optimisation (sharp's mozjpeg preset)", options: { ...PROCESSOR, optimiseScans: true } },
  { name: "− overshoot deringing", options: { ...PROCESSOR, overshootDeringing: false } },
  { name: "− Huffman optimisation", options: { ...PROCESSOR, optimiseCoding: false } },
  { name: "quantisation table 0 (libjpeg's)", options: { ...PROCESSOR, quantisationTable: 0 } },
  {
    name: "− trellis quantisation (outside the spec)",
    options: { ...PROCESSOR, trellisQuantisation: false },
  },
];

const cpuMs = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};

async function main(): Promise<void> {
  sharp.cache(false);
  sharp.concurrency(1);
  const original = await loadOriginal({ name: "12 MP", width: 4000, height: 3000, orientation: 1 });
  const { data, info } = await sharp(original.bytes)
    .rotate()
    .toColourspace("srgb")
    .raw()
    .toBuffer({ resolveWithObject: true });
  const raw = { raw: { width: info.width, height: info.height, channels: info.channels } };
  console.log(
    `12 MP original (${info.width}x${info.height}), ${cpus().length} cores, Node ${process.version}`,
  );
  console.log("\n| setting | CPU ms (median) | KiB |\n| --- | --- | --- |");
  for (const { name, options } of SETTINGS) {
    const times: number[] = [];
    let bytes = 0;
    for (let run = 0; run <= RUNS; run += 1) {
      const started = cpuMs();
      bytes = (await sharp(data, raw).jpeg(options).toBuffer()).length;
      if (run > 0) times.push(cpuMs() - started);
    }
    times.sort((a, b) => a - b);
    console.log(`| ${name} | ${times[Math.floor(RUNS / 2)]!.toFixed(0)} | ${(bytes / 1024).toFixed(0)} |`);
  }
}

await main();
