import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { cpus, release, totalmem } from "node:os";
import { fileURLToPath } from "node:url";

/** What a run was measured on, so numbers are never read without their machine. */
export interface Machine {
  cpu: string;
  cores: number;
  memoryGiB: number;
  os: string;
  node: string;
  sdk: string;
  s3rver: string;
  /** The emulator source measured: commit, and whether emulator/src had uncommitted changes. */
  source: string;
}

function readOr(path: string, fallback: string): string {
  try {
    return readFileSync(path, "utf8");
  } catch {
    return fallback;
  }
}

/** The installed version of a package, as the bench resolves it; "?" when missing. */
export function packageVersion(name: string): string {
  try {
    const require = createRequire(import.meta.url);
    const pkg = require(`${name}/package.json`) as { version?: string };
    return pkg.version ?? "?";
  } catch {
    return "?";
  }
}

export function describeMachine(): Machine {
  const cpu = /^model name\s*:\s*(.+)$/m.exec(readOr("/proc/cpuinfo", ""))?.[1] ?? cpus()[0]?.model ?? "?";
  const distro = /^PRETTY_NAME="?([^"\n]+)"?$/m.exec(readOr("/etc/os-release", ""))?.[1] ?? process.platform;
  return {
    cpu: cpu.trim(),
    cores: cpus().length,
    memoryGiB: Math.round((totalmem() / 1024 ** 3) * 10) / 10,
    os: `${distro}, kernel ${release()}`,
    node: process.version,
    sdk: `@aws-sdk/client-s3 ${packageVersion("@aws-sdk/client-s3")}`,
    s3rver: `s3rver ${packageVersion("s3rver")}`,
    source: sourceRevision(),
  };
}

function sourceRevision(): string {
  const git = (...args: string[]) =>
    execFileSync("git", args, {
      cwd: fileURLToPath(new URL("..", import.meta.url)),
      encoding: "utf8",
    }).trim();
  try {
    const dirty = git("status", "--porcelain", "--", "src").split("\n").filter(Boolean).length;
    return `${git("rev-parse", "--short", "HEAD")}${dirty > 0 ? ` + ${dirty} uncommitted files in emulator/src` : ""}`;
  } catch {
    return "unknown (not a git checkout)";
  }
}

/** CPU milliseconds (user + system) a process has used so far, from /proc; NaN where unavailable. */
export function processCpuMs(pid: number): number {
  const stat = readOr(`/proc/${pid}/stat`, "");
  // Fields after the parenthesised command name; utime and stime are the 12th and 13th of them.
  const rest = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  const ticks = Number(rest[11]) + Number(rest[12]);
  return stat === "" ? Number.NaN : (ticks * 1000) / CLOCK_TICKS_PER_SEC;
}

/** The fields of /proc/<pid>/stat after the parenthesised command name; [] when gone. */
function statFields(pid: number): string[] {
  const stat = readOr(`/proc/${pid}/stat`, "");
  return stat === "" ? [] : stat.slice(stat.lastIndexOf(")") + 2).split(" ");
}

/**
 * CPU milliseconds used so far by a process and everything below it: the live
 * descendants' own time plus what reaped ones left in their parents' cutime/cstime.
 * Lambda's execution environments are children of the emulator, so this is the
 * emulator's whole cost. NaN when the process is gone.
 */
export function processTreeCpuMs(pid: number): number {
  const parents = new Map<number, number[]>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    const ppid = Number(statFields(Number(entry))[1]);
    if (!Number.isFinite(ppid)) continue;
    const siblings = parents.get(ppid) ?? [];
    siblings.push(Number(entry));
    parents.set(ppid, siblings);
  }
  let total = 0;
  const pending = [pid];
  while (pending.length > 0) {
    const next = pending.pop()!;
    const fields = statFields(next);
    if (fields.length === 0) {
      if (next === pid) return Number.NaN;
      continue;
    }
    // utime, stime, cutime, cstime are the 12th to 15th fields after the name.
    total += Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14]);
    pending.push(...(parents.get(next) ?? []));
  }
  return (total * 1000) / CLOCK_TICKS_PER_SEC;
}

/** CPU time used by processes other than the bench and its servers over a stretch of the run. */
export interface OtherCpu {
  ms: number;
  /** Share of all cores' time over the stretch. */
  percent: number;
}

/**
 * Starts measuring what the rest of the machine uses: all cores' capacity minus idle
 * time minus `ours()` (the bench's own processes). Call the result at the end.
 */
export function otherCpuMeter(ours: () => number): () => OtherCpu {
  const idle0 = machineIdleMs();
  const ours0 = ours();
  const wall0 = performance.now();
  return () => {
    const capacity = (performance.now() - wall0) * cpus().length;
    const other = capacity - (machineIdleMs() - idle0) - (ours() - ours0);
    return { ms: other, percent: (other / capacity) * 100 };
  };
}

/** The bench process's own CPU milliseconds so far. */
export function selfCpuMs(): number {
  const used = process.cpuUsage();
  return (used.user + used.system) / 1000;
}

/**
 * Milliseconds all cores together spent idle (idle + iowait in /proc/stat). The kernel
 * measures idle time exactly even when ticks are skipped, unlike its busy counters.
 */
export function machineIdleMs(): number {
  const line = /^cpu\s+(.+)$/m.exec(readOr("/proc/stat", ""))?.[1];
  if (!line) return Number.NaN;
  const [, , , idle = 0, iowait = 0] = line.split(/\s+/).map(Number);
  return ((idle + iowait) * 1000) / CLOCK_TICKS_PER_SEC;
}

/** USER_HZ is 100 on every mainstream Linux build. */
const CLOCK_TICKS_PER_SEC = 100;
