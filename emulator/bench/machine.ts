import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
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

function packageVersion(name: string): string {
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
