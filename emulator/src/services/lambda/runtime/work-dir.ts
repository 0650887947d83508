import { mkdir, mkdtemp, readdir, rm } from "node:fs/promises";
import { join } from "node:path";

/**
 * The Lambda runtime's private directory (code copies, each environment's TMPDIR, ~30 MB per
 * function) is named after the emulator's pid: `darkroom-lambda-<pid>-XXXXXX`. shutdown()
 * removes it, but an emulator that is SIGKILLed or crashes cannot, so each new one removes the
 * directories whose owner is no longer running before it makes its own.
 */
const PREFIX = "darkroom-lambda-";
const OWNED = /^darkroom-lambda-(\d+)-[A-Za-z0-9]{6}$/;

function running(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: alive, but another user's process.
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** Removes `baseDir`'s work directories whose emulator has exited; returns their names. */
export async function removeOrphanedWorkDirs(baseDir: string, isRunning = running): Promise<string[]> {
  const names = await readdir(baseDir).catch(() => [] as string[]);
  const orphaned = names.filter((name) => {
    const pid = OWNED.exec(name)?.[1];
    return pid !== undefined && Number(pid) !== process.pid && !isRunning(Number(pid));
  });
  await Promise.all(orphaned.map((name) => rm(join(baseDir, name), { recursive: true, force: true })));
  return orphaned;
}

/** Makes this process's work directory under `baseDir`, after clearing orphaned ones. */
export async function makeWorkDir(baseDir: string): Promise<string> {
  await mkdir(baseDir, { recursive: true });
  await removeOrphanedWorkDirs(baseDir);
  return mkdtemp(join(baseDir, `${PREFIX}${process.pid}-`));
}
