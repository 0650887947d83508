import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { loadavg } from "node:os";
import { DetectLabelsCommand, RekognitionClient } from "@aws-sdk/client-rekognition";
import { CreateBucketCommand, GetObjectCommand, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import sharp from "sharp";
import { BENCHMARKS_MD, writeSection } from "./benchmarks-file.ts";
import { describeMachine } from "./machine.ts";
import { type Peer, startDarkroom } from "./peers.ts";
import { percentile } from "./stats.ts";

/**
 * npm run bench:rekognition: model load time, DetectLabels latency on 1 MP and 12 MP photos,
 * the emulator's peak memory, and S3 GET latency while four DetectLabels run. Writes its
 * section of BENCHMARKS.md (DARKROOM_BENCH_WRITE=0 only prints).
 */
const SECTION = "rekognition";
const FIXTURES = ["chelsea", "coffee", "astronaut"];
const WARM_CALLS = { "1 MP": 30, "12 MP": 12 };
const GETS_UNDER_LOAD = 400;
const TARGET_P50_1MP_MS = 500;
const TARGET_GET_P99_MS = 20;

const credentials = { accessKeyId: "test", secretAccessKey: "test" };

function fixture(name: string): Buffer {
  return readFileSync(new URL(`../test/fixtures/images/${name}.png`, import.meta.url));
}

/** A fixture photo at width × height as JPEG; upscaled ones get grain so they compress like real 12 MP photos. */
async function photo(name: string, width: number, height: number, grain: boolean): Promise<Buffer> {
  const resized = await sharp(fixture(name))
    .resize(width, height, { fit: "cover" })
    .removeAlpha()
    .raw()
    .toBuffer();
  if (grain) {
    const noise = randomBytes(resized.length);
    for (let i = 0; i < resized.length; i++)
      resized[i] = Math.min(255, Math.max(0, resized[i]! + (noise[i]! % 17) - 8));
  }
  return sharp(resized, { raw: { width, height, channels: 3 } })
    .jpeg({ quality: 85 })
    .toBuffer();
}

/** A package's version from its package.json in the root node_modules (some packages do not export it). */
function packageVersion(name: string): string {
  try {
    const path = new URL(`../../node_modules/${name}/package.json`, import.meta.url);
    return (JSON.parse(readFileSync(path, "utf8")) as { version?: string }).version ?? "?";
  } catch {
    return "?";
  }
}

/** Peak resident memory of a process (VmHWM), in MiB. */
function peakRssMiB(pid: number): number {
  const m = /^VmHWM:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
  return m ? Number(m[1]) / 1024 : Number.NaN;
}

/** The process's children (the inference process is the emulator's), from procfs. */
function childPids(pid: number): number[] {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, "utf8").split(" ").filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

/** A process's nice value, field 19 of /proc/<pid>/stat (after the command name in parentheses). */
function niceOf(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  return Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[16]);
}

const ms = (v: number) => `${v.toFixed(v < 10 ? 2 : 0)} ms`;

async function timed<T>(call: () => Promise<T>): Promise<[number, T]> {
  const start = performance.now();
  const out = await call();
  return [performance.now() - start, out];
}

