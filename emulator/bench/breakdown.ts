import { readFileSync, rmSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { createBucket, KEYSPACE, makeClient, runPhase } from "./load.ts";
import { spawnPeer, tempDir } from "./peers.ts";
import { percentile } from "./stats.ts";

/**
 * Where a sequential request's server time goes, stage by stage (median and p99, ms):
 *   node --import tsx bench/breakdown.ts [memory|persistent] [no-fsync|sync-io]
 * The server is breakdown-main.ts: the emulator in its own process with timers around each stage.
 */

const MAIN = fileURLToPath(new URL("./breakdown-main.ts", import.meta.url));
const OPS = 2000;
const persist = process.argv[2] === "persistent";
const experiment = process.argv[3] ?? "";
const outDir = tempDir("breakdown");
const out = `${outDir}/samples.json`;
const peer = await spawnPeer(["--import", "tsx", MAIN], /DARKROOM_READY (\S+)/, "breakdown-state", (dir) => ({
  BREAKDOWN_PERSIST: persist ? "1" : "0",
  BREAKDOWN_STATE_DIR: dir,
  BREAKDOWN_OUT: out,
  BREAKDOWN_SKIP_DATASYNC: experiment === "no-fsync" ? "1" : "0",
  BREAKDOWN_SYNC_IO: experiment === "sync-io" ? "1" : "0",
}));
const client = makeClient(peer.url, "default");
const lines: string[] = [];
try {
  await createBucket(client, "breakdown");
  await runPhase(client, "breakdown", "put", KEYSPACE, 1, 30_000);
  for (const op of ["put", "get"] as const) {
    const r = await runPhase(client, "breakdown", op, OPS, 1, 30_000);
    lines.push(`client ${op}: p50 ${r.p50.toFixed(3)} ms, p99 ${r.p99.toFixed(3)} ms`);
  }
} finally {
  client.destroy();
  await peer.stop();
}
const samples = JSON.parse(readFileSync(out, "utf8")) as Record<string, Record<string, number[]>>;
rmSync(outDir, { recursive: true, force: true });
process.stdout.write(
  `${persist ? "persistent" : "in-memory"}${experiment ? ` (${experiment})` : ""}\n${lines.join("\n")}\n`,
);
for (const [method, stages] of Object.entries(samples)) {
  process.stdout.write(`server ${method} (${stages.total?.length ?? 0} requests), p50 / p99 ms:\n`);
  for (const [stage, ms] of Object.entries(stages)) {
    const sorted = [...ms].sort((a, b) => a - b);
    process.stdout.write(
      `  ${stage.padEnd(12)} ${percentile(sorted, 50).toFixed(3)} / ${percentile(sorted, 99).toFixed(3)}\n`,
    );
  }
}
