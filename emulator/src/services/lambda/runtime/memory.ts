import { execFile } from "node:child_process";
import { readFile } from "node:fs/promises";
import { promisify } from "node:util";

const run = promisify(execFile);

const MIB = 1024 * 1024;

/**
 * The V8 flags AWS's Node bootstrap derives from the memory size: a tenth for the young
 * generation (each semi-space half of that), the rest for the old one. A function
 * that sets either size in NODE_OPTIONS gets neither, as on AWS.
 */
export function nodeMemoryFlags(memorySizeMb: number, nodeOptions = ""): string[] {
  if (/max[-_]semi[-_]space[-_]size|max[-_]old[-_]space[-_]size/.test(nodeOptions)) return [];
  const newSpace = Math.floor(memorySizeMb / 10);
  const semiSpace = Math.max(1, Math.floor(newSpace / 2));
  return [`--max-semi-space-size=${semiSpace}`, `--max-old-space-size=${memorySizeMb - newSpace}`];
}

export interface ResidentMemory {
  rssBytes: number;
  peakBytes: number;
}

/**
 * The resident set of a process: from /proc on Linux, from ps on other Unixes;
 * undefined on Windows or when the process is gone (memory is then bounded by the
 * V8 heap limit alone).
 */
export async function residentMemory(pid: number): Promise<ResidentMemory | undefined> {
  if (process.platform === "linux") return fromProc(pid);
  if (process.platform === "win32") return undefined;
  return fromPs(pid);
}

/** How often residentMemory() can be afforded: a file read on Linux, a process elsewhere. */
export const MEMORY_POLL_MS = process.platform === "linux" ? 20 : 100;

async function fromProc(pid: number): Promise<ResidentMemory | undefined> {
  let status: string;
  try {
    status = await readFile(`/proc/${pid}/status`, "utf8");
  } catch {
    return undefined;
  }
  const rss = kib(status, "VmRSS");
  if (rss === undefined) return undefined;
  return { rssBytes: rss, peakBytes: kib(status, "VmHWM") ?? rss };
}

/** ps has no peak: the watcher keeps the largest value it saw. */
export async function fromPs(pid: number): Promise<ResidentMemory | undefined> {
  try {
    const { stdout } = await run("ps", ["-o", "rss=", "-p", String(pid)]);
    const kb = Number(stdout.trim());
    if (!Number.isFinite(kb) || stdout.trim() === "") return undefined;
    return { rssBytes: kb * 1024, peakBytes: kb * 1024 };
  } catch {
    return undefined;
  }
}

function kib(status: string, field: string): number | undefined {
  const m = new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(status);
  return m ? Number(m[1]) * 1024 : undefined;
}

/** "Max Memory Used" is whole megabytes, never more than the function has. */
export function megabytesUsed(bytes: number, memorySizeMb: number): number {
  return Math.min(memorySizeMb, Math.max(1, Math.ceil(bytes / MIB)));
}

export function exceeds(bytes: number, memorySizeMb: number): boolean {
  return bytes > memorySizeMb * MIB;
}

/**
 * Polls a child's resident memory while user code runs and reports when it passes
 * the function's memory size, as Lambda's cgroup limit would. Keeps the peak seen.
 */
export class MemoryWatch {
  private readonly pid: number | undefined;
  private readonly memorySizeMb: number;
  private readonly onExceeded: () => void;
  private timer: NodeJS.Timeout | null = null;
  private polling = false;
  private peak = 0;

  private readonly read: (pid: number) => Promise<ResidentMemory | undefined>;

  constructor(
    pid: number | undefined,
    memorySizeMb: number,
    onExceeded: () => void,
    read: (pid: number) => Promise<ResidentMemory | undefined> = residentMemory,
  ) {
    this.pid = pid;
    this.read = read;
    this.memorySizeMb = memorySizeMb;
    this.onExceeded = onExceeded;
  }

  get peakBytes(): number {
    return this.peak;
  }

  start(): void {
    if (this.timer || this.pid === undefined) return;
    this.timer = setInterval(() => void this.poll(), MEMORY_POLL_MS);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  private async poll(): Promise<void> {
    if (this.polling || this.pid === undefined) return;
    this.polling = true;
    const memory = await this.read(this.pid);
    this.polling = false;
    if (!memory || !this.timer) return;
    this.peak = Math.max(this.peak, memory.peakBytes);
    if (exceeds(memory.peakBytes, this.memorySizeMb)) {
      this.stop();
      this.onExceeded();
    }
  }
}