async function main(): Promise<void> {
  const loadBefore = loadavg()[0]!;
  const darkroom: Peer = await startDarkroom(false);
  try {
    const config = { endpoint: darkroom.url, region: "us-east-1", credentials, maxAttempts: 1 };
    const s3 = new S3Client({ ...config, forcePathStyle: true });
    const rekognition = new RekognitionClient(config);
    const bucket = "rekognition-bench";
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
    const sizes = { "1 MP": [1152, 864], "12 MP": [4000, 3000] } as const;
    const keys: Record<keyof typeof sizes, string[]> = { "1 MP": [], "12 MP": [] };
    for (const [size, [w, h]] of Object.entries(sizes) as Array<
      [keyof typeof sizes, readonly [number, number]]
    >) {
      for (const name of FIXTURES) {
        const key = `${size.replace(" ", "")}/${name}.jpg`;
        const body = await photo(name, w, h, size === "12 MP");
        await s3.send(
          new PutObjectCommand({ Bucket: bucket, Key: key, Body: body, ContentType: "image/jpeg" }),
        );
        keys[size].push(key);
      }
    }
    const detect = (key: string) =>
      rekognition.send(new DetectLabelsCommand({ Image: { S3Object: { Bucket: bucket, Name: key } } }));

    // The first call starts the inference process and loads the models.
    const [coldMs] = await timed(() => detect(keys["1 MP"][0]!));
    const latencies: Record<string, number[]> = {};
    for (const size of Object.keys(sizes) as Array<keyof typeof sizes>) {
      latencies[size] = [];
      for (let i = 0; i < WARM_CALLS[size]; i++) {
        const [elapsed] = await timed(() => detect(keys[size][i % keys[size].length]!));
        latencies[size].push(elapsed);
      }
      latencies[size].sort((a, b) => a - b);
    }
    const warm1 = percentile(latencies["1 MP"]!, 50);
    const loadMs = coldMs - warm1;

    // S3 GETs alone, then with four DetectLabels calls kept in flight.
    const object = randomBytes(100 * 1024);
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: "object.bin", Body: object }));
    const get = async () => {
      const out = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: "object.bin" }));
      await out.Body!.transformToByteArray();
    };
    const getLatencies = async (count: number) => {
      const out: number[] = [];
      for (let i = 0; i < count; i++) out.push((await timed(get))[0]);
      return out.sort((a, b) => a - b);
    };
    for (let i = 0; i < 50; i++) await get();
    const idleGets = await getLatencies(GETS_UNDER_LOAD);
    let running = true;
    let inferences = 0;
    const workers = Array.from({ length: 4 }, async (_, n) => {
      for (let i = n; running; i++) {
        await detect(keys["1 MP"][i % 3]!);
        inferences++;
      }
    });
    const loadedGets = await getLatencies(GETS_UNDER_LOAD);
    running = false;
    await Promise.all(workers);
    const inference = childPids(darkroom.pid);
    const gatewayPeak = peakRssMiB(darkroom.pid);
    const inferencePeak = inference.reduce((sum, pid) => sum + peakRssMiB(pid), 0);
    const inferenceNice = inference.map(niceOf).join(", ") || "?";
    const loadAfter = loadavg()[0]!;

    const machine = describeMachine();
    const p = (size: string, q: number) => percentile(latencies[size]!, q);
    const body = `## Rekognition on local models

Generated by \`npm run bench:rekognition\` on ${new Date().toISOString()}. Every number in this
section comes from that run; rerun the command to refresh it (\`DARKROOM_BENCH_WRITE=0\` only prints).

- Machine: ${machine.cpu}, ${machine.cores} cores, ${machine.memoryGiB} GiB; ${machine.os}; Node ${machine.node}.
- @vladmandic/human ${packageVersion("@vladmandic/human")}, @tensorflow/tfjs-backend-wasm ${packageVersion("@tensorflow/tfjs-backend-wasm")} (CPU, wasm), sharp ${packageVersion("sharp")}; emulator source ${machine.source}.
- Load average (1 min) before the run: ${loadBefore.toFixed(2)}; after: ${loadAfter.toFixed(2)}.

### Method

- Darkroom runs as \`npm run emulator\` does (\`DARKROOM_PERSIST=0\`, request log off); the SDK clients run in the bench process.
- Inputs are the three fixture photos (\`emulator/test/fixtures/images\`) as JPEG (quality 85): 1152x864 (1 MP) and
  4000x3000 (12 MP, upscaled with grain so they weigh what camera photos do), read by DetectLabels through \`Image.S3Object\`.
- Cold: the first DetectLabels after start (inference process start, model load, first inference); model load is that minus the warm 1 MP p50.
- Warm: ${WARM_CALLS["1 MP"]} sequential calls at 1 MP and ${WARM_CALLS["12 MP"]} at 12 MP, rotating through the photos.
- Gateway while inferring: ${GETS_UNDER_LOAD} sequential GetObject of 100 KiB, first alone, then while four DetectLabels
  calls are kept in flight (${inferences} inferences ran meanwhile).
- Inference runs in a child process of the emulator at nice ${inferenceNice} (the gateway runs at ${niceOf(darkroom.pid)}); DetectLabels
  calls queue in the gateway and reach it one at a time.
- Peak memory is VmHWM (peak RSS) at the end: the emulator process's, and its inference process's.

### Results

| measure | value | target |
|---|---|---|
| model load (cold call − warm p50) | ${ms(loadMs)} | |
| first DetectLabels (cold) | ${ms(coldMs)} | |
| DetectLabels 1 MP p50 / p95 | ${ms(p("1 MP", 50))} / ${ms(p("1 MP", 95))} | p50 < ${TARGET_P50_1MP_MS} ms: ${p("1 MP", 50) < TARGET_P50_1MP_MS ? "met" : "missed"} |
| DetectLabels 12 MP p50 / p95 | ${ms(p("12 MP", 50))} / ${ms(p("12 MP", 95))} | |
| S3 GET p50 / p99, idle | ${ms(percentile(idleGets, 50))} / ${ms(percentile(idleGets, 99))} | |
| S3 GET p50 / p99, 4 DetectLabels in flight | ${ms(percentile(loadedGets, 50))} / ${ms(percentile(loadedGets, 99))} | p99 < ${TARGET_GET_P99_MS} ms: ${percentile(loadedGets, 99) < TARGET_GET_P99_MS ? "met" : "missed"} |
| peak memory (RSS): gateway + inference process | ${gatewayPeak.toFixed(0)} + ${inferencePeak.toFixed(0)} = ${(gatewayPeak + inferencePeak).toFixed(0)} MiB | |
`;
    console.log(body);
    if (process.env.DARKROOM_BENCH_WRITE !== "0") {
      writeSection(SECTION, body);
      console.log(`written to ${BENCHMARKS_MD}`);
    }
  } finally {
    await darkroom.stop();
  }
}

await main();
