import { createBucket, makeClient, runOps } from "./load.ts";
import { type Peer, spawnPeer, startFloor } from "./peers.ts";
import { percentile } from "./stats.ts";

/**
 * A/B of sequential 100 KiB PutObject latency between emulator source trees, against the
 * durable floor, for changes too small for the full bench to tell apart:
 *   node --import tsx bench/ab-put.ts <a/src/cli.ts> [<b/src/cli.ts> ...]
 * Each target runs persistent with a temp state directory and gets 1,000 warm-up Puts; then
 * AB_ROUNDS (20) rounds of AB_PER (100) Puts rotate through the targets and the floor, so other
 * work on the machine lands on all of them alike. Per target: p50, and the median over rounds
 * of (its round p50 - the floor's), which moves less with the machine than either p50.
 */

const ROUNDS = Number(process.env.AB_ROUNDS ?? 20);
const PER = Number(process.env.AB_PER ?? 100);
const BUCKET = "abbench";

interface Target {
  name: string;
  peer: Peer;
  client: ReturnType<typeof makeClient>;
  latencies: number[];
  rounds: number[];
}

function startEmulator(cli: string): Promise<Peer> {
  return spawnPeer(["--import", "tsx", cli], /DARKROOM_READY (\S+)/, "ab", (dir) => ({
    DARKROOM_PORT: "0",
    DARKROOM_PERSIST: "1",
    DARKROOM_STATE_DIR: dir,
    DARKROOM_LOG_REQUESTS: "0",
  }));
}

function p50(latencies: readonly number[]): number {
  return percentile(
    [...latencies].sort((a, b) => a - b),
    50,
  );
}

const clis = process.argv.slice(2);
if (clis.length === 0) throw new Error("usage: ab-put.ts <src/cli.ts> [<src/cli.ts> ...]");
const targets: Target[] = [];
try {
  const peers: Array<[string, Peer]> = [];
  for (const cli of clis) peers.push([cli, await startEmulator(cli)]);
  peers.push(["floor, durable", await startFloor(true)]);
  for (const [name, peer] of peers) {
    targets.push({ name, peer, client: makeClient(peer.url, "default"), latencies: [], rounds: [] });
  }
  for (const t of targets) {
    await createBucket(t.client, BUCKET);
    await runOps(t.client, BUCKET, "put", 0, 1000, 1, 60_000);
  }
  for (let r = 0; r < ROUNDS; r++) {
    for (let k = 0; k < targets.length; k++) {
      const t = targets[(r + k) % targets.length]!;
      const run = await runOps(t.client, BUCKET, "put", r * PER, PER, 1, 60_000);
      t.latencies.push(...run.latencies);
      t.rounds.push(p50(run.latencies));
    }
  }
  const floor = targets.at(-1)!;
  for (const t of targets) {
    const over = t.rounds.map((x, i) => x - floor.rounds[i]!).sort((a, b) => a - b);
    const q = (f: number) => (over[Math.floor(f * (over.length - 1))]! * 1000).toFixed(0);
    process.stdout.write(
      `${t.name.padEnd(50)} p50 ${p50(t.latencies).toFixed(3)} ms, over the floor per round: ` +
        `median ${q(0.5)} µs (IQR ${q(0.25)}..${q(0.75)})\n`,
    );
  }
} finally {
  for (const t of targets) {
    t.client.destroy();
    await t.peer.stop();
  }
}
