import { readdirSync } from "node:fs";
import { getPriority, setPriority } from "node:os";

/**
 * How much the inference process defers to the gateway: 10 nice levels below it gives it about
 * a tenth of a core whenever the gateway wants the same one, and all of it when the gateway is idle.
 */
const NICE_BELOW_GATEWAY = 10;
const LOWEST_PRIORITY = 19;

/** The nice value for the inference process: 10 below this (the gateway's) process, at most 19. */
export function inferenceNice(): number {
  return Math.min(LOWEST_PRIORITY, getPriority() + NICE_BELOW_GATEWAY);
}

/**
 * Sets every thread of this process to `nice`. Linux keeps a nice value per thread and threads
 * inherit it from the thread that starts them, so the threads Node started before this runs
 * (V8's platform workers) are set one by one; later ones (libuv's pool, libvips) inherit it.
 * Elsewhere the call applies to the whole process.
 */
export function setOwnPriority(nice: number): void {
  let threads: number[] = [];
  try {
    threads = readdirSync("/proc/self/task").map(Number).filter(Number.isInteger);
  } catch {
    // No procfs: not Linux.
  }
  if (threads.length === 0) {
    trySetPriority(0, nice);
    return;
  }
  for (const tid of threads) trySetPriority(tid, nice);
}

/** Best effort: a thread may have ended meanwhile, and some platforms refuse. */
export function trySetPriority(id: number, nice: number): void {
  try {
    setPriority(id, nice);
  } catch {
    // Running at the gateway's priority is slower for the gateway, not wrong.
  }
}
