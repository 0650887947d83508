import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { type ChecksumMode, createBucket, KEYSPACE, makeClient, runPhase } from "./load.ts";
import { startDarkroom, tempDir } from "./peers.ts";

/**
 * Where does a Darkroom request's time go? Runs sequential Puts and Gets against an
 * emulator started with --cpu-prof, then prints its hottest functions and files.
 *   node --import tsx bench/profile.ts [memory|persistent] [put|get|both|startup] [when-required]
 *   node --import tsx bench/profile.ts summarize <file.cpuprofile>   (e.g. this process's own)
 */

interface CpuNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface CpuProfile {
  nodes: CpuNode[];
  samples: number[];
  timeDeltas: number[];
}

const OPS = 2000;
const TOP = 40;

function shortUrl(url: string): string {
  const nm = url.lastIndexOf("node_modules/");
  if (nm >= 0) return url.slice(nm + "node_modules/".length);
  const src = url.indexOf("/emulator/");
  return src >= 0 ? url.slice(src + 1) : url || "(native)";
}

/** "@smithy/core", "emulator/src/auth", "node:internal/…" or "(native)". */
function packageOf(file: string): string {
  if (file.startsWith("emulator/")) return file.split("/").slice(0, 3).join("/");
  if (file.startsWith("node:") || file.startsWith("(")) return file.startsWith("node:") ? "node:*" : file;
  const parts = file.split("/");
  return parts[0]!.startsWith("@") ? `${parts[0]}/${parts[1]}` : parts[0]!;
}

/** Self time per function and per file, as percentages of all samples. */
export function summarize(path: string): string {
  const profile = JSON.parse(readFileSync(path, "utf8")) as CpuProfile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const selfUs = new Map<number, number>();
  profile.samples.forEach((id, i) => {
    selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
  });
  const total = [...selfUs.values()].reduce((a, b) => a + b, 0);
  const fns = new Map<string, number>();
  const files = new Map<string, number>();
  const packages = new Map<string, number>();
  for (const [id, us] of selfUs) {
    const f = byId.get(id)!.callFrame;
    const file = shortUrl(f.url);
    const fn = `${f.functionName || "(anonymous)"}  ${file}:${f.lineNumber + 1}`;
    fns.set(fn, (fns.get(fn) ?? 0) + us);
    files.set(file, (files.get(file) ?? 0) + us);
    const pkg = packageOf(file);
    packages.set(pkg, (packages.get(pkg) ?? 0) + us);
  }
  // Inclusive time of the emulator's own functions: each sample counts once per function on its stack.
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const inclusive = new Map<string, number>();
  for (const [id, us] of selfUs) {
    const seen = new Set<string>();
    for (let cur: number | undefined = id, depth = 0; cur !== undefined && depth < 200; depth++) {
      const f = byId.get(cur)!.callFrame;
      const file = shortUrl(f.url);
      if (file.startsWith("emulator/src/"))
        seen.add(`${f.functionName || "(anonymous)"}  ${file}:${f.lineNumber + 1}`);
      cur = parent.get(cur);
    }
    for (const k of seen) inclusive.set(k, (inclusive.get(k) ?? 0) + us);
  }
  const top = (m: Map<string, number>) =>
    [...m.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, TOP)
      .map(
        ([k, us]) =>
          `${((us / total) * 100).toFixed(1).padStart(5)}%  ${(us / 1000).toFixed(0).padStart(6)} ms  ${k}`,
      )
      .join("\n");
  return `total ${(total / 1000).toFixed(0)} ms sampled\n\n-- self time by function --\n${top(fns)}\n\n-- self time by file --\n${top(files)}\n\n-- self time by package --\n${top(packages)}\n\n-- inclusive time, emulator functions --\n${top(inclusive)}\n`;
}

async function profileServer(persist: boolean, ops: Array<"put" | "get">, checksums: ChecksumMode) {
  // With no operations this profiles startup alone: spawn to ready, then stop.
  const dir = tempDir("cpuprof");
  const peer = await startDarkroom(persist, ["--cpu-prof", `--cpu-prof-dir=${dir}`]);
  const client = makeClient(peer.url, checksums);
  try {
    if (ops.length > 0) {
      await createBucket(client, "prof");
      await runPhase(client, "prof", "put", KEYSPACE, 1, 30_000);
    }
    for (const op of ops) {
      const r = await runPhase(client, "prof", op, OPS, 1, 30_000);
      process.stdout.write(`${op}: p50 ${r.p50.toFixed(2)} ms, ${r.opsPerSec.toFixed(0)} ops/s\n`);
    }
  } finally {
    client.destroy();
    await peer.stop();
  }
  const file = readdirSync(dir).find((f) => f.endsWith(".cpuprofile"));
  if (!file) throw new Error(`no profile written in ${dir}`);
  process.stdout.write(`profile: ${join(dir, file)}\n${summarize(join(dir, file))}`);
}

const [mode = "memory", which = "both", checksums = "default"] = process.argv.slice(2);
if (mode === "summarize") {
  process.stdout.write(summarize(which));
} else {
  await profileServer(
    mode === "persistent",
    which === "both" ? ["put", "get"] : which === "startup" ? [] : [which as "put" | "get"],
    checksums === "when-required" ? "when-required" : "default",
  );
}
