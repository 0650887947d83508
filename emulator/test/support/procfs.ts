import { existsSync, readdirSync, readFileSync } from "node:fs";

/** Linux's per-process and per-thread views; the tests that read them run only where they exist. */
export const HAS_PROCFS = existsSync("/proc/self/task");

/** A process's children, e.g. the emulator's inference process. */
export function childPids(pid: number): number[] {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, "utf8").split(" ").filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

/** Fields of /proc/…/stat after the command name (which may hold spaces), numbered as in proc(5). */
function statField(path: string, field: number): string | undefined {
  try {
    const stat = readFileSync(path, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2).split(" ")[field - 3];
  } catch {
    return undefined;
  }
}

/** The nice value of every thread of a process. */
export function threadNices(pid: number): number[] {
  return readdirSync(`/proc/${pid}/task`).map((tid) =>
    Number(statField(`/proc/${pid}/task/${tid}/stat`, 19)),
  );
}

/** True while the process exists and is not a zombie waiting to be reaped. */
export function isAlive(pid: number): boolean {
  const state = statField(`/proc/${pid}/stat`, 3);
  return state !== undefined && state !== "Z";
}
