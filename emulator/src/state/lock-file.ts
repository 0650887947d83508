import { link, readFile, rename, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";

/**
 * One emulator per state directory: two would interleave writes in the log.
 * The LOCK file holds the owner's pid; a lock whose process is gone (kill -9)
 * is taken over. Node has no flock(), so liveness is checked with signal 0.
 */
export async function acquireLock(dir: string): Promise<void> {
  const lock = join(dir, "LOCK");
  for (let attempt = 0; attempt < 20; attempt++) {
    try {
      await writeFile(lock, `${process.pid}\n`, { flag: "wx" });
      return;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
    }
    const holder = await readHolder(lock);
    if (holder === "gone") continue;
    if (holder === "unreadable" && attempt < 5) {
      // Created but not yet written by a process starting right now; give it a moment.
      await sleep(20);
      continue;
    }
    if (typeof holder === "number" && isOtherLiveProcess(holder)) throw inUse(dir, lock, holder);
    // Stale. Claim it by renaming, which only one of several racing processes can do.
    const claimed = `${lock}.stale-${process.pid}`;
    try {
      await rename(lock, claimed);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === "ENOENT") continue;
      throw err;
    }
    const claimedHolder = await readHolder(claimed);
    if (typeof claimedHolder === "number" && isOtherLiveProcess(claimedHolder)) {
      // We grabbed a lock another process took over a moment ago: hand it back.
      await link(claimed, lock).catch(() => undefined);
      await rm(claimed, { force: true });
      throw inUse(dir, lock, claimedHolder);
    }
    await rm(claimed, { force: true });
  }
  throw new Error(`could not lock state directory ${dir}: ${lock} keeps changing`);
}

/** Removes the lock if it is still ours. */
export async function releaseLock(dir: string): Promise<void> {
  const lock = join(dir, "LOCK");
  if ((await readHolder(lock)) === process.pid) await rm(lock, { force: true });
}

async function readHolder(path: string): Promise<number | "gone" | "unreadable"> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return "gone";
    throw err;
  }
  const pid = Number.parseInt(text.trim(), 10);
  return Number.isSafeInteger(pid) && pid > 0 ? pid : "unreadable";
}

/** Our own pid in a LOCK means a previous process that had the same pid (e.g. in a container). */
function isOtherLiveProcess(pid: number): boolean {
  if (pid === process.pid) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}

function inUse(dir: string, lock: string, pid: number): Error {
  return new Error(
    `state directory ${dir} is in use by process ${pid} (another Darkroom emulator?); ` +
      `stop it or set DARKROOM_STATE_DIR to another directory. If no such emulator runs, delete ${lock}`,
  );
}
